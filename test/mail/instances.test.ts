// Two instances on one PostgreSQL database, each with its own worker, deliver 50 offers: every
// expert gets exactly one mail per offer (FOR UPDATE SKIP LOCKED and the lease keep two workers
// off one message). PGlite serves one connection, so two instances cannot race there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../server/domain/dates.js';
import { createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { startHarness, usingPostgres, type Harness, type Instance } from '../support/harness.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';

describe.skipIf(!usingPostgres)('mail from two instances (PostgreSQL only: PGlite serves one connection, so two instances cannot race there)', () => {
  let h: Harness;
  let other: Instance;
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await startSmtpPeer();
    h = await startHarness({ env: { SMTP_URL: smtp.url, JOBS: '1', JOB_INTERVAL_MS: '100' } });
    other = await h.instance();
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('sends exactly one mail per offer across both workers', async () => {
    const offers: { roleId: string; expertId: string; email: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const email = `twice.${i}@example.org`;
      const expertId = await createExpert(h.gql, { email });
      const start = addDays(today(), 30 + 3 * i);
      const request = await createRequest(h.gql, { startDate: start, endDate: addDays(start, 1) });
      offers.push({ roleId: request.roleIds[0]!, expertId, email });
    }
    // Half through each instance, all at once; each instance's worker wakes as its writes commit.
    const results = await Promise.all(offers.map((o, i) => (i % 2 ? other.gql : h.gql)(OFFER, { input: { roleId: o.roleId, expertId: o.expertId } })));
    expect(results.filter((r) => r.errors)).toEqual([]);
    await smtp.waitFor(50, 30_000);
    // Both workers keep polling; nothing more may arrive.
    await new Promise((r) => setTimeout(r, 1500));
    const offerMails = smtp.received.filter((m) => /^Deployment offer/.test(m.mail.subject ?? ''));
    expect(offerMails).toHaveLength(50);
    expect(new Set(offerMails.map((m) => m.envelopeTo[0])).size).toBe(50);
    expect(new Set(offerMails.map((m) => m.mail.messageId)).size).toBe(50);
    for (const o of offers) expect(offerMails.filter((m) => m.envelopeTo.includes(o.email))).toHaveLength(1);
  });
});
