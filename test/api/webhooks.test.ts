// Webhooks (docs/api.md, "Webhooks"): who may register them, the SSRF guard at creation (without
// and with WEBHOOK_ALLOW_PRIVATE, the database unchanged after each refusal) and at delivery, and
// one signed delivery to a real local receiver, its signature checked here with node:crypto.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWebhookTarget } from '../../server/webhooks/guard.js';
import { deliverWebhook } from '../../server/webhooks/deliver.js';
import { op } from '../support/contract.js';
import { startHarness, type Harness } from '../support/harness.js';

const LIST = `query { webhooks { id url events createdAt } }`;
const DELETE = `mutation($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { webhook { id url } } }`;

let strict: Harness;
let relaxed: Harness;
beforeAll(async () => {
  strict = await startHarness();
  relaxed = await startHarness({ env: { WEBHOOK_ALLOW_PRIVATE: '1' } });
}, 120_000);
afterAll(async () => {
  await strict?.close();
  await relaxed?.close();
});

const create = (h: Harness, url: string, token?: string | null, events = ['REQUEST_UPDATED']) => h.gql(op('CreateWebhook'), { input: { url, events } }, token);

/** Every case the guard refuses: the url, and whether WEBHOOK_ALLOW_PRIVATE=1 lets it through. */
const URLS: { url: string; allowedWhenPrivate: boolean; reason: RegExp }[] = [
  { url: 'http://169.254.169.254/latest/meta-data/', allowedWhenPrivate: false, reason: /linkLocal address, never called/ },
  { url: 'http://0.0.0.0:8080/hook', allowedWhenPrivate: false, reason: /unspecified address, never called/ },
  { url: 'http://[fe80::1]/hook', allowedWhenPrivate: false, reason: /linkLocal address, never called/ },
  { url: 'http://[::1]:9/hook', allowedWhenPrivate: true, reason: /::1 is a loopback address/ },
  { url: 'http://localhost:9/hook', allowedWhenPrivate: true, reason: /localhost resolves to .* loopback address/ },
  { url: 'http://10.0.0.7/hook', allowedWhenPrivate: true, reason: /private address/ },
  { url: 'file:///etc/passwd', allowedWhenPrivate: false, reason: /only http and https urls are accepted, not file:/ },
  { url: 'gopher://127.0.0.1:70/_HELO', allowedWhenPrivate: false, reason: /only http and https urls are accepted, not gopher:/ },
  { url: `https://93.184.215.14/${'x'.repeat(2048)}`, allowedWhenPrivate: false, reason: /at most 2048 characters/ },
];

describe('createWebhook refuses unsafe urls', () => {
  for (const { url, allowedWhenPrivate, reason } of URLS) {
    it(`${url.slice(0, 60)}: refused without WEBHOOK_ALLOW_PRIVATE, database unchanged`, async () => {
      const before = await strict.snapshot();
      const res = await create(strict, url);
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'url'] });
      expect(res.errors![0]!.message).toMatch(reason);
      expect(await strict.snapshot()).toEqual(before);
    });
    it(`${url.slice(0, 60)}: ${allowedWhenPrivate ? 'accepted' : 'still refused'} with WEBHOOK_ALLOW_PRIVATE=1`, async () => {
      const before = await relaxed.snapshot();
      const res = await create(relaxed, url);
      if (allowedWhenPrivate) {
        expect(res.errors).toBeUndefined();
        expect(res.data.createWebhook.webhook.url).toBe(new URL(url).href);
        expect(await relaxed.snapshot()).not.toEqual(before);
      } else {
        expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'url'] });
        expect(await relaxed.snapshot()).toEqual(before);
      }
    });
  }

  it('refuses a webhook that listens to nothing, database unchanged', async () => {
    const before = await relaxed.snapshot();
    const res = await create(relaxed, 'http://localhost:9/none', undefined, []);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'events'] });
    expect(await relaxed.snapshot()).toEqual(before);
  });
});

