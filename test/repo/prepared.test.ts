// The statements every roster search runs (the token lookup, the page, its count) are named
// prepared statements on PostgreSQL: parsed once per connection, and sent by postgres.js in one
// round trip instead of describe-then-execute (docs/benchmarks.md, "GraphQL per-request cost").
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/index.js';
import { rowsOf } from '../../server/db/rows.js';
import { expertFilterSchema, parseInput } from '../../server/domain/validation.js';
import { findExperts } from '../../server/repo/experts.js';
import { liveTokenByHash } from '../../server/repo/tokens.js';
import { cloneDatabase, usingPostgres } from '../support/harness.js';

describe('prepared statements', () => {
  // PGlite runs in-process: no protocol round trips to save, and no pg_prepared_statements per connection.
  it.skipIf(!usingPostgres)('the roster page, its count and the token lookup stay prepared on their connection (PostgreSQL)', async () => {
    const { database, url, drop } = await cloneDatabase();
    await database.close();
    // One connection, so that pg_prepared_statements (per session) sees every statement.
    const one = await openDatabase({ databaseUrl: url, poolSize: 1 });
    try {
      const filter = parseInput(expertFilterSchema, { search: 'a', languages: [{ code: 'fr', minProficiency: 'WORKING' }] }, ['filter']);
      const page = await findExperts(one.db, filter, 5);
      await page.count();
      expect(await liveTokenByHash(one.db, '0'.repeat(64))).toBeUndefined();
      const prepared = rowsOf<{ statement: string }>(await one.db.execute(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
      expect(prepared.some((s) => /from "experts"/.test(s) && /order by "experts"\."name_key"/.test(s) && /limit \$\d+/.test(s))).toBe(true);
      expect(prepared.some((s) => /select count\(\*\) from "experts"/.test(s))).toBe(true);
      expect(prepared.some((s) => /from "api_tokens"/.test(s))).toBe(true);
    } finally {
      await one.close();
      await drop();
    }
  });
});
