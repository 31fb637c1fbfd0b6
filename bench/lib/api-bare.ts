// The floor of the API benchmark: a bare fastify server that answers POST /bare/:op by running,
// through postgres.js and nothing else, the very statements (SQL and parameters) the GraphQL
// resolvers issue for that operation (captured by api-sql.ts), the bearer-token lookup included,
// one after the other as the server does, and returns the last statement's rows as JSON.
// Started by bench/api.ts as a child process with DATABASE_URL, PORT and BARE_STATEMENTS (a JSON
// file: { [op]: { sql, params }[] }). Same pool size as the server (10).
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import postgres from 'postgres';
import type { Statement } from './api-sql.js';

const statements = JSON.parse(readFileSync(process.env.BARE_STATEMENTS!, 'utf8')) as Record<string, Statement[]>;
const client = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {}, connection: { application_name: 'standby-bench-bare' } });
const app = Fastify({ logger: false, bodyLimit: 1_048_576 });

app.get('/readyz', async () => {
  await client`select 1`;
  return { status: 'ready' };
});

app.post<{ Params: { op: string } }>('/bare/:op', async (req, reply) => {
  const list = statements[req.params.op];
  if (!list) return reply.code(404).send({ error: 'unknown op' });
  if (!/^Bearer\s+\S+$/.test(req.headers.authorization ?? '')) return reply.code(401).send({ error: 'no token' });
  let rows: unknown[] = [];
  for (const s of list) rows = await client.unsafe(s.sql, s.params as never[], { prepare: false });
  return { data: rows };
});

const shutdown = async () => {
  await app.close();
  await client.end({ timeout: 5 });
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
