// A real Standby app on its own database for one test file: a clone of the migrated template
// (PGlite by default, PostgreSQL when DATABASE_URL is set), with helpers to call GraphQL as any role.
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/index.js';
import { rowsOf } from '../../server/db/rows.js';
import { createLocalEventBus, createPostgresEventBus, type EventBus } from '../../server/events.js';
import { sql } from 'drizzle-orm';
import { databaseUrlFor } from './global-setup.js';

export const ADMIN = 'test-admin-token-0123456789';

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; path?: (string | number)[]; extensions: { code: string; field?: (string | number)[]; reason?: string } }[];
}

export type Gql = <T = any>(query: string, variables?: Record<string, unknown>, token?: string | null) => Promise<GqlResult<T>>;

export interface Instance {
  app: FastifyInstance;
  gql: Gql;
  close(): Promise<void>;
}

export interface Harness {
  app: FastifyInstance;
  /** Another server instance on the same database (its own connection pool on PostgreSQL). */
  instance(): Promise<Instance>;
  database: Database;
  config: Config;
  /** Sends one GraphQL operation with `token` (ADMIN by default; null for none). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** Creates a token of `role` (bound to `expertId` for EXPERT) and returns its secret. */
  token(role: 'ADMIN' | 'COORDINATOR' | 'REQUESTER' | 'EXPERT', expertId?: string): Promise<string>;
  /** A fingerprint of every table, to prove that a failed mutation wrote nothing. */
  snapshot(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** A fresh database cloned from the migrated template. */
export async function cloneDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const database = await openDatabase({ dataDir: 'memory', loadDataDir: blob });
    return { database, drop: async () => {} };
  }
  const name = `standby_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${inject('postgresTemplate')}`);
      break;
    } catch (error) {
      // Two files cloning at the same instant: PostgreSQL refuses the second; try again.
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = databaseUrlFor(base, name);
  const database = await openDatabase({ databaseUrl: url });
  return {
    database,
    url,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

function gqlFor(app: FastifyInstance): Gql {
  return async (query, variables, token = ADMIN) => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: { query, variables },
    });
    const body = res.json();
    return { status: res.statusCode, data: body.data, errors: body.errors };
  };
}

export async function startHarness(options: { events?: EventBus; env?: Record<string, string>; logger?: AppDeps['logger'] } = {}): Promise<Harness> {
  const { database, url, drop } = await cloneDatabase();
  // The outbox worker runs only when a test asks (app.jobs.runOnce(), or JOBS: '1'), so that a
  // background delivery never changes the database between a test's two snapshots.
  const config = loadConfig({ ADMIN_TOKEN: ADMIN, DATA_DIR: 'memory', RATE_LIMIT: '0', JOBS: '0', ...options.env });
  const logger = options.logger ?? (process.env.TEST_LOG ? { level: 'error' } : false);
  // Each instance gets its own bus, as separate processes would: LISTEN/NOTIFY on PostgreSQL,
  // and on embedded PGlite (one process by design) one in-process bus shared by all.
  const shared = options.events ?? createLocalEventBus();
  const busFor = async () => (url && !options.events ? createPostgresEventBus(url) : shared);
  const events = await busFor();
  const app = await buildApp({ config, database, events, logger });
  await app.ready();
  const extra: Instance[] = [];
  const harness: Harness = {
    app,
    database,
    config,
    gql: gqlFor(app),
    async instance() {
      const own = url ? await openDatabase({ databaseUrl: url }) : undefined;
      const otherEvents = await busFor();
      const other = await buildApp({ config, database: own ?? database, events: otherEvents, logger });
      await other.ready();
      const instance: Instance = {
        app: other,
        gql: gqlFor(other),
        close: async () => {
          await other.close();
          if (otherEvents !== shared) await otherEvents.close();
          await own?.close();
        },
      };
      extra.push(instance);
      return instance;
    },
    async token(role, expertId) {
      const res = await harness.gql(
        'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
        { input: { role, name: `test ${role}`, expertId } },
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.createApiToken.token;
    },
    async snapshot() {
      const tables = rowsOf<{ name: string }>(
        await database.db.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`),
      );
      const out: Record<string, string> = {};
      for (const { name } of tables) {
        const [row] = rowsOf<{ n: number; h: string | null }>(
          await database.db.execute(sql.raw(`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from "${name}" t`)),
        );
        out[name] = `${row?.n}:${row?.h}`;
      }
      return out;
    },
    async close() {
      for (const instance of extra) await instance.close();
      await app.close();
      if (events !== shared) await events.close();
      await database.close();
      await drop();
    },
  };
  return harness;
}
