// Helpers for hand-written SQL (db.execute): reading its rows, and passing a list of values.
import { sql, type SQL } from 'drizzle-orm';

// db.execute returns { rows } on PGlite and an array on postgres.js; this reads both.
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** `(v1, v2, …)` with each value a parameter, for `x in …` in hand-written SQL. */
export function inList(values: readonly string[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}
