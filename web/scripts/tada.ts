// Writes src/graphql-env.d.ts, the schema that gql.tada types every document against, from the
// repository's schema.graphql (`npm run web:schema`; test/web/documents.test.ts checks it is
// current). gql.tada's own CLI reads tsconfig.json through the TypeScript 5 JS API, which
// TypeScript 7 (this repository's compiler) does not have, so this calls its library directly.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFromSDL, outputIntrospectionFile, minifyIntrospection } from '@gql.tada/internal';

export const SCHEMA = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../src/graphql-env.d.ts', import.meta.url));

export async function tadaEnv(): Promise<string> {
  const loader = loadFromSDL({ file: SCHEMA, assumeValid: true });
  const result = await loader.load();
  if (!result) throw new Error(`gql.tada could not read ${SCHEMA}`);
  return outputIntrospectionFile(minifyIntrospection(result.introspection), { fileType: '.d.ts', shouldPreprocess: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await tadaEnv();
  if (readFileSync(OUTPUT, { encoding: 'utf8', flag: 'a+' }) !== text) writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT} from ${SCHEMA}`);
}
