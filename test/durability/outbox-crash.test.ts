// kill -9 during a delivery loses no message: the server (a child process) claims an offer mail and
// is killed while the SMTP peer holds its data unacknowledged; the next start delivers it once the
// claim's lease (OUTBOX_LEASE_MS) has passed. On PGlite (a data directory) and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cloneDatabase, usingPostgres } from '../support/harness.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { CRASH_ADMIN, startServer, type Child } from './server.js';

let env: Record<string, string>;
let cleanup: () => Promise<void> = async () => {};
let smtp: SmtpPeer;
let child: Child | undefined;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  const common = { SMTP_URL: smtp.url, JOB_INTERVAL_MS: '100', OUTBOX_LEASE_MS: '1500' };
  if (usingPostgres) {
    const clone = await cloneDatabase();
    await clone.database.close();
    env = { ...common, DATABASE_URL: clone.url! };
    cleanup = clone.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'standby-outbox-crash-'));
    env = { ...common, DATA_DIR: join(dir, 'data') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  await child?.kill9().catch(() => undefined);
  await smtp?.close();
  await cleanup();
});

async function gql(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${CRASH_ADMIN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

it('delivers a mail whose sender was killed mid-delivery, after a restart', async () => {
  const first = await startServer(env);
  if (!first.ready) throw new Error(first.output);
  child = first.child;
  const expert = await gql(child.url, `mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`, {
    input: { fullName: 'Crash Mail', email: 'crash.mail@example.org', gender: 'FEMALE', nationalities: ['FR'], languages: [{ code: 'fr', proficiency: 'FLUENT' }], expertise: [{ area: 'PROCESS_DESIGN', level: 3 }] },
  });
  const request = await gql(child.url, `mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { roles { id } } } }`, {
    input: { title: 'Crash', requestingEntity: 'UNOWAS', country: 'GN', mode: 'REMOTE', startDate: '2031-03-01', endDate: '2031-03-03', roles: [{ expertise: 'PROCESS_DESIGN', count: 1 }] },
  });
  smtp.hold = true;
  await gql(child.url, `mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id } } }`, {
    input: { roleId: request.createDeploymentRequest.request.roles[0].id, expertId: expert.createExpert.expert.id },
  });
  // The worker has the message in hand: its data reached the peer, which does not answer.
  const deadline = Date.now() + 20_000;
  while (smtp.held < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(smtp.held).toBe(1);
  await child.kill9();
  child = undefined;
  expect(smtp.received).toHaveLength(0);
  smtp.hold = false;
  const second = await startServer(env);
  if (!second.ready) throw new Error(second.output);
  child = second.child;
  const [mail] = await smtp.waitFor(1, 30_000);
  expect(mail!.envelopeTo).toEqual(['crash.mail@example.org']);
  expect(mail!.mail.subject).toMatch(/^Deployment offer: Crash/);
  const outbox = await gql(child.url, `{ outbox(first: 5, filter: { recipient: "crash.mail@example.org" }) { edges { node { status attempts } } } }`, {});
  expect(outbox.outbox.edges.map((e: { node: unknown }) => e.node)).toEqual([{ status: 'SENT', attempts: 2 }]);
  await new Promise((r) => setTimeout(r, 500));
  expect(smtp.received).toHaveLength(1);
});
