// Operations: health and readiness (recovering by itself), Prometheus metrics, structured logs
// with the request id in SQL lines and no secrets, and configuration errors.
import { Writable } from 'node:stream';
import postgres from 'postgres';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { withoutParameters } from '../../server/graphql/errors.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ADMIN, cloneDatabase, startHarness, usingPostgres, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('health', () => {
  it('answers /healthz and /readyz over HTTP', async () => {
    await request(h.app.server).get('/healthz').expect(200, { status: 'ok' });
    await request(h.app.server).get('/readyz').expect(200, { status: 'ready' });
    await request(h.app.server).get('/nowhere').expect(404);
  });

  it('fails /readyz while the database is unreachable and recovers by itself', async () => {
    const { database, url, drop } = await cloneDatabase();
    const app = await buildApp({ config: loadConfig({ DATA_DIR: 'memory', RATE_LIMIT: '0' }), database });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      if (usingPostgres && url) {
        // Refuse new connections and cut the open ones, as an outage would.
        const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
        const name = new URL(url).pathname.slice(1);
        await admin.unsafe(`alter database ${name} allow_connections false`);
        await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
        expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
        await admin.unsafe(`alter database ${name} allow_connections true`);
        expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
        await admin.end();
      } else {
        await database.close();
        expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
      }
    } finally {
      await app.close();
      await database.close();
      await drop();
    }
  });
});

describe('metrics', () => {
  it('exposes HTTP, GraphQL, error-code and database metrics', async () => {
    await h.gql(`{ me { role } }`);
    await h.gql(`query Forbidden { experts { totalCount } }`, {}, await h.token('REQUESTER'));
    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/standby_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/);
    expect(res.body).toMatch(/graphql_envelop_request_duration_count\{[^}]*operationName="Forbidden"/);
    expect(res.body).toMatch(/standby_graphql_errors_total\{code="FORBIDDEN"\} 1/);
    expect(res.body).toMatch(/standby_db_up 1/);
    expect(res.body).toMatch(/standby_db_statements_total [1-9]/);
  });
});

describe('logs', () => {
  it('carry the request id into SQL lines and never the token', async () => {
    const lines: any[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await buildApp({ config: h.config, database: h.database, logger: { level: 'debug', stream } });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, 'x-request-id': 'req-trace-42' },
        payload: { query: '{ experts(first: 1) { totalCount } }' },
      });
      expect(res.statusCode).toBe(200);
      const sqlLines = lines.filter((l) => l.msg === 'sql');
      expect(sqlLines.length).toBeGreaterThan(0);
      expect(sqlLines.every((l) => l.reqId === 'req-trace-42')).toBe(true);
      // Even a log line that carries the headers shows no token.
      app.log.info({ request: { headers: { authorization: `Bearer ${ADMIN}` } } }, 'headers');
      const text = JSON.stringify(lines);
      expect(text).not.toContain(ADMIN);
      expect(lines.find((l) => l.msg === 'headers').request.headers.authorization).toBe('[redacted]');
    } finally {
      await app.close();
    }
  });
});

describe('error logs', () => {
  it('keep a failed query’s SQL but not its parameters', () => {
    const failure = Object.assign(new Error('Failed query: insert into experts values ($1)\nparams: amina@example.org'), {
      query: 'insert into experts values ($1)',
      params: ['amina@example.org'],
      cause: { message: 'connection reset', code: '08006' },
    });
    const logged = JSON.stringify(withoutParameters(failure));
    expect(logged).toContain('insert into experts');
    expect(logged).toContain('08006');
    expect(logged).not.toContain('amina@example.org');
  });
});

describe('configuration', () => {
  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT: /);
    expect(() => loadConfig({ SEED: 'lots' })).toThrow(/^SEED: /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: /);
    expect(() => loadConfig({ RATE_LIMIT: '-1' })).toThrow(/^RATE_LIMIT: /);
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/^ADMIN_TOKEN: /);
    expect(() => loadConfig({ MAX_DEPTH: '0' })).toThrow(/^MAX_DEPTH: /);
  });

  it('applies the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', seed: 'demo', rateLimit: 1000, graphiql: true, production: false });
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }).seed).toBe('none');
    expect(loadConfig({ DATA_DIR: 'memory' }).dataDir).toBe('memory');
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: '1' }).graphiql).toBe(true);
  });
});
