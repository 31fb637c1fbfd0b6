// Regressions for what an outside security probe found (docs/security.md, "What the probe found"):
// each describe block is one finding, and each test failed before its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES } from '../../server/operationMetrics.js';
import { startHarness, type Harness } from '../support/harness.js';

const METRICS_TOKEN = 'metrics-scraper-token-0123';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { METRICS_TOKEN } });
});
afterAll(() => h?.close());

/** Sends documents as an anonymous client, in batches of 10, with `operationName` as given. */
async function anonymous(operations: { query: string; operationName?: string }[]) {
  for (let i = 0; i < operations.length; i += 10) {
    await h.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: operations.slice(i, i + 10) });
  }
}

describe('1. /metrics cannot be inflated by clients', () => {
  it('bounds operation names: invalid ones share one label, names are capped in length and number', async () => {
    await anonymous(Array.from({ length: MAX_OPERATION_NAMES + 30 }, (_, i) => ({ query: `query Probe${i} { __typename }` })));
    await anonymous(Array.from({ length: 20 }, (_, i) => ({ query: `query Bad${i} { nope${i} }` })));
    await anonymous([{ query: `query Ghost { __typename }`, operationName: 'NotInTheDocument' }, { query: `query L${'x'.repeat(100_000)} { __typename }` }]);
    const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const names = new Set([...res.body.matchAll(/operationName="([^"]*)"/g)].map((m) => m[1]!));
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3);
    expect(names).toContain('Probe0');
    expect(names).not.toContain(`Probe${MAX_OPERATION_NAMES + 29}`);
    expect([...names].filter((n) => /^(Bad|Ghost|NotInTheDocument)/.test(n))).toEqual([]);
    expect(names).toContain('invalid');
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
