// The console's GraphQL documents against the schema (docs/console.md): every graphql(`…`) in
// web/src must validate against schema.graphql, and web/src/graphql-env.d.ts (what gql.tada types
// them with) must be the one generated from the current schema.graphql.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, specifiedRules, validate, NoUnusedFragmentsRule, Kind, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OUTPUT, SCHEMA, tadaEnv } from '../../web/scripts/tada.js';

const SRC = fileURLToPath(new URL('../../web/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The text of every graphql(`…`) call (documents are plain template literals, no interpolation). */
export function documentsIn(source: string): string[] {
  return [...source.matchAll(/\bgraphql\(\s*`([^`]*)`/g)].map((match) => match[1]!);
}

describe('console documents', () => {
  const schema = buildSchema(readFileSync(SCHEMA, 'utf8'));
  const documents = sourceFiles(SRC).flatMap((file) => documentsIn(readFileSync(file, 'utf8')).map((text) => ({ file, text })));
  const fragments: DefinitionNode[] = documents.flatMap(({ text }) => parse(text).definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION));
  const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

  it('finds the documents in web/src', () => {
    expect(documentsIn('const Q = graphql(`query Q { me { role } }`);')).toEqual(['query Q { me { role } }']);
  });

  it('validates every document in web/src against schema.graphql', () => {
    const failures = documents.flatMap(({ file, text }) => {
      const own = parse(text);
      const ownFragments = new Set(own.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
      const others = fragments.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION && !ownFragments.has(d.name.value));
      const errors = validate(schema, { kind: Kind.DOCUMENT, definitions: [...own.definitions, ...others] }, rules);
      return errors.map((error) => `${file.slice(SRC.length + 1)}: ${error.message}`);
    });
    expect(failures).toEqual([]);
  });

  it('types documents with the introspection of the current schema.graphql (npm run web:schema)', async () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(await tadaEnv());
  });

  it('a wrong field fails validation', () => {
    expect(validate(schema, parse('query { me { rolee } }'), rules).map((e) => e.message)).toEqual([expect.stringContaining('rolee')]);
  });
});
