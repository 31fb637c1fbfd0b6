// The served schema: (1) the committed schema.graphql is the printed schema, so that a change to the
// API shows in review; (2) every operation of the public contract validates against it, except the
// PENDING ones whose server side has not landed yet. No database needed.
import { existsSync, readFileSync } from 'node:fs';
import { Kind, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema, schema } from '../../server/graphql/schema.js';
import { contractDocument as contract, contractOperations as operations, contractSource, PENDING } from '../support/contract.js';


const committedPath = new URL('../../schema.graphql', import.meta.url);
/** The published contract, when this checkout sits beside it (development machines); a clone alone has none. */
const publishedPath = new URL('../../../shared/contract/operations.graphql', import.meta.url);
const single = (op: OperationDefinitionNode): DocumentNode => ({ kind: Kind.DOCUMENT, definitions: [op] });

describe('schema.graphql', () => {
  it('is the printed schema (run `npm run schema:print` after changing the API)', () => {
    let committed: string;
    try {
      committed = readFileSync(committedPath, 'utf8');
    } catch {
      throw new Error('schema.graphql is missing: run `npm run schema:print` and commit it.');
    }
    const printed = printedSchema();
    // Point at the first differing line; toBe shows the full diff.
    const a = committed.split('\n');
    const b = printed.split('\n');
    const at = a.findIndex((l, i) => l !== b[i]);
    const where = at < 0 ? `past line ${a.length}` : `at line ${at + 1}`;
    expect(printed, `schema.graphql is stale ${where}: run \`npm run schema:print\` and commit the result.`).toBe(committed);
  });
});

describe('the contract operations', () => {
  it('are the published ones, when ../shared/contract is beside this checkout', () => {
    if (!existsSync(publishedPath)) {
      console.warn('schema.test: ../shared/contract/operations.graphql is not beside this checkout; test/contract/operations.graphql was not compared with it.');
      return;
    }
    expect(contractSource, 'test/contract/operations.graphql differs from ../shared/contract/operations.graphql: copy it over').toBe(readFileSync(publishedPath, 'utf8'));
  });

  it('are all named, uniquely, with no fragments to resolve', () => {
    expect(operations.length).toBeGreaterThan(15);
    const names = operations.map((op) => op.name?.value);
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(contract.definitions.length).toBe(operations.length);
  });

  it('PENDING names only operations that exist in the contract', () => {
    const names = new Set(operations.map((op) => op.name!.value));
    for (const [name, issue] of PENDING) {
      expect(names.has(name), `${name} is not in operations.graphql`).toBe(true);
      expect(issue, `${name}: say which issue builds it`).toMatch(/^issue \d+: /);
    }
  });

  const served = operations.filter((op) => !PENDING.has(op.name!.value));
  it.each(served.map((op) => [op.name!.value, op] as const))('%s validates against the schema', (_name, op) => {
    const errors = validate(schema, single(op));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  for (const op of operations.filter((o) => PENDING.has(o.name!.value))) {
    it(`${op.name!.value} is PENDING (${PENDING.get(op.name!.value)}) and does not validate yet: remove it from PENDING once it does`, () => {
      expect(validate(schema, single(op)).length).toBeGreaterThan(0);
    });
  }
});
