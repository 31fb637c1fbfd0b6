// Mail, end to end against a real SMTP peer over TCP (smtp-server): what an offer mail carries
// (headers, text and HTML parts, the iCalendar invitation, dates in the expert's own zone and
// language), one-tap replies (GET changes nothing; altered, replayed, expired and withdrawn links;
// a link used from another account), what the coordinator hears, and the outbox's privacy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../server/domain/dates.js';
import { codes, createExpert, createRequest, WITHDRAW } from '../support/fixtures.js';
import { op } from '../support/contract.js';
import { startHarness, type Harness } from '../support/harness.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';

const OFFER_BY = op('OfferAssignmentBy');
const BY_LINK = op('RespondToOfferByLink');
const OUTBOX = op('Outbox');
const PUBLIC = 'https://standby.example.org';

let h: Harness;
let smtp: SmtpPeer;
let coordinator: string;
let coordinatorNoMail: string;
let window = 0;
const D0 = addDays(today(), 90);

/** Offers a seat; `respondBy` is an instant, or milliseconds from the moment the offer is sent. */
async function offer(expertId: string, respondBy?: string | number, token = coordinator): Promise<{ id: string; respondBy: string }> {
  const start = addDays(D0, 5 * window++);
  const request = await createRequest(h.gql, { title: `Mediation support ${window}`, country: 'SN', startDate: start, endDate: addDays(start, 2) });
  if (typeof respondBy === 'number') respondBy = new Date(Date.now() + respondBy).toISOString();
  const res = await h.gql(OFFER_BY, { input: { roleId: request.roleIds[0], expertId, ...(respondBy ? { respondBy } : {}) } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.offerAssignment.assignment;
}

/** Delivers what is due and returns the messages the peer received meanwhile. */
async function deliver(expected: number) {
  const before = smtp.received.length;
  await h.app.jobs.runOnce();
  return (await smtp.waitFor(before + expected)).slice(before);
}

const consumed = new Set<unknown>();
/** The secret of the newest offer mail to `email` not read yet (delivering what is due first). */
async function nextOfferSecret(email: string): Promise<string> {
  await h.app.jobs.runOnce();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.find((m) => !consumed.has(m) && m.envelopeTo.includes(email) && /\/respond\//.test(m.mail.text ?? ''));
    if (found) {
      consumed.add(found);
      return secretOf(found.mail.text!);
    }
    if (Date.now() > deadline) throw new Error(`no offer mail to ${email}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function secretOf(text: string): string {
  const secret = /\/respond\/([^?\s]+)\?answer=accept/.exec(text)?.[1];
  if (!secret) throw new Error(`no one-tap link in: ${text}`);
  return secret;
}

beforeAll(async () => {
  smtp = await startSmtpPeer();
  h = await startHarness({ env: { SMTP_URL: smtp.url, PUBLIC_URL: PUBLIC, MAIL_FROM: 'Standby MSU <standby@msu.example.org>' } });
  const made = await h.gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`, {
    input: { role: 'COORDINATOR', name: 'Desk officer', email: 'desk@msu.example.org' },
  });
  coordinator = made.data.createApiToken.token;
  coordinatorNoMail = await h.token('COORDINATOR');
});

afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

describe('the offer mail', () => {
  it('reaches the expert with text, HTML and an iCalendar invitation, in French and in the expert’s own time zone', async () => {
    const expertId = await createExpert(h.gql, { fullName: 'Aïssatou Ndiaye', email: 'aissatou@example.org', homeTimeZone: 'Asia/Tokyo', preferredLanguage: 'fr' });
    const respondBy = new Date(Date.now() + 26 * 3_600_000);
    respondBy.setUTCHours(15, 0, 0, 0); // 15:00 UTC is 00:00 the next day in Tokyo
    const made = await offer(expertId, respondBy.toISOString());
    expect(made.respondBy).toBe(respondBy.toISOString());
    const [message] = await deliver(1);
    const { mail, envelopeTo } = message!;
    expect(envelopeTo).toEqual(['aissatou@example.org']);
    expect(mail.from?.text).toBe('"Standby MSU" <standby@msu.example.org>');
    expect(mail.subject).toBe(`Proposition de déploiement : Mediation support ${window}`);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@standby>$/);
    // Plain text and HTML, each with both links to this server's public url.
    const secret = secretOf(mail.text!);
    expect(mail.text).toContain(`${PUBLIC}/respond/${secret}?answer=accept`);
    expect(mail.text).toContain(`${PUBLIC}/respond/${secret}?answer=decline`);
    expect(mail.html).toContain(`href="${PUBLIC}/respond/${secret}?answer=decline"`);
    expect(mail.html).toContain('lang="fr"');
    expect(mail.text).toContain('Accepter');
    // The deadline in Tokyo's time: the next calendar day at 00:00, named in French.
    const tokyo = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Asia/Tokyo', day: 'numeric', month: 'long' }).format(respondBy);
    expect(mail.text).toContain(tokyo);
    expect(mail.text).toMatch(/00:00/);
    expect(mail.text).toContain('Asia/Tokyo');
    // The invitation: METHOD:REQUEST, all-day over the request's days.
    const calendar = mail.attachments.find((a) => a.contentType.startsWith('text/calendar')) ?? null;
    const ics = calendar ? calendar.content.toString('utf8') : message!.raw;
    expect(message!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toMatch(/DTSTART;VALUE=DATE:\d{8}/);
    expect(ics).toContain(`UID:assignment-`);
  });

  it('is written in English by default, and the outbox shows it SENT', async () => {
    const expertId = await createExpert(h.gql, { fullName: 'Grace Mensah', email: 'grace@example.org', homeTimeZone: 'Africa/Accra' });
    await offer(expertId);
    const [message] = await deliver(1);
    expect(message!.mail.subject).toMatch(/^Deployment offer: /);
    expect(message!.mail.text).toContain('Please answer by');
    const res = await h.gql(OUTBOX, { first: 1, filter: { recipient: 'grace@example.org', kind: 'OFFER_MADE' } });
    expect(res.data.outbox.edges[0].node).toMatchObject({ channel: 'EMAIL', status: 'SENT', attempts: 1, recipient: 'grace@example.org' });
    expect(res.data.outbox.edges[0].node.sentAt).not.toBeNull();
  });
});

describe('one-tap replies', () => {
  let expertId: string;
  let expertToken: string;
  beforeAll(async () => {
    expertId = await createExpert(h.gql, { fullName: 'Tariq Haddad', email: 'tariq@example.org', homeTimeZone: 'Asia/Amman' });
    expertToken = await h.token('EXPERT', expertId);
  });

  it('shows the offer on GET and changes nothing, then accepts once; the coordinator hears of it', async () => {
    const made = await offer(expertId);
    const secret = await nextOfferSecret('tariq@example.org');
    const before = await h.snapshot();
    for (const answer of ['accept', 'decline', '']) {
      const page = await h.app.inject({ method: 'GET', url: `/respond/${secret}${answer ? `?answer=${answer}` : ''}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('<meta name="viewport"');
      expect(page.body).toMatch(/<button type="submit" name="answer" value="accept"[^>]*>Accept<\/button>/);
      expect(page.body).toMatch(/<button type="submit" name="answer" value="decline"[^>]*>Decline<\/button>/);
      expect(page.body).toContain('<label for="note">');
      expect(page.body).not.toContain('<script');
    }
    expect(await h.snapshot()).toEqual(before);
    // No token at all: the secret is the credential.
    const res = await h.gql(BY_LINK, { input: { secret, accept: true, note: 'Ready' } }, null);
    expect(res.errors).toBeUndefined();
    expect(res.data.respondToOfferByLink.assignment).toEqual({ id: made.id, status: 'ACCEPTED' });
    const seen = await h.gql(`query($id: ID!) { node(id: $id) { ... on Assignment { status respondedByRole note } } }`, { id: made.id });
    expect(seen.data.node).toEqual({ status: 'ACCEPTED', respondedByRole: 'EXPERT', note: 'Ready' });
    const answered = (await deliver(1)).find((m) => m.envelopeTo.includes('desk@msu.example.org'));
    expect(answered!.envelopeTo).toEqual(['desk@msu.example.org']);
    expect(answered!.mail.subject).toMatch(/^Tariq Haddad accepted: /);
    expect(answered!.mail.text).toContain(`${PUBLIC}/requests/`);
    // A replay is refused, and changes nothing.
    const again = await h.snapshot();
    const replay = await h.gql(BY_LINK, { input: { secret, accept: false } }, null);
    expect(replay.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LINK_USED' });
    expect(await h.snapshot()).toEqual(again);
  });

  it('answers through the page’s form too, exactly once', async () => {
    await offer(expertId);
    const secret = await nextOfferSecret('tariq@example.org');
    const post = await h.app.inject({ method: 'POST', url: `/respond/${secret}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'answer=decline&note=On+leave' });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('You declined this offer.');
    const replay = await h.app.inject({ method: 'POST', url: `/respond/${secret}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'answer=accept' });
    expect(replay.statusCode).toBe(403);
    expect(replay.body).toContain('used already');
  });

  it('refuses an altered secret and one never issued, with the database unchanged', async () => {
    await offer(expertId);
    const secret = await nextOfferSecret('tariq@example.org');
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    const otherId = `${crypto.randomUUID()}${secret.slice(36)}`;
    const before = await h.snapshot();
    for (const bad of [flipped, otherId, 'not-a-secret', `${secret}x`, '']) {
      const res = await h.gql(BY_LINK, { input: { secret: bad, accept: true } }, null);
      expect(res.errors?.[0]?.extensions, bad).toMatchObject({ code: 'FORBIDDEN', reason: 'LINK_INVALID' });
      const page = await h.app.inject({ method: 'GET', url: `/respond/${encodeURIComponent(bad) || 'x'}` });
      expect(page.statusCode).toBe(404);
    }
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses a link past respondBy (LINK_EXPIRED) and one whose offer was withdrawn (CONFLICT)', async () => {
    const soon = await offer(expertId, 1500);
    const late = await nextOfferSecret('tariq@example.org');
    const withdrawn = await offer(expertId);
    const gone = await nextOfferSecret('tariq@example.org');
    expect((await h.gql(WITHDRAW, { input: { assignmentId: withdrawn.id } }, coordinator)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon.respondBy) + 100 - Date.now())));
    const before = await h.snapshot();
    const expired = await h.gql(BY_LINK, { input: { secret: late, accept: true } }, null);
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LINK_EXPIRED' });
    const closed = await h.gql(BY_LINK, { input: { secret: gone, accept: true } }, null);
    expect(codes(closed)).toEqual(['CONFLICT']);
    expect(await h.snapshot()).toEqual(before);
  });

  it('acts as the expert the secret names, even when another account sends it', async () => {
    const made = await offer(expertId);
    const secret = await nextOfferSecret('tariq@example.org');
    const stranger = await createExpert(h.gql, { fullName: 'Someone Else', email: 'someone@example.org' });
    const strangerToken = await h.token('EXPERT', stranger);
    const res = await h.gql(BY_LINK, { input: { secret, accept: true } }, strangerToken);
    expect(res.errors).toBeUndefined();

    const seen = await h.gql(`query($id: ID!) { node(id: $id) { ... on Assignment { status respondedByRole expert { id } } } }`, { id: made.id }, expertToken);
    expect(seen.data.node).toEqual({ status: 'ACCEPTED', respondedByRole: 'EXPERT', expert: { id: expertId } });
  });
});

describe('bad input and privacy', () => {
  it('refuses a respondBy in the past with BAD_USER_INPUT on the field, the database unchanged', async () => {
    const expertId = await createExpert(h.gql);
    const request = await createRequest(h.gql, { startDate: addDays(D0, 300), endDate: addDays(D0, 301) });
    const before = await h.snapshot();
    for (const respondBy of [new Date(Date.now() - 60_000).toISOString(), new Date().toISOString()]) {
      const res = await h.gql(OFFER_BY, { input: { roleId: request.roleIds[0], expertId, respondBy } }, coordinator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'respondBy'] });
    }
    expect(await h.snapshot()).toEqual(before);
  });

  it('shows COORDINATOR no body (where one-tap secrets are), and ADMIN the whole message', async () => {
    const asCoordinator = await h.gql(`{ outbox(first: 3, filter: { kind: OFFER_MADE }) { edges { node { subject body } } } }`, {}, coordinatorNoMail);
    expect(asCoordinator.errors?.map((e) => e.extensions.code)).toContain('FORBIDDEN');
    for (const edge of asCoordinator.data?.outbox?.edges ?? []) expect(edge.node.body).toBeNull();
    const visible = await h.gql(`{ outbox(first: 3, filter: { kind: OFFER_MADE }) { edges { node { subject recipient lastError } } } }`, {}, coordinatorNoMail);
    expect(JSON.stringify(visible.data)).not.toMatch(/respond\//);
    const asAdmin = await h.gql(`{ outbox(first: 1, filter: { kind: OFFER_MADE }) { edges { node { body } } } }`);
    expect(JSON.parse(asAdmin.data.outbox.edges[0].node.body).text).toMatch(/\/respond\//);
  });
});
