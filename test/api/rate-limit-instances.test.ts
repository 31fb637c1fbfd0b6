// Several instances on one database charge one budget per token or client (docs/security.md,
// "Several instances"): the counters are rows of rate_limits, not memory, so they hold across
// instances and outlive the loss of one. On PostgreSQL each instance has its own connection pool
// and the requests race; on PGlite the instances share the embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { apiTokens, rateLimits } from '../../schema/index.js';
import { pruneRateLimits } from '../../server/repo/rateLimits.js';
import { codes } from '../support/fixtures.js';
import { startHarness, type Gql, type Harness, type Instance } from '../support/harness.js';

const LIMIT = 10;

let h: Harness;
let other: Instance;
beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT: String(LIMIT) } });
  other = await h.instance();
});
afterAll(() => h?.close());

const ME = '{ me { role } }';
const outcome = (res: { status: number; errors?: { extensions: { code: string } }[] }) => (res.errors ? `${res.status} ${codes(res).join()}` : 'OK');

describe('rate limit across two instances', () => {
  it("shares a token's budget: sent alternately and at once, exactly the limit pass", async () => {
    const token = await h.token('COORDINATOR');
    const results = await Promise.all(Array.from({ length: LIMIT + 6 }, (_, i) => (i % 2 ? other.gql : h.gql)(ME, {}, token)));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(LIMIT);
    expect(outcomes.filter((o) => o !== 'OK')).toEqual(Array.from({ length: 6 }, () => '429 RATE_LIMITED'));
    // Both instances refuse from now on, whichever saw the last point.
    expect(outcome(await h.gql(ME, {}, token))).toBe('429 RATE_LIMITED');
    expect(outcome(await other.gql(ME, {}, token))).toBe('429 RATE_LIMITED');
  });

  it('keeps the counters when an instance is lost: a new instance goes on from where they were', async () => {
    const token = await h.token('COORDINATOR');
    const doomed = await h.instance();
    for (let i = 0; i < 4; i++) expect(outcome(await doomed.gql(ME, {}, token))).toBe('OK');
    await doomed.close();
    const [row] = await h.database.db.select().from(rateLimits).where(eq(rateLimits.key, await lastTokenKey()));
    expect(row?.points).toBe(4);
    const replacement = await h.instance();
    const gqls: Gql[] = [replacement.gql, h.gql];
    for (let i = 0; i < LIMIT - 4; i++) expect(outcome(await gqls[i % 2]!(ME, {}, token))).toBe('OK');
    expect(outcome(await replacement.gql(ME, {}, token))).toBe('429 RATE_LIMITED');
  });

  it('shares an address budget among requests without a token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await (i % 2 ? other.gql : h.gql)('{ __typename }', {}, null)).status);
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
  });

  it('shares the calendar feed limit (60 a minute per client)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const app = i % 2 ? other.app : h.app;
      statuses.push((await app.inject({ method: 'GET', url: `/calendar/cal_guess${String(i).padStart(30, '0')}.ics` })).statusCode);
    }
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Counted under the route's pattern and the client's address: the guessed secrets are not kept.
    const keys = (await h.database.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain('GET /calendar/:file:127.0.0.1');
    expect(keys.filter((k) => k.includes('cal_'))).toEqual([]);
  });
});

describe('pruning', () => {
  it('deletes the counters whose window has ended, and only those', async () => {
    const now = new Date();
    await h.database.db.insert(rateLimits).values([
      { key: 'test:ended', points: 3, expire: new Date(now.getTime() - 1000) },
      { key: 'test:running', points: 3, expire: new Date(now.getTime() + 60_000) },
    ]);
    expect(await pruneRateLimits(h.database.db, now)).toBeGreaterThanOrEqual(1);
    const keys = (await h.database.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain('test:running');
    expect(keys).not.toContain('test:ended');
  });
});

/** The key a token's operations are charged to: its id (the principal), for the token created last. */
async function lastTokenKey(): Promise<string> {
  const [token] = await h.database.db.select({ id: apiTokens.id }).from(apiTokens).orderBy(desc(apiTokens.createdAt)).limit(1);
  return `graphql:${token!.id}`;
}
