// Abuse limits: each one refuses what it should and admits every contract operation.
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/db/index.js';
import { sqlState } from '../../server/db/errors.js';
import { ADMIN, cloneDatabase, startHarness, usingPostgres, type Harness } from '../support/harness.js';
import { codes } from '../support/fixtures.js';
import { variablesOfArguments } from '../../server/graphql/limits.js';
import { contractOperations } from '../support/contract.js';

const LIMIT_MESSAGE = /depth|alias|token limit|Token limit|cost|directive/i;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

function nested(depth: number): string {
  let q = 'id';
  for (let i = 0; i < depth; i++) q = `request { roles { assignments { ${q} } } }`;
  return `query($id: ID!) { node(id: $id) { ... on Assignment { ${q} } } }`;
}

describe('default limits', () => {
  it('admit every contract operation', async () => {
    for (const definition of contractOperations) {
      const res = await h.gql(print(definition), {});
      const blocked = (res.errors ?? []).filter((e) => LIMIT_MESSAGE.test(e.message) || ['QUERY_TOO_COSTLY', 'RATE_LIMITED'].includes(e.extensions?.code));
      expect(blocked, definition.name?.value).toEqual([]);
    }
  });

  it('admit the nested lists docs/api.md names, with first: 100', async () => {
    const res = await h.gql(`{ deploymentRequests(first: 100) { nodes { roles { assignments { expert { languages { code } expertise { level } } } } } } }`);
    expect(res.errors).toBeUndefined();
  });

  it('refuse a query deeper than 10', async () => {
    expect((await h.gql(nested(2), { id: 'QXNzaWdubWVudDp4' })).errors?.[0]?.message ?? '').not.toMatch(/depth/i);
    const res = await h.gql(nested(4), { id: 'QXNzaWdubWVudDp4' });
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
    expect(res.data ?? null).toBeNull();
  });

  it('refuse the __schema-named fragment that bypassed older depth limits (GHSA-hmfr-rx46-4jx2)', async () => {
    const query = `query { experts { edges { node { assignments { nodes { request { roles { assignments { ...__schema } } } } } } } } }
      fragment __schema on Assignment { request { roles { assignments { request { roles { id } } } } } }`;
    const res = await h.gql(query);
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuse more than 30 aliases', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: me { role }`).join(' ');
    const res = await h.gql(`{ ${fields} }`);
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuse more than 2,000 tokens', async () => {
    const fields = Array.from({ length: 2100 }, () => 'role').join(' ');
    const res = await h.gql(`{ me { ${fields} } }`);
    expect(res.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuse a cost that multiplies list sizes past 50,000', async () => {
    const res = await h.gql(
      `query($n: Int) { experts(first: $n) { edges { node { assignments(first: 100) { nodes { request { roles { assignments { id status } } } } } } } } }`,
      { n: 100 },
    );
    expect(codes(res)).toEqual(['QUERY_TOO_COSTLY']);
    const small = await h.gql(`query($n: Int) { experts(first: $n) { edges { node { assignments(first: 5) { nodes { id } } } } } }`, { n: 5 });
    expect(small.errors).toBeUndefined();
  });

  it('price the same document again for each value of its first variables, whatever came before', async () => {
    // The cost is kept per document and `first` values (limits.ts): a cheap answer must not be reused for a costly one.
    const query = `query($n: Int, $m: Int, $s: String) { experts(first: $n, filter: { search: $s }) { edges { node { assignments(first: $m) { nodes { request { roles { assignments { id } } } } } } } } }`;
    expect((await h.gql(query, { n: 5, m: 5, s: 'a' })).errors).toBeUndefined();
    expect(codes(await h.gql(query, { n: 100, m: 5, s: 'a' }))).toEqual([]);
    expect(codes(await h.gql(query, { n: 100, m: 100, s: 'a' }))).toEqual(['QUERY_TOO_COSTLY']);
    expect(codes(await h.gql(query, { n: 5, m: 100, s: 'b' }))).toEqual([]);
    expect(codes(await h.gql(query, { n: 100, m: 100, s: 'b' }))).toEqual(['QUERY_TOO_COSTLY']);
    expect(variablesOfArguments(parse(query), new Set(['first']))).toEqual(['m', 'n']);
  });

  it('cap first at 100', async () => {
    const res = await h.gql(`{ experts(first: 101) { totalCount } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('refuse a request body over 1 MB', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      payload: JSON.stringify({ query: `{ me { role } }`, variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(res.statusCode).toBe(413);
  });

  it('allow batches of at most 10 operations', async () => {
    const batch = (n: number) =>
      h.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        payload: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ me { role } }' }))),
      });
    const ok = await batch(10);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(10);
    expect((await batch(11)).statusCode).toBeGreaterThanOrEqual(400);
  });
});

describe('timeouts', () => {
  it('answer 408 to a request that is not received within REQUEST_TIMEOUT_MS', async () => {
    const slow = await startHarness({ env: { REQUEST_TIMEOUT_MS: '300' } });
    try {
      const address = await slow.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      // Headers promise a body that never comes (a slow-loris client).
      socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
      await new Promise((resolve) => socket.on('close', resolve));
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await slow.close();
    }
  });

  // Embedded PGlite runs in-process and has no statement timeout (docs/security.md): nothing to test there.
  it.skipIf(!usingPostgres)('cancel a database statement that runs longer than STATEMENT_TIMEOUT_MS (PostgreSQL only: PGlite has no statement timeout)', async () => {
    const { database, url, drop } = await cloneDatabase();
    await database.close();
    const limited = await openDatabase({ databaseUrl: url, statementTimeoutMs: 200 });
    try {
      await expect(limited.db.execute(sql`select pg_sleep(1)`)).rejects.toSatisfy((e: unknown) => sqlState(e) === '57014');
      await expect(limited.db.execute(sql`select 1`)).resolves.toBeDefined();
    } finally {
      await limited.close();
      await drop();
    }
  });
});

describe('rate limit', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({ env: { RATE_LIMIT: '5' } });
  });
  afterAll(() => limited?.close());

  it('counts operations per token, aliases and batches included', async () => {
    const a = await limited.token('COORDINATOR'); // 1 (ADMIN)
    // Aliased root fields count one each: 3 more for token a.
    expect((await limited.gql(`{ x: me { role } y: me { role } z: me { role } }`, {}, a)).errors).toBeUndefined();
    const batch = await limited.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a}` },
      payload: JSON.stringify([{ query: '{ me { role } }' }, { query: '{ me { role } }' }, { query: '{ me { role } }' }]),
    });
    const results = batch.json() as { errors?: { extensions: { code: string } }[] }[];
    // The batch runs its operations concurrently: which one is refused may vary, that one is may not.
    expect(results.map((r) => r.errors?.[0]?.extensions.code ?? 'OK').sort()).toEqual(['OK', 'OK', 'RATE_LIMITED']);
    const refused = await limited.gql(`{ me { role } }`, {}, a);
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    // Another token has its own budget.
    expect((await limited.gql(`{ me { role } }`, {}, ADMIN)).errors).toBeUndefined();
  });
});

