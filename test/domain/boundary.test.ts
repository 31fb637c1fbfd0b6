// The domain is plain TypeScript: nothing under server/domain/ may import GraphQL, the database,
// the HTTP server, or the layers built on them. The GraphQL layer imports the domain, never the reverse.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const domain = fileURLToPath(new URL('../../server/domain', import.meta.url));
const FORBIDDEN = [/^graphql/, /^@pothos\//, /^drizzle-orm/, /^postgres$/, /^@electric-sql\//, /^fastify/, /^@fastify\//, /\/graphql\//, /\/repo\//, /\/db\//, /\.\.\/\.\.\/schema/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it('server/domain imports no GraphQL, database or HTTP code', () => {
  const all = files(domain);
  expect(all.length).toBeGreaterThan(10);
  const offences: string[] = [];
  for (const file of all) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      if (FORBIDDEN.some((re) => re.test(spec!))) offences.push(`${file.slice(domain.length + 1)} imports ${spec}`);
    }
  }
  expect(offences).toEqual([]);
});
