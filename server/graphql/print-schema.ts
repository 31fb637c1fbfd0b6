// Writes the printed SDL to schema.graphql (`npm run schema:print`); a test fails when it drifts.
import { writeFileSync } from 'node:fs';
import { fromRoot } from '../root.js';
import { printedSchema } from './schema.js';

const target = fromRoot('schema.graphql');
writeFileSync(target, printedSchema());
console.log(`wrote ${target}`);