describe('calendar feed guessing', () => {
  it('is limited to 60 fetches a minute per client', async () => {
    const limited = await startHarness({ env: { RATE_LIMIT: '5' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) {
        statuses.push((await limited.app.inject({ method: 'GET', url: `/calendar/cal_guess${String(i).padStart(30, '0')}.ics` })).statusCode);
      }
      expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
      expect(statuses[60]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('production', () => {
  let prod: Harness;
  beforeAll(async () => {
    prod = await startHarness({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => prod?.close());

  it('hides introspection, suggestions, stack traces and GraphiQL', async () => {
    const introspection = await prod.gql(`{ __schema { types { name } } }`);
    expect(introspection.errors?.length).toBeGreaterThan(0);
    const typo = await prod.gql(`{ expertz { totalCount } }`);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo.errors)).not.toMatch(/stack|at .*\.ts/);
    const page = await prod.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(page.headers['content-type'] ?? '').not.toMatch(/text\/html/);
  });

  it('serves introspection and GraphiQL with GRAPHIQL=1', async () => {
    const explorer = await startHarness({ env: { NODE_ENV: 'production', GRAPHIQL: '1' } });
    try {
      expect((await explorer.gql(`{ __schema { queryType { name } } }`)).data.__schema.queryType.name).toBe('Query');
      const page = await explorer.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
      expect(page.headers['content-type']).toMatch(/text\/html/);
    } finally {
      await explorer.close();
    }
  });

  it('outside production suggests field names', async () => {
    const typo = await h.gql(`{ expertz { totalCount } }`);
    expect(JSON.stringify(typo.errors)).toMatch(/Did you mean/);
  });
});