describe('the guard checks what a name resolves to', () => {
  const resolvingTo = (addresses: string[]) => async () => addresses;
  it('refuses a name resolving to loopback unless private addresses are allowed', async () => {
    await expect(checkWebhookTarget('https://rebind.test/hook', { allowPrivate: false, resolve: resolvingTo(['127.0.0.1']) })).rejects.toThrow(
      /rebind\.test resolves to 127\.0\.0\.1 is a loopback address/,
    );
    await expect(checkWebhookTarget('https://rebind.test/hook', { allowPrivate: true, resolve: resolvingTo(['127.0.0.1']) })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });
  it('refuses a name when any of its addresses is refused', async () => {
    await expect(checkWebhookTarget('https://mixed.test/', { allowPrivate: true, resolve: resolvingTo(['93.184.215.14', '169.254.169.254']) })).rejects.toThrow(
      /169\.254\.169\.254 is a linkLocal address/,
    );
  });
  it('refuses a name that does not resolve', async () => {
    const fail = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(checkWebhookTarget('https://nowhere.test/', { allowPrivate: true, resolve: fail })).rejects.toThrow(/does not resolve/);
    await expect(checkWebhookTarget('https://nowhere.test/', { allowPrivate: true, resolve: resolvingTo([]) })).rejects.toThrow(/does not resolve/);
  });
});

describe('who may have webhooks', () => {
  it('REQUESTERs and staff create them; each lists its own, ADMIN all; experts and anonymous are refused', async () => {
    const h = relaxed;
    const [req1, req2, coord] = [await h.token('REQUESTER'), await h.token('REQUESTER'), await h.token('COORDINATOR')];
    const made1 = await create(h, 'http://localhost:9/r1', req1, ['REQUEST_UPDATED', 'OFFER_UPDATED', 'REQUEST_UPDATED']);
    expect(made1.errors).toBeUndefined();
    expect(made1.data.createWebhook.webhook.events).toEqual(['REQUEST_UPDATED', 'OFFER_UPDATED']);
    const made2 = await create(h, 'http://localhost:9/r2', req2);
    const madeC = await create(h, 'http://localhost:9/c', coord);
    const mine = (await h.gql(LIST, {}, req1)).data.webhooks;
    expect(mine.map((w: { url: string }) => w.url)).toEqual(['http://localhost:9/r1']);
    expect((await h.gql(LIST, {}, coord)).data.webhooks.map((w: { url: string }) => w.url)).toEqual(['http://localhost:9/c']);
    const all = (await h.gql(LIST)).data.webhooks.map((w: { id: string }) => w.id);
    for (const m of [made1, made2, madeC]) expect(all).toContain(m.data.createWebhook.webhook.id);
    // The secret is never readable again.
    expect((await h.gql(`query { webhooks { secret } }`, {}, req1)).errors![0]!.message).toMatch(/Cannot query field "secret"/);

    const expertId = (await h.gql(`mutation { createExpert(input: { fullName: "Hook Expert", email: "hook.expert@example.org" }) { expert { id } } }`)).data.createExpert.expert.id;
    const expert = await h.token('EXPERT', expertId);
    expect((await create(h, 'http://localhost:9/e', expert)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await h.gql(LIST, {}, expert)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await create(h, 'http://localhost:9/a', null)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');

    // Another requester cannot delete it (NOT_FOUND, nothing written); its owner can; ADMIN can delete any.
    const id1 = made1.data.createWebhook.webhook.id;
    const before = await h.snapshot();
    const stranger = await h.gql(DELETE, { input: { id: id1 } }, req2);
    expect(stranger.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
    expect(await h.snapshot()).toEqual(before);
    expect((await h.gql(DELETE, { input: { id: id1 } }, req1)).data.deleteWebhook.webhook.url).toBe('http://localhost:9/r1');
    expect((await h.gql(LIST, {}, req1)).data.webhooks).toEqual([]);
    expect((await h.gql(DELETE, { input: { id: made2.data.createWebhook.webhook.id } })).errors).toBeUndefined();
    expect((await h.gql(LIST, {}, req2)).data.webhooks).toEqual([]);
  });
});

describe('deliverWebhook', () => {
  let server: Server;
  let port: number;
  const received: { req: IncomingMessage; body: string }[] = [];
  let answer = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ req, body });
        if (answer === 302) res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
        else res.writeHead(answer).end('thanks');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const delivery = { id: 'd7c1f3a0-0000-4000-8000-000000000001', event: 'REQUEST_UPDATED', occurredAt: '2026-12-03T07:00:00.000Z', data: { request: { id: 'x', status: 'STAFFING' } } };

  it('POSTs the JSON signed with the secret; the signature verifies independently', async () => {
    received.length = 0;
    answer = 204;
    const result = await deliverWebhook(`http://127.0.0.1:${port}/in`, 'whsec_test', delivery, { allowPrivate: true });
    expect(result).toEqual({ ok: true, status: 204 });
    const [{ req, body }] = received as [{ req: IncomingMessage; body: string }];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/in');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['standby-delivery']).toBe(delivery.id);
    expect(JSON.parse(body)).toEqual(delivery);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['standby-signature']));
    expect(match).not.toBeNull();
    const [, t, v1] = match!;
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(300);
    const expected = createHmac('sha256', 'whsec_test').update(`${t}.${body}`).digest();
    expect(timingSafeEqual(Buffer.from(v1!, 'hex'), expected)).toBe(true);
    const forged = createHmac('sha256', 'whsec_wrong').update(`${t}.${body}`).digest();
    expect(timingSafeEqual(Buffer.from(v1!, 'hex'), forged)).toBe(false);
  });

  it('reports a non-2xx answer as not delivered, and does not follow a redirect', async () => {
    received.length = 0;
    answer = 500;
    expect(await deliverWebhook(`http://127.0.0.1:${port}/in`, 's', delivery, { allowPrivate: true })).toEqual({ ok: false, status: 500, error: 'HTTP 500' });
    answer = 302;
    expect(await deliverWebhook(`http://127.0.0.1:${port}/in`, 's', delivery, { allowPrivate: true })).toEqual({ ok: false, status: 302, error: 'HTTP 302' });
    expect(received.map((r) => r.req.url)).toEqual(['/in', '/in']);
  });

  it('connects to the address it checked, whatever the name resolves to later', async () => {
    received.length = 0;
    answer = 200;
    const result = await deliverWebhook(`http://rebind.test:${port}/pinned`, 's', delivery, { allowPrivate: true, resolve: async () => ['127.0.0.1'] });
    expect(result).toEqual({ ok: true, status: 200 });
    expect(received[0]!.req.headers.host).toBe(`rebind.test:${port}`);
  });

  it('checks the address again at delivery: refused without a connection', async () => {
    received.length = 0;
    const loopback = await deliverWebhook(`http://127.0.0.1:${port}/in`, 's', delivery, { allowPrivate: false });
    expect(loopback).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
    const metadata = await deliverWebhook('http://metadata.test/', 's', delivery, { allowPrivate: true, resolve: async () => ['169.254.169.254'] });
    expect(metadata).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: metadata\.test resolves to 169\.254\.169\.254/) });
    expect(received).toEqual([]);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const result = await deliverWebhook(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, 's', delivery, { allowPrivate: true, timeoutMs: 200 });
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
    expect(result).toEqual({ ok: false, error: 'no answer within 200 ms' });
  });
});
