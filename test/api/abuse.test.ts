// Regressions for what an outside security probe found (docs/security.md, "What the probe found"):
// each describe block is one finding, and each test failed before its fix.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { countStatements } from '../../server/db/index.js';
import { createHeavyWorkGate } from '../../server/graphql/limits.js';
import { documentHash } from '../../server/graphql/trustedDocuments.js';
import { MAX_OPERATION_NAMES } from '../../server/operationMetrics.js';
import { issueDemoTokens } from '../../seed/load.js';
import { codes } from '../support/fixtures.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { ADMIN, startHarness, type Harness } from '../support/harness.js';

const METRICS_TOKEN = 'metrics-scraper-token-0123';
const CONSOLE = 'https://console.example.org';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { METRICS_TOKEN, NODE_ENV: 'production', CORS_ORIGINS: CONSOLE } });
});
afterAll(() => h?.close());

/** Another app on the same database with other settings (cheaper than another harness). */
async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadConfig({ ADMIN_TOKEN: ADMIN, DATA_DIR: 'memory', RATE_LIMIT: '0', ...env }), database: h.database, logger: false });
  await app.ready();
  return app;
}

/** Sends documents in batches of 10, with `operationName` as given, with `token` or none. */
async function send(operations: { query: string; operationName?: string }[], token?: string) {
  for (let i = 0; i < operations.length; i += 10) {
    const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    await h.app.inject({ method: 'POST', url: '/graphql', headers, payload: operations.slice(i, i + 10) });
  }
}

describe('1. /metrics cannot be inflated by clients', () => {
  it('bounds operation names: invalid and unauthenticated ones share a label each, names are capped in length and number', async () => {
    await send(Array.from({ length: MAX_OPERATION_NAMES + 30 }, (_, i) => ({ query: `query Probe${i} { __typename }` })), ADMIN);
    await send(Array.from({ length: 20 }, (_, i) => ({ query: `query Bad${i} { nope${i} }` })), ADMIN);
    await send([{ query: `query Ghost { __typename }`, operationName: 'NotInTheDocument' }, { query: `query L${'x'.repeat(100_000)} { __typename }` }], ADMIN);
    await send(Array.from({ length: 20 }, (_, i) => ({ query: `query Sneaky${i} { __typename }` })));
    const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const names = new Set([...res.body.matchAll(/operationName="([^"]*)"/g)].map((m) => m[1]!));
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 4);
    expect(names).toContain('Probe0');
    expect(names).not.toContain(`Probe${MAX_OPERATION_NAMES + 29}`);
    expect([...names].filter((n) => /^(Bad|Ghost|NotInTheDocument|Sneaky)/.test(n))).toEqual([]);
    expect(names).toContain('invalid');
    expect(names).toContain('unauthenticated');
    expect(names).toContain('other');
    expect(Math.max(...[...names].map((n) => n.length))).toBeLessThanOrEqual(64);
    expect(res.body.length).toBeLessThan(2_000_000);
  });

  it('answers only the METRICS_TOKEN bearer when that is set', async () => {
    const scrape = (authorization?: string) => h.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).statusCode).toBe(200);
  });
});

describe('2. proposals cost what they cost', () => {
  const request = Buffer.from('DeploymentRequest:00000000-0000-4000-8000-000000000000').toString('base64url');
  const aliased = (n: number, selection: string) =>
    `query($id: ID!) { ${Array.from({ length: n }, (_, k) => `p${k}: proposeTeam(requestId: $id) { ${selection} }`).join(' ')} }`;

  it("refuses the probe's 10 batched × 30 aliased proposeTeam with excluded(first: 100) before anything runs", async () => {
    const query = aliased(30, 'complete excluded(first: 100) { expert { id } reasons }');
    const { result, count } = await countStatements(() =>
      h.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        payload: Array.from({ length: 10 }, () => ({ query, variables: { id: request } })),
      }),
    );
    expect((result.json() as { errors?: { extensions: { code: string } }[] }[]).map(codes)).toEqual(Array.from({ length: 10 }, () => ['QUERY_TOO_COSTLY']));
    expect(count).toBe(0);
  });

  it('admits a proposal with its exclusions, and a few proposals at once', async () => {
    for (const query of [aliased(1, 'complete excluded(first: 100) { expert { id } reasons }'), aliased(5, 'complete members { expert { id } }')]) {
      expect(codes(await h.gql(query, { id: request }))).not.toContain('QUERY_TOO_COSTLY');
    }
  });

  it('runs at most HEAVY_CONCURRENCY proposals of one token at once; the rest wait, other tokens do not', async () => {
    const gate = createHeavyWorkGate(2);
    const running: string[] = [];
    const release: (() => void)[] = [];
    const job = (key: string) => gate(key, () => new Promise<void>((done) => {
      running.push(key);
      release.push(() => {
        running.splice(running.indexOf(key), 1);
        done();
      });
    }));
    // A job starts after the event loop's next turn; three turns are plenty.
    const settle = async () => {
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    };
    const jobs = [...Array.from({ length: 5 }, () => job('a')), job('b')];
    await settle();
    expect([...running].sort()).toEqual(['a', 'a', 'b']);
    release.shift()!();
    await settle();
    expect(running.filter((k) => k === 'a')).toHaveLength(2);
    while (release.length) {
      release.shift()!();
      await settle();
    }
    await Promise.all(jobs);
    expect(running).toEqual([]);
  });
});

