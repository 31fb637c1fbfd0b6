// `npm run bench:mail` (issue 11): how fast mail reaches people, measured end to end.
// - Offer → mail: the real server (a child process on PostgreSQL, the worker at its default
//   JOB_INTERVAL_MS) sends OfferAssignment, exactly as a client does, at 1 and at 20 offers a second;
//   a real SMTP peer (smtp-server on loopback) stamps each mail's arrival. The figure is the time from
//   sending the mutation to the peer accepting that expert's mail.
// - Drain: 2,000 messages written to the outbox while the server is down, then the time its worker
//   takes to deliver them all to the peer (messages a second).
// Writes docs/benchmarks.md between <!-- bench:mail:begin --> and <!-- bench:mail:end --> unless --no-write.
import { randomUUID } from 'node:crypto';
import { loadavg, cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { migrateDatabase, openDatabase } from '../server/db/index.js';
import { enqueue, type NewMessage } from '../server/repo/outbox.js';
import { dropDatabase, recreateDatabase } from './lib/api-db.js';
import { freePort, startNode, waitFor } from './lib/api-proc.js';
import { median, replaceBetweenMarkers } from './lib/api-report.js';

const ADMIN = 'bench-mail-admin-token-0123456789';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'standby_bench_mail';
const write = !process.argv.includes('--no-write');
const quick = process.argv.includes('--quick');

const arrivals = new Map<string, number>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo) arrivals.set(r.address, performance.now());
      callback();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

const url = await recreateDatabase(ADMIN_URL, DB);
const port = await freePort();
const env = { DATABASE_URL: url, SMTP_URL: smtpUrl, ADMIN_TOKEN: ADMIN, SEED: 'none', RATE_LIMIT: '0', LOG_LEVEL: 'warn' };
let server = startNode('server/main.ts', env, port);
await waitFor(`${server.url}/readyz`, server, performance.now());

async function gql<T = any>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body));
  return body.data;
}

// The contract's document, verbatim.
const OFFER_BY = `mutation OfferAssignmentBy($input: OfferAssignmentInput!) {
  offerAssignment(input: $input) { assignment { id status respondBy expert { id } } }
}`;

let made = 0;
async function seats(n: number): Promise<{ roleId: string; expertId: string; email: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    made += 1;
    const email = `bench.${made}@example.org`;
    const e = await gql(`mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`, {
      input: { fullName: `Bench Expert ${made}`, email, gender: 'FEMALE', nationalities: ['FR'], homeTimeZone: 'Africa/Dakar', languages: [{ code: 'fr', proficiency: 'FLUENT' }], expertise: [{ area: 'PROCESS_DESIGN', level: 3 }] },
    });
    const start = new Date(Date.UTC(2030, 0, 1) + made * 3 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.parse(start) + 86_400_000).toISOString().slice(0, 10);
    const r = await gql(`mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { roles { id } } } }`, {
      input: { title: `Bench ${made}`, requestingEntity: 'Bench', country: 'SN', mode: 'REMOTE', startDate: start, endDate: end, roles: [{ expertise: 'PROCESS_DESIGN', count: 1 }] },
    });
    out.push({ roleId: r.createDeploymentRequest.request.roles[0].id, expertId: e.createExpert.expert.id, email });
  }
  return out;
}

async function offerLatency(perSecond: number, count: number): Promise<{ perSecond: number; count: number; median: number; p95: number; max: number }> {
  const list = await seats(count);
  const sent = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    list.map(async (s, i) => {
      const at = started + (i * 1000) / perSecond;
      await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
      sent.set(s.email, performance.now());
      await gql(OFFER_BY, { input: { roleId: s.roleId, expertId: s.expertId } });
    }),
  );
  const deadline = performance.now() + 60_000;
  while (list.some((s) => !arrivals.has(s.email)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const ms = list.map((s) => arrivals.get(s.email)! - sent.get(s.email)!).sort((a, b) => a - b);
  if (ms.some((x) => !Number.isFinite(x))) throw new Error('some offer mail never arrived');
  return { perSecond, count, median: median(ms), p95: ms[Math.floor(ms.length * 0.95)]!, max: ms.at(-1)! };
}

const load0 = loadavg()[0]!;
const rows = [await offerLatency(1, quick ? 5 : 20), await offerLatency(20, quick ? 40 : 200)];

// Drain: stop the server, queue N messages directly, start it, time until the peer has them all.
await server.stop();
const N = quick ? 300 : 2000;
const database = await openDatabase({ databaseUrl: url });
await migrateDatabase(database);
const drainRecipients: string[] = [];
const batch: NewMessage[] = [];
for (let i = 0; i < N; i++) {
  const to = `drain.${i}.${randomUUID().slice(0, 8)}@example.org`;
  drainRecipients.push(to);
  batch.push({ kind: 'REQUEST_UPDATED', channel: 'EMAIL', recipient: to, subject: `Drain ${i}`, body: { subject: `Drain ${i}`, text: 'A status changed.\n', html: '<p>A status changed.</p>' } });
}
for (let i = 0; i < batch.length; i += 500) await enqueue(database.db, batch.slice(i, i + 500));
await database.close();
const t0 = performance.now();
server = startNode('server/main.ts', env, port);
await waitFor(`${server.url}/readyz`, server, t0);
const ready = performance.now();
const deadline = performance.now() + 300_000;
while (drainRecipients.some((r) => !arrivals.has(r)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const last = Math.max(...drainRecipients.map((r) => arrivals.get(r) ?? Number.NaN));
const drainSeconds = (last - ready) / 1000;
await server.stop();
await new Promise<void>((r) => smtp.close(() => r()));
await dropDatabase(ADMIN_URL, DB);

const f = (ms: number) => (ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const report = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, PostgreSQL on the same machine; load average ${load0.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after. The server runs as a child process on PostgreSQL with the default JOB_INTERVAL_MS (5000); a write that queues mail wakes its worker at once. Reproduce: \`npm run bench:mail\`.`,
  '',
  '| offers a second | offers | median ms, OfferAssignment sent → mail accepted by the SMTP peer | p95 ms | max ms |',
  '|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.perSecond} | ${r.count} | ${f(r.median)} | ${f(r.p95)} | ${f(r.max)} |`),
  '',
  `Outbox drain on PostgreSQL: ${N.toLocaleString('en')} messages queued while the server was down were delivered ${drainSeconds.toFixed(1)} s after it answered /readyz: **${Math.round(N / drainSeconds).toLocaleString('en')} messages a second** (one instance; batches of 20 claimed with FOR UPDATE SKIP LOCKED, each batch sent in parallel over a pool of 4 SMTP connections).`,
].join('\n');
console.log(report);
if (write) {
  const path = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  if (!replaceBetweenMarkers(path, 'mail', report)) console.error('docs/benchmarks.md has no bench:mail markers; not written');
}
process.exit(0);
