// The SQL behind a GraphQL operation, exactly as the resolvers issue it: the real app (buildApp)
// runs in this process on a drizzle instance whose logger records each statement with its
// parameters. The bare floor replays these statements, and EXPLAIN (ANALYZE, BUFFERS) reads them.
import type { FastifyInstance } from 'fastify';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { schema, type Database, type Db } from '../../server/db/index.js';
import { createLocalEventBus } from '../../server/events.js';
import type { GqlBody } from './api-ops.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface SqlCapture {
  /** Runs `body` as `token` (twice: the first warms the app's caches) and returns the second run's statements. */
  capture(body: GqlBody, token: string): Promise<Statement[]>;
  /** EXPLAIN (ANALYZE, BUFFERS) of one read statement, as text lines. */
  explain(statement: Statement): Promise<string[]>;
  close(): Promise<void>;
}

export async function openSqlCapture(databaseUrl: string): Promise<SqlCapture> {
  const client = postgres(databaseUrl, { max: 4, onnotice: () => {}, connection: { application_name: 'standby-bench-capture' } });
  let recording: Statement[] | null = null;
  const db = drizzle(client, {
    schema,
    logger: { logQuery: (sql, params) => recording?.push({ sql, params: [...params] }) },
  }) as unknown as Db;
  const database: Database = {
    db,
    reportsDb: db,
    kind: 'postgres',
    url: databaseUrl,
    poolSize: 4,
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
  const config = loadConfig({ DATABASE_URL: databaseUrl, RATE_LIMIT: '0', SEED: 'none', LOG_LEVEL: 'warn' });
  const app: FastifyInstance = await buildApp({ config, database, events: createLocalEventBus(), logger: false });
  await app.ready();

  const run = async (body: GqlBody, token: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: body,
    });
    const json = res.json() as { errors?: unknown };
    if (json.errors) throw new Error(`capture: ${JSON.stringify(json.errors).slice(0, 500)}`);
  };

  return {
    async capture(body, token) {
      await run(body, token);
      recording = [];
      try {
        await run(body, token);
        return recording;
      } finally {
        recording = null;
      }
    },
    async explain(statement) {
      const rows = await client.unsafe(`explain (analyze, buffers) ${statement.sql}`, statement.params as never[]);
      return rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN']));
    },
    async close() {
      await app.close();
      await client.end({ timeout: 5 });
    },
  };
}