describe('3. every request counts against the rate limit', () => {
  let limited: FastifyInstance;
  beforeAll(async () => {
    limited = await appWith({ RATE_LIMIT: '5' });
  });
  afterAll(() => limited?.close());

  const post = (payload: string, token?: string) =>
    limited.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload,
    });

  it('invalid documents and unreadable bodies count, and past the limit nothing is parsed or validated', async () => {
    const token = await h.token('COORDINATOR');
    for (let i = 0; i < 4; i++) expect(codes((await post(JSON.stringify({ query: `{ nope${i} }` }), token)).json())).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((await post('{"query": ', token)).statusCode).toBe(400);
    for (const payload of [JSON.stringify({ query: '{ me { role } }' }), JSON.stringify({ query: '{ expertz }' }), '{"query": ']) {
      const res = await post(payload, token);
      expect([res.statusCode, codes(res.json())], payload).toEqual([429, ['RATE_LIMITED']]);
      expect(res.body).not.toMatch(/expertz|Cannot query/);
    }
    // Callers without a valid token share their IP's budget, garbage included.
    for (let i = 0; i < 5; i++) await post('not json', 'sb_forged');
    expect((await post(JSON.stringify({ query: '{ __typename }' }))).statusCode).toBe(429);
  });
});

describe('3. TRUSTED_DOCUMENTS serves only the listed documents', () => {
  const ME = '{ me { role } }';
  const ROLE = 'query Role { me { role tokenName } }';
  let trusted: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'standby-trusted-'));
    writeFileSync(join(dir, 'trusted.json'), JSON.stringify({ [documentHash(ME)]: ME, [documentHash(ROLE)]: ROLE }));
    trusted = await appWith({ TRUSTED_DOCUMENTS: join(dir, 'trusted.json') });
  });
  afterAll(async () => {
    await trusted?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (payload: Record<string, unknown>) =>
    trusted.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, payload });

  it('runs a listed document sent by its text, its documentId or its persisted-query hash', async () => {
    expect((await send({ query: ME })).json().data).toEqual({ me: { role: 'ADMIN' } });
    expect((await send({ documentId: `sha256:${documentHash(ROLE)}` })).json().data.me.tokenName).toBe('ADMIN_TOKEN');
    const apq = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(ME) } } });
    expect(apq.json().data).toEqual({ me: { role: 'ADMIN' } });
  });

  it('refuses anything else before parsing it, so that no message tells what the schema holds', async () => {
    for (const payload of [{ query: '{ me { role } } ' }, { query: '{ expertz { id } }' }, { documentId: `sha256:${documentHash('{ x }')}` }]) {
      const res = await send(payload);
      expect(codes(res.json()), JSON.stringify(payload)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
      expect(res.body).not.toMatch(/expertz|Cannot query|Did you mean/);
    }
  });

  it('stops the start on a file whose keys are not the hashes of their documents', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ [documentHash(ME)]: ROLE }));
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: join(dir, 'bad.json') })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: join(dir, 'missing.json') })).toThrow(/TRUSTED_DOCUMENTS/);
  });
});

