// Forward keyset pagination, the one implementation behind every connection: a page of rows in a
// fixed total order, after the row whose sort key a cursor holds, plus a count run only if asked.
import { and, asc, count, desc, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/index.js';

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  /** All rows under the filter, counted only when called. */
  count: () => Promise<number>;
}

export interface KeysetQuery<T extends PgTable> {
  table: T;
  where: SQL[];
  /** The sort key, unique over the table (its last column is the id). */
  keys: readonly PgColumn[];
  direction: 'asc' | 'desc';
  first: number;
  /** The sort key of the last row of the previous page. */
  after?: readonly (string | number)[];
}

/** (k1 > v1) or (k1 = v1 and ((k2 > v2) or …)): each column compared with its own type. */
function afterKey(keys: readonly PgColumn[], values: readonly (string | number)[], direction: 'asc' | 'desc'): SQL {
  const beyond = direction === 'asc' ? gt : lt;
  let condition = beyond(keys[keys.length - 1]!, values[keys.length - 1]);
  for (let i = keys.length - 2; i >= 0; i--) condition = or(beyond(keys[i]!, values[i]), and(eq(keys[i]!, values[i]), condition))!;
  return condition;
}

export async function keysetPage<T extends PgTable>(db: Db, q: KeysetQuery<T>): Promise<Page<T['$inferSelect']>> {
  const pageWhere = q.after ? [...q.where, afterKey(q.keys, q.after, q.direction)] : q.where;
  const order = q.keys.map((k) => (q.direction === 'asc' ? asc(k) : desc(k)));
  // Named prepared statements (docs/benchmarks.md, issue 14): PostgreSQL parses each text once per connection,
  // and postgres.js sends one round trip per page instead of describe-then-execute.
  const rows = (await db
    .select()
    .from(q.table as PgTable)
    .where(and(...pageWhere))
    .orderBy(...order)
    .limit(q.first + 1)
    .prepare('keyset_page')
    .execute()) as T['$inferSelect'][];
  return {
    rows: rows.slice(0, q.first),
    hasNextPage: rows.length > q.first,
    count: async () =>
      Number((await db.select({ n: count() }).from(q.table as PgTable).where(and(...q.where)).prepare('keyset_count').execute())[0]?.n ?? 0),
  };
}
