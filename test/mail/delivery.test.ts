// The outbox's delivery rules against real SMTP peers: retries with backoff then DEAD when the
// server is down or refuses, the same Message-ID on a retry, KEPT without SMTP_URL; the worker's
// expiry of offers past respondBy; clearance reminders once each across passes and instances; and
// expert email changes that apply only once confirmed, saying nothing about other experts.
import { sql } from 'drizzle-orm';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/rows.js';
import { parseGlobalId } from '../../server/graphql/ids.js';
import { addDays, today } from '../../server/domain/dates.js';
import { MAX_ATTEMPTS, retryDelayMs } from '../../server/domain/delivery.js';
import { codes, createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { op } from '../support/contract.js';
import { startHarness, type Harness } from '../support/harness.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';

const OFFER_BY = op('OfferAssignmentBy');
const UPDATE = `mutation($input: UpdateExpertInput!) { updateExpert(input: $input) { expert { id email version } } }`;
let windows = 0;
const D0 = addDays(today(), 200);
const nextWindow = () => {
  const start = addDays(D0, 5 * windows++);
  return { startDate: start, endDate: addDays(start, 1) };
};

type Row = { id: string; status: string; attempts: number; last_error: string | null; kind: string; recipient: string };
async function outbox(h: Harness, where = sql`true`): Promise<Row[]> {
  return rowsOf<Row>(await h.database.db.execute(sql`select id, status, attempts, last_error, kind, recipient from outbox_message where ${where} order by created_at, id`));
}
/** Time passes: every waiting message is due now. */
async function makeDue(h: Harness): Promise<void> {
  await h.database.db.execute(sql`update outbox_message set next_attempt_at = now() where status in ('PENDING', 'RETRYING')`);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('delivery when the SMTP server is down', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, JOB_INTERVAL_MS: '1000' } });
  });
  afterAll(() => h?.close());

  it('keeps the mutation’s success, retries with growing delays, and marks the message DEAD after the last attempt', async () => {
    const expertId = await createExpert(h.gql, { email: 'down@example.org' });
    const request = await createRequest(h.gql, nextWindow());
    const res = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    expect(res.data.offerAssignment.assignment.status).toBe('OFFERED');
    const where = sql`recipient = 'down@example.org'`;
    expect((await outbox(h, where)).map((m) => m.status)).toEqual(['PENDING']);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stats = await h.app.jobs.runOnce();
      expect(stats.failed).toBe(1);
      const [row] = await outbox(h, where);
      expect(row!.attempts).toBe(attempt);
      expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
      if (attempt < MAX_ATTEMPTS) {
        expect(row!.status).toBe('RETRYING');
        // Not due before its backoff: the next pass leaves it alone.
        const [due] = rowsOf<{ wait: number }>(await h.database.db.execute(sql`select extract(epoch from next_attempt_at - now()) * 1000 as wait from outbox_message where ${where}`));
        expect(Number(due!.wait)).toBeGreaterThan(retryDelayMs(attempt, 1000) - 1500);
        expect((await h.app.jobs.runOnce()).failed).toBe(0);
        await makeDue(h);
      } else {
        expect(row!.status).toBe('DEAD');
      }
    }
    await makeDue(h);
    expect((await h.app.jobs.runOnce()).failed).toBe(0);
    expect((await outbox(h, where))[0]!.attempts).toBe(MAX_ATTEMPTS);
  });
});

describe('delivery to a peer that refuses, then recovers', () => {
  let h: Harness;
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await startSmtpPeer();
    h = await startHarness({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('retries a refused message and delivers it once, with its outbox id as Message-ID', async () => {
    smtp.refuse = true;
    const expertId = await createExpert(h.gql, { email: 'refused@example.org' });
    const request = await createRequest(h.gql, nextWindow());
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    await h.app.jobs.runOnce();
    const [row] = await outbox(h, sql`recipient = 'refused@example.org'`);
    expect(row).toMatchObject({ status: 'RETRYING', attempts: 1 });
    expect(row!.last_error).toMatch(/550/);
    smtp.refuse = false;
    await makeDue(h);
    await h.app.jobs.runOnce();
    const [message] = await smtp.waitFor(1);
    expect(message!.mail.messageId).toBe(`<${row!.id}@standby>`);
    expect((await outbox(h, sql`recipient = 'refused@example.org'`))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
    await makeDue(h);
    await h.app.jobs.runOnce();
    expect(smtp.received).toHaveLength(1);
  });

  it('writes nothing for a mutation that fails', async () => {
    const expertId = await createExpert(h.gql);
    const request = await createRequest(h.gql, nextWindow());
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    const before = await h.snapshot();
    const second = await createExpert(h.gql);
    const mid = await h.snapshot();
    const res = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: second } });
    expect(codes(res)).toEqual(['CONFLICT']);
    expect(await h.snapshot()).toEqual(mid);
    expect(mid.outbox_message).toBe(before.outbox_message);
  });
});