describe('4. no "Did you mean" in production', () => {
  const EXPERTS = `query($f: ExpertFilter) { experts(first: 1, filter: $f) { totalCount } }`;
  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['an enum value in a literal', `{ deploymentRequests(status: [STAFING]) { totalCount } }`, {}, /STAFFING/],
    ['an enum value in variables', `query($s: [RequestStatus!]) { deploymentRequests(status: $s) { totalCount } }`, { s: ['STAFING'] }, /STAFFING/],
    ['a field inside variables', EXPERTS, { f: { tierr: 'ROSTER' } }, /"tier"/],
    ['an enum value inside variables', EXPERTS, { f: { tier: 'STANDBY' } }, /STANDBY_TEAM/],
    ['a field of an input literal', `{ experts(first: 1, filter: { tierr: ROSTER }) { totalCount } }`, {}, /"tier"/],
    ['a field', `{ expertz { totalCount } }`, {}, /"experts"/],
    ['an argument', `{ experts(firstt: 1) { totalCount } }`, {}, /"first"/],
  ];
  it.each(cases)('%s', async (_name, query, variables, suggestion) => {
    const res = await h.gql(query, variables);
    expect(res.errors?.length).toBeGreaterThan(0);
    const text = JSON.stringify(res.errors);
    expect(text).not.toMatch(/Did you mean/);
    expect(text).not.toMatch(suggestion);
  });
});

describe('5. a production start seeds nothing, and tokens never go to a log', () => {
  it('defaults to SEED=none in production and with PostgreSQL, to the demo roster only for a development start', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).seed).toBe('none');
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x' }).seed).toBe('none');
    expect(loadConfig({}).seed).toBe('demo');
    expect(loadConfig({ NODE_ENV: 'production', SEED: 'demo' }).seed).toBe('demo');
  });

  it('writes demo tokens only to a file readable by this user and to an interactive terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standby-demo-'));
    try {
      const file = join(dir, 'demo-tokens.txt');
      const logged = await issueDemoTokens(h.database.db, { file, terminal: false });
      expect(logged.join('\n')).not.toMatch(/sb_/);
      expect(readFileSync(file, 'utf8')).toMatch(/COORDINATOR +sb_/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const before = await h.snapshot();
      expect((await issueDemoTokens(h.database.db, { terminal: false })).join('\n')).not.toMatch(/sb_/);
      expect(await h.snapshot()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('6. an expert cannot test whether an email is on the roster', () => {
  it('answers a change to a taken address exactly as one to a free address, and changes neither at once', async () => {
    const make = async (email: string) => {
      const res = await h.gql(`mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`, {
        input: { fullName: `Probe ${email}`, email, gender: 'FEMALE', nationalities: ['FR'], languages: [{ code: 'fr', proficiency: 'FLUENT' }], expertise: [{ area: 'PROCESS_DESIGN', level: 2 }] },
      });
      return res.data.createExpert.expert.id as string;
    };
    const prober = await make('prober@example.org');
    await make('on.roster@example.org');
    const token = await h.token('EXPERT', prober);
    const update = (email: string, expectedVersion: number) =>
      h.gql(`mutation($input: UpdateExpertInput!) { updateExpert(input: $input) { expert { email version } } }`, { input: { id: prober, expectedVersion, email } }, token);
    const taken = await update('ON.ROSTER@example.org', 1);
    const free = await update('nobody.here@example.org', 2);
    // Same shape, no error, the address unchanged either way: before the fix, taken gave CONFLICT DUPLICATE_EMAIL.
    expect(taken.errors).toBeUndefined();
    expect(free.errors).toBeUndefined();
    expect(taken.data.updateExpert.expert).toEqual({ email: 'prober@example.org', version: 2 });
    expect(free.data.updateExpert.expert).toEqual({ email: 'prober@example.org', version: 3 });
  });
});

describe('7. CORS answers only its own origin and CORS_ORIGINS', () => {
  const preflight = (origin: string) =>
    h.app.inject({ method: 'OPTIONS', url: '/graphql', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  const post = (origin: string) =>
    h.app.inject({ method: 'POST', url: '/graphql', headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, payload: { query: '{ me { role } }' } });

  it('gives an unlisted origin no CORS header at all, credentials least of all', async () => {
    for (const res of [await preflight('https://evil.example'), await post('https://evil.example'), await post('null')]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('allows the listed origin and its own, with credentials', async () => {
    for (const origin of [CONSOLE, 'http://localhost']) {
      for (const res of [await preflight(origin), await post(origin)]) {
        expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
        expect(res.headers['access-control-allow-credentials']).toBe('true');
      }
    }
  });

  it('stops the start on a CORS_ORIGINS entry that is not an origin', () => {
    for (const bad of ['console.example.org', 'https://console.example.org/app', 'ftp://x.org', '*']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/^CORS_ORIGINS: /);
    }
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , http://b.example:8080 ' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
  });
});

