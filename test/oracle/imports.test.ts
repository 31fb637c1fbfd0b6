// The oracle must stay independent of the code it checks: no file under test/oracle/ may import
// (statically, dynamically or by require) anything under server/, nor anything outside
// test/oracle/ that could pull server code in (bench/, seed/, test/support/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

export function foreignImports(source: string): string[] {
  const bad: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[1]!;
    // Relative imports must stay inside test/oracle/; bare ones may name packages only.
    if (spec.startsWith('.') ? spec.startsWith('..') : /(^|\/)(server|bench|seed|schema)(\/|$)/.test(spec)) bad.push(spec);
  }
  return bad;
}

describe('test/oracle imports nothing from the code it checks', () => {
  it('detects the forms of import it is meant to refuse', () => {
    expect(foreignImports(`import { x } from '../../server/domain/matching/index.js';`)).toEqual(['../../server/domain/matching/index.js']);
    expect(foreignImports(`const m = await import("../domain/x.js")`)).toEqual(['../domain/x.js']);
    expect(foreignImports(`import '../../bench/lib/roster.js';`)).toEqual(['../../bench/lib/roster.js']);
    expect(foreignImports(`export { y } from '../support/fixtures.js';`)).toEqual(['../support/fixtures.js']);
    expect(foreignImports(`import fc from 'fast-check'; import { z } from './oracle.js';`)).toEqual([]);
  });

  // This file is the checker: its examples above are strings, not imports, so it is not scanned.
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'imports.test.ts');
  it('has files to check', () => expect(files).toContain('oracle.ts'));
  it.each(files)('%s', (file) => {
    expect(foreignImports(readFileSync(join(DIR, file), 'utf8'))).toEqual([]);
  });
});
