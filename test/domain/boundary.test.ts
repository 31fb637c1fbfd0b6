// The domain is plain TypeScript: nothing under server/domain/ may import GraphQL, the database,
// the HTTP server, or the layers built on them. The GraphQL layer imports the domain, never the reverse.
// One exception: `import type` from schema/index.ts, for the closed sets (the enums' unions); it is
// erased at compile time, so no database code is loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const domain = fileURLToPath(new URL('../../server/domain', import.meta.url));
const FORBIDDEN = [/^graphql/, /^@pothos\//, /^drizzle-orm/, /^postgres$/, /^@electric-sql\//, /^fastify/, /^@fastify\//, /\/graphql\//, /\/repo\//, /\/db\//, /\.\.\/\.\.\/schema/];

const TYPE_ONLY_SCHEMA = /^(?:import|export) type\s/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it('server/domain imports no GraphQL, database or HTTP code', () => {
  const all = files(domain);
  expect(all.length).toBeGreaterThan(10);
  const offences: string[] = [];
  for (const file of all) {
    for (const [statement, spec] of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      if (TYPE_ONLY_SCHEMA.test(statement) && /\/schema\/index\.js$/.test(spec!)) continue;
      if (FORBIDDEN.some((re) => re.test(spec!))) offences.push(`${file.slice(domain.length + 1)} imports ${spec}`);
    }
  }
  expect(offences).toEqual([]);
});
