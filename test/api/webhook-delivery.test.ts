// Webhook deliveries through the outbox (docs/api.md, "Webhooks"): a change writes one WEBHOOK
// message per listening webhook in its own transaction; the worker POSTs it, signed, to a real
// local receiver; a receiver that fails and then recovers gets the same delivery id again. A
// REQUESTER's webhook hears only its own requests, a staff webhook all of them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/rows.js';
import { addDays, today } from '../../server/domain/dates.js';
import { createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { op } from '../support/contract.js';
import { startHarness, type Harness } from '../support/harness.js';

interface Received {
  path: string;
  delivery: string;
  signature: string;
  body: string;
}

let h: Harness;
let server: Server;
let base: string;
const received: Received[] = [];
/** How the receiver answers each path: a status, or a list of statuses used up one per POST. */
const answers = new Map<string, number[]>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url!, delivery: String(req.headers['standby-delivery']), signature: String(req.headers['standby-signature']), body });
      const queue = answers.get(req.url!) ?? [];
      res.writeHead(queue.length ? queue.shift()! : 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await startHarness({ env: { WEBHOOK_ALLOW_PRIVATE: '1', JOB_INTERVAL_MS: '1000' } });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

async function hook(token: string, path: string, events: string[]): Promise<string> {
  const res = await h.gql(op('CreateWebhook'), { input: { url: `${base}${path}`, events } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createWebhook.secret;
}

type Row = { id: string; status: string; attempts: number; kind: string; recipient: string; last_error: string | null };
const webhookRows = async (): Promise<Row[]> =>
  rowsOf<Row>(await h.database.db.execute(sql`select id, status, attempts, kind::text, recipient, last_error from outbox_message where channel = 'WEBHOOK' order by created_at, id`));
const makeDue = () => h.database.db.execute(sql`update outbox_message set next_attempt_at = now() where status in ('PENDING', 'RETRYING')`);

function verify(r: Received, secret: string): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature) ?? [];
  if (!t || !v1) return false;
  return timingSafeEqual(Buffer.from(v1, 'hex'), createHmac('sha256', secret).update(`${t}.${r.body}`).digest());
}

describe('webhook deliveries', () => {
  it('deliver each change to the webhooks that hear it, signed; a failed one is retried with the same id', async () => {
    const owner = await h.token('REQUESTER');
    const other = await h.token('REQUESTER');
    const ownerSecret = await hook(owner, '/owner', ['REQUEST_UPDATED', 'OFFER_UPDATED']);
    await hook(other, '/other', ['REQUEST_UPDATED', 'OFFER_UPDATED']);
    const staffSecret = await hook(await h.token('COORDINATOR'), '/staff', ['OFFER_UPDATED']);
    // The owner's receiver is down for the first three attempts, then recovers.
    answers.set('/owner', [503, 503, 503]);

    const start = addDays(today(), 40);
    const request = await createRequest(h.gql, { startDate: start, endDate: addDays(start, 3) }, owner);
    const expertId = await createExpert(h.gql, { email: 'hooked@example.org' });
    const offered = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    expect(offered.errors).toBeUndefined();

    // Written in each change's transaction, before any delivery: the owner hears the request's
    // creation (SUBMITTED), its move to STAFFING and the offer; staff the offer; the other requester nothing.
    const queued = await webhookRows();
    const byRecipient = (path: string) => queued.filter((r) => r.recipient === `${base}${path}`).map((r) => r.kind).sort();
    expect(byRecipient('/owner')).toEqual(['OFFER_UPDATED', 'REQUEST_UPDATED', 'REQUEST_UPDATED']);
    expect(byRecipient('/staff')).toEqual(['OFFER_UPDATED']);
    expect(byRecipient('/other')).toEqual([]);
    expect(queued.every((r) => r.status === 'PENDING')).toBe(true);
    // The outbox (whose body ADMIN may read) never holds a webhook's secret.
    const stored = rowsOf<{ text: string }>(await h.database.db.execute(sql`select row_to_json(m)::text as text from outbox_message m`)).map((r) => r.text);
    expect(stored.length).toBeGreaterThan(0);
    for (const secret of [ownerSecret, staffSecret]) expect(stored.some((t) => t.includes(secret))).toBe(false);

    await h.app.jobs.runOnce();
    const staffGot = received.filter((r) => r.path === '/staff');
    expect(staffGot).toHaveLength(1);
    expect(verify(staffGot[0]!, staffSecret)).toBe(true);
    expect(verify(staffGot[0]!, ownerSecret)).toBe(false);
    const offer = JSON.parse(staffGot[0]!.body);
    expect(offer).toMatchObject({ id: staffGot[0]!.delivery, event: 'OFFER_UPDATED', data: { assignment: { id: offered.data.offerAssignment.assignment.id, status: 'OFFERED', request: { id: request.id } } } });
    expect(Date.parse(offer.occurredAt)).not.toBeNaN();

    const firstTry = received.filter((r) => r.path === '/owner');
    expect(firstTry).toHaveLength(3);
    expect((await webhookRows()).filter((r) => r.recipient === `${base}/owner`).map((r) => [r.status, r.last_error])).toEqual([
      ['RETRYING', 'HTTP 503'],
      ['RETRYING', 'HTTP 503'],
      ['RETRYING', 'HTTP 503'],
    ]);
    // Not due yet: nothing is sent again before the backoff.
    await h.app.jobs.runOnce();
    expect(received.filter((r) => r.path === '/owner')).toHaveLength(3);

    // The receiver recovers (its queue of 503s is used up); the retry carries the same ids and bodies.
    await makeDue();
    await h.app.jobs.runOnce();
    const all = received.filter((r) => r.path === '/owner');
    expect(all).toHaveLength(6);
    const again = all.slice(3);
    expect(again.map((r) => r.delivery).sort()).toEqual(firstTry.map((r) => r.delivery).sort());
    for (const r of again) {
      expect(verify(r, ownerSecret)).toBe(true);
      expect(r.body).toBe(firstTry.find((f) => f.delivery === r.delivery)!.body);
    }
    const updates = again.map((r) => JSON.parse(r.body)).filter((b) => b.event === 'REQUEST_UPDATED');
    expect(updates.map((u) => u.data.request).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { id: request.id, status: 'STAFFING', previousStatus: 'SUBMITTED' },
      { id: request.id, status: 'SUBMITTED', previousStatus: null },
    ]);
    expect((await webhookRows()).filter((r) => r.recipient === `${base}/owner`).map((r) => [r.status, r.attempts])).toEqual([
      ['SENT', 2],
      ['SENT', 2],
      ['SENT', 2],
    ]);
    expect(received.filter((r) => r.path === '/other')).toEqual([]);
  });

  it('writes nothing for a change that fails, and nothing for a deleted webhook', async () => {
    const owner = await h.token('REQUESTER');
    await hook(owner, '/gone', ['REQUEST_UPDATED', 'OFFER_UPDATED']);
    const list = await h.gql(`query { webhooks { id } }`, {}, owner);
    const start = addDays(today(), 80);
    const request = await createRequest(h.gql, { startDate: start, endDate: addDays(start, 2) }, owner);
    const before = (await webhookRows()).length;
    // An offer to an expert that does not exist fails: no message.
    const bad = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: 'RXhwZXJ0OjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA' } });
    expect(bad.errors).toBeDefined();
    expect((await webhookRows()).length).toBe(before);
    const gone = async () => (await webhookRows()).filter((r) => r.recipient === `${base}/gone`).length;
    expect(await gone()).toBe(1); // the request's creation
    await h.gql(`mutation($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { webhook { id } } }`, { input: { id: list.data.webhooks[0].id } }, owner);
    const expertId = await createExpert(h.gql, { email: 'after.delete@example.org' });
    expect((await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).errors).toBeUndefined();
    expect(await gone()).toBe(1);
  });
});