describe('without SMTP_URL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('keeps mail in the outbox (KEPT), readable there', async () => {
    const expertId = await createExpert(h.gql, { email: 'kept@example.org' });
    const request = await createRequest(h.gql, nextWindow());
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    await h.app.jobs.runOnce();
    const res = await h.gql(op('Outbox'), { first: 5, filter: { recipient: 'KEPT@example.org' } });
    expect(res.data.outbox.edges.map((e: { node: { status: string; kind: string } }) => [e.node.kind, e.node.status])).toEqual([['OFFER_MADE', 'KEPT']]);
  });

  it('expires an offer past respondBy: EXPIRED, days free, events out, the expert and the coordinator told', async () => {
    const made = await h.gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`, { input: { role: 'COORDINATOR', name: 'Expiry desk', email: 'expiry-desk@example.org' } });
    const coordinator = made.data.createApiToken.token;
    const expertId = await createExpert(h.gql, { email: 'late@example.org' });
    const window = nextWindow();
    const request = await createRequest(h.gql, { ...window, roles: [{ expertise: 'PROCESS_DESIGN', count: 1 }] });
    const respondBy = Date.now() + 5000;
    const res = await h.gql(OFFER_BY, { input: { roleId: request.roleIds[0], expertId, respondBy: new Date(respondBy).toISOString() } }, coordinator);
    const assignmentId = res.data.offerAssignment.assignment.id;
    // Before respondBy nothing expires.
    expect((await h.app.jobs.runOnce()).expired).toBe(0);
    const soon = await h.gql(`{ expiringOffers(withinHours: 1) { id respondBy } }`, {}, coordinator);
    expect(soon.data.expiringOffers.map((a: { id: string }) => a.id)).toContain(assignmentId);
    const offerEvents = h.app.events.subscribe('offerUpdated', parseGlobalId(expertId)!.id);
    const requestEvents = h.app.events.subscribe('requestUpdated', parseGlobalId(request.id)!.id);
    const nextOffer = offerEvents.next();
    const nextRequest = requestEvents.next();
    await new Promise((r) => setTimeout(r, Math.max(0, respondBy + 100 - Date.now())));
    expect((await h.app.jobs.runOnce()).expired).toBe(1);
    expect((await nextOffer).value).toEqual({ assignmentId: parseGlobalId(assignmentId)!.id });
    expect((await nextRequest).value).toEqual({ requestId: parseGlobalId(request.id)!.id });
    await offerEvents.return?.();
    await requestEvents.return?.();
    const seen = await h.gql(`query($id: ID!) { node(id: $id) { ... on Assignment { status } } }`, { id: assignmentId });
    expect(seen.data.node.status).toBe('EXPIRED');
    const mail = await outbox(h, sql`kind in ('OFFER_CLOSED', 'OFFER_EXPIRED') and recipient in ('late@example.org', 'expiry-desk@example.org')`);
    expect(mail.map((m) => [m.kind, m.recipient]).sort()).toEqual([['OFFER_CLOSED', 'late@example.org'], ['OFFER_EXPIRED', 'expiry-desk@example.org']]);
    // Its seat and days are free: the same expert can be offered the same seat again.
    const again = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    expect(again.errors).toBeUndefined();
  });

  it('sends each clearance reminder once (30 and 7 days), whatever the passes and instances', async () => {
    const in20 = await createExpert(h.gql, { email: 'in20@example.org', securityTrainingValidUntil: addDays(today(), 20) });
    await createExpert(h.gql, { email: 'in5@example.org', medicalClearanceValidUntil: addDays(today(), 5) });
    await createExpert(h.gql, { email: 'in40@example.org', medicalClearanceValidUntil: addDays(today(), 40) });
    const other = await h.instance();
    await h.app.jobs.runOnce({ reminders: true });
    await other.app.jobs.runOnce({ reminders: true });
    await h.app.jobs.runOnce({ reminders: true });
    const reminders = await outbox(h, sql`kind = 'CLEARANCE_EXPIRING' and recipient in ('in20@example.org', 'in5@example.org', 'in40@example.org')`);
    expect(reminders.map((m) => m.recipient).sort()).toEqual(['in20@example.org', 'in5@example.org']);
    const keys = rowsOf<{ dedupe_key: string }>(await h.database.db.execute(sql`select dedupe_key from outbox_message where recipient in ('in20@example.org', 'in5@example.org') order by dedupe_key`));
    expect(keys.map((k) => k.dedupe_key.replace(/^clearance:[0-9a-f-]+:/, '')).sort()).toEqual([`MEDICAL:${addDays(today(), 5)}:7`, `SECURITY_TRAINING:${addDays(today(), 20)}:30`]);
    const listed = await h.gql(op('ExpiringClearances'), { withinDays: 30 });
    const ids = listed.data.expiringClearances.map((c: { expert: { id: string } }) => c.expert.id);
    expect(ids).toContain(in20);
    const full = await h.gql(`{ expiringClearances(withinDays: 30) { clearance validUntil daysLeft } }`);
    const days = full.data.expiringClearances.map((c: { daysLeft: number }) => c.daysLeft);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(codes(await h.gql(`{ expiringClearances(withinDays: -1) { daysLeft } }`))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('an expert’s email change', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PUBLIC_URL: 'https://standby.example.org' } });
  });
  afterAll(() => h?.close());

  it('applies only once the link sent to the new address is confirmed, and answers alike for a taken address', async () => {
    const expertId = await createExpert(h.gql, { email: 'old@example.org' });
    await createExpert(h.gql, { email: 'taken@example.org' });
    const token = await h.token('EXPERT', expertId);
    const free = await h.gql(UPDATE, { input: { id: expertId, expectedVersion: 1, email: 'new@example.org' } }, token);
    const taken = await h.gql(UPDATE, { input: { id: expertId, expectedVersion: 2, email: 'taken@example.org' } }, token);
    expect(free.errors).toBeUndefined();
    expect(taken.errors).toBeUndefined();
    expect(free.data.updateExpert.expert.email).toBe('old@example.org');
    expect(taken.data.updateExpert.expert.email).toBe('old@example.org');
    const mails = rowsOf<{ recipient: string; body: { text: string } }>(
      await h.database.db.execute(sql`select recipient, body from outbox_message where kind = 'EMAIL_CONFIRMATION' order by created_at, id`),
    );
    expect(mails.map((m) => m.recipient)).toEqual(['new@example.org', 'taken@example.org']);
    const link = /https:\/\/standby\.example\.org(\/confirm-email\/\S+)/.exec(mails[0]!.body.text)?.[1];
    expect(link).toBeDefined();
    const before = await h.snapshot();
    const page = await h.app.inject({ method: 'GET', url: link! });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('new@example.org');
    expect(await h.snapshot()).toEqual(before);
    const confirmed = await h.app.inject({ method: 'POST', url: link!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(confirmed.statusCode).toBe(200);
    const seen = await h.gql(`query($id: ID!) { node(id: $id) { ... on Expert { email } } }`, { id: expertId });
    expect(seen.data.node.email).toBe('new@example.org');
    const replay = await h.app.inject({ method: 'POST', url: link!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(replay.statusCode).toBe(403);
    // The taken address's link cannot take another expert's address.
    const takenLink = /https:\/\/standby\.example\.org(\/confirm-email\/\S+)/.exec(mails[1]!.body.text)?.[1];
    const refused = await h.app.inject({ method: 'POST', url: takenLink!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(refused.statusCode).toBe(403);
    expect((await h.gql(`query($id: ID!) { node(id: $id) { ... on Expert { email } } }`, { id: expertId })).data.node.email).toBe('new@example.org');
  });
});
