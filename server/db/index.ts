// Opens the database: embedded PGlite by default, PostgreSQL (postgres.js) when DATABASE_URL is
// set. Both run the same migrations and are used through one drizzle type.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../../schema/index.js';
import { fromRoot } from '../root.js';
import { rowsOf } from './rows.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export { schema };

export const migrationsFolder = fromRoot('migrations');

/** What the SQL logger sees of the request running a statement: its logger (with the request id) and counters. */
export interface SqlScope {
  log?: { debug(obj: object, msg: string): void };
  statements?: string[];
}

const sqlScope = new AsyncLocalStorage<SqlScope>();
let statementsTotal = 0;

const scopedLogger: Logger = {
  logQuery(query: string, params: unknown[]) {
    statementsTotal += 1;
    const scope = sqlScope.getStore();
    if (!scope) return;
    scope.statements?.push(query);
    scope.log?.debug({ sql: query, params: params.length }, 'sql');
  },
};

/** Runs `fn` so that every SQL statement it issues is logged through `log` (the request's logger). */
export function withSqlScope<T>(scope: SqlScope, fn: () => T): T {
  return sqlScope.run({ ...sqlScope.getStore(), ...scope }, fn);
}

/** Statements issued by this process so far (a Prometheus counter). */
export function statementCount(): number {
  return statementsTotal;
}

/** Counts the SQL statements issued inside `fn`, for the N+1 tests. */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  const result = await withSqlScope({ statements }, fn);
  return { result, count: statements.length, statements };
}

export interface Database {
  db: Db;
  /**
   * Where the reports run (server/repo/reports.ts): a read-only pool on READ_DATABASE_URL, a replica
   * that may lag behind `db`, when that is set; else `db` itself. Nothing else reads it, nothing writes it.
   */
  reportsDb: Db;
  kind: 'pglite' | 'postgres';
  /** The PostgreSQL url when kind is 'postgres' (for LISTEN/NOTIFY on a dedicated connection). */
  url?: string;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Connections the pool may open (1 for PGlite). */
  poolSize: number;
  /** PGlite only: a tarball of the data directory, to clone it (tests). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PostgreSQL: a replica for the reports (READ_DATABASE_URL). */
  readDatabaseUrl?: string;
  /** PGlite data directory, or 'memory'. */
  dataDir?: string;
  /** PGlite: start from this dump of a data directory (tests clone a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
  /** PostgreSQL: milliseconds a statement may run before the server cancels it (0: no limit). */
  statementTimeoutMs?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const timeout = options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {};
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: 'standby', ...timeout },
    });
    const db = drizzlePostgres(client, { schema, logger: scopedLogger }) as unknown as Db;
    // Every transaction on the replica's pool is read-only, so that a write sent there by mistake fails
    // even when the url names a writable server.
    const reports = options.readDatabaseUrl
      ? postgres(options.readDatabaseUrl, {
          max: Math.max(2, Math.ceil((options.poolSize ?? 10) / 2)),
          onnotice: () => {},
          connection: { application_name: 'standby-reports', default_transaction_read_only: true, ...timeout },
        })
      : undefined;
    return {
      db,
      reportsDb: reports ? (drizzlePostgres(reports, { schema, logger: scopedLogger }) as unknown as Db) : db,
      kind: 'postgres',
      url: options.databaseUrl,
      poolSize: options.poolSize ?? 10,
      ping: async () => {
        await client`select 1`;
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), reports?.end({ timeout: 5 })]);
      },
    };
  }
  if (options.readDatabaseUrl) throw new Error('readDatabaseUrl needs databaseUrl: embedded PGlite has no replica');
  const dataDir = options.dataDir === 'memory' || options.dataDir === undefined ? undefined : options.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { btree_gist, pg_trgm },
  });
  const db = drizzlePglite(client, { schema, logger: scopedLogger }) as unknown as Db;
  let closed = false;
  return {
    db,
    reportsDb: db,
    kind: 'pglite',
    poolSize: 1,
    ping: async () => {
      await client.query('select 1');
    },
    dumpDataDir: async () => client.dumpDataDir('none'),
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

/** Applies migrations/. On PostgreSQL an advisory lock lets several instances start at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const single = postgres(database.url!, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(727274)`;
    await migratePostgres(drizzlePostgres(single), { migrationsFolder });
    await single`select pg_advisory_unlock(727274)`;
  } finally {
    await single.end({ timeout: 5 });
  }
}

/** True when the database holds no experts yet (the demo seed loads only into an empty roster). */
export async function isRosterEmpty(db: Db): Promise<boolean> {
  const rows = rowsOf<{ empty: boolean }>(await db.execute(sql`select not exists (select 1 from experts) as empty`));
  return rows[0]?.empty === true;
}
