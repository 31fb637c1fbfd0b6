// GraphQL over HTTP compliance: graphql-http's audit suite (serverAudits) against the real fastify
// server on a real socket, with an ADMIN bearer token. One test per MUST and SHOULD audit, so that a
// regression names the audit; MAY audits are run and counted but may fail.
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
let base = '';

/** fetch with the ADMIN token: every GraphQL field needs one (docs/api.md, Roles). */
const authorisedFetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${ADMIN}`);
  return fetch(input, { ...init, headers });
};

// The list is fixed when the module loads; the url is read only when an audit runs.
const audits = serverAudits({ url: () => `${base}/graphql`, fetchFn: authorisedFetch });
const level = (name: string) => name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY';
const required = audits.filter((a) => level(a.name) !== 'MAY');
const optional = audits.filter((a) => level(a.name) === 'MAY');
const passed = { MUST: 0, SHOULD: 0, MAY: 0 };
const total = { MUST: 0, SHOULD: 0, MAY: 0 };
for (const a of audits) total[level(a.name)] += 1;

beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  console.log(
    `graphql-http audits passed: MUST ${passed.MUST}/${total.MUST}, SHOULD ${passed.SHOULD}/${total.SHOULD}, MAY ${passed.MAY}/${total.MAY}`,
  );
  await h?.close();
});

async function explain(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return 'ok';
  const body = await result.response.text().catch(() => '');
  return `${result.status}: ${result.reason}\nHTTP ${result.response.status} ${result.response.headers.get('content-type')}\n${body.slice(0, 500)}`;
}

describe('graphql-http server audits (MUST and SHOULD)', () => {
  it('has MUST and SHOULD audits to run', () => {
    expect(total.MUST).toBeGreaterThan(10);
    expect(total.SHOULD).toBeGreaterThan(10);
  });

  for (const audit of required) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(await explain(result)).toBe('ok');
      passed[level(audit.name)] += 1;
    });
  }
});

describe('graphql-http server audits (MAY)', () => {
  it('are counted, not required; none may meet a server fault', async () => {
    const failures: string[] = [];
    const faults: string[] = [];
    for (const audit of optional) {
      // An audit's fn throws only on a fatal fault (no answer at all); a failed MAY is a result.
      const result = await audit.fn();
      if (result.status === 'ok') passed.MAY += 1;
      else {
        failures.push(`${audit.id} ${audit.name}: ${result.reason}`);
        // Not supporting an optional feature is fine; answering it with a 5xx is not.
        if (result.response.status >= 500) faults.push(`${audit.id} ${audit.name}: HTTP ${result.response.status}`);
      }
    }
    if (failures.length) console.log(`MAY audits not met:\n${failures.join('\n')}`);
    expect(faults).toEqual([]);
  });
});

describe('content negotiation beyond the audits', () => {
  const post = (accept: string | undefined, body: unknown, token: string | null = ADMIN) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(accept ? { accept } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });

  it('answers application/graphql-response+json when asked, with 200 for a well-formed operation', async () => {
    const res = await post('application/graphql-response+json', { query: '{ me { role } }' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await res.json()).toEqual({ data: { me: { role: 'ADMIN' } } });
  });

  it('refuses an Accept it cannot serve with 406', async () => {
    const res = await post('text/csv', { query: '{ me { role } }' });
    expect(res.status).toBe(406);
  });

  it('answers a validation failure with 400 and no data under application/graphql-response+json', async () => {
    const res = await post('application/graphql-response+json', { query: '{ nope }' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a field error after execution began with 200 and data (errors are in the body)', async () => {
    const res = await post('application/graphql-response+json', { query: '{ me { role } }' }, null);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a mutation over GET with 405', async () => {
    const res = await authorisedFetch(`${base}/graphql?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(res.status).toBe(405);
  });
});
