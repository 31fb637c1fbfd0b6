/**
 * `npm run bench:webhook [-- --deliveries N (21) --intervals 5000,1000,250]`: how long a webhook
 * delivery that failed waits, once the receiver has recovered, before the retry reaches it.
 * One in-process Standby on embedded PGlite (or, with DATABASE_URL, on a scratch PostgreSQL
 * database created and dropped for each run) with its own worker on its real
 * timer; a local HTTP receiver answers 503 to the first POST of each delivery and is healthy
 * from that instant on. The figure is, per delivery, the time from that 503 to the retry's
 * arrival (same Standby-Delivery id). The changes are made with the contract's operations as a
 * client sends them. Writes the block between `<!-- bench:webhook-pglite:begin/end -->` (or
 * `webhook-postgres`) in docs/benchmarks.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateDatabase, openDatabase } from '../server/db/index.js';
import { addDays, today } from '../server/domain/dates.js';
import { createLocalEventBus } from '../server/events.js';
import { op } from '../test/support/contract.js';
import { dropDatabase, recreateDatabase } from './lib/api-db.js';
import { median, replaceBetweenMarkers } from './lib/api-report.js';

const { values } = parseArgs({ options: { deliveries: { type: 'string', default: '21' }, intervals: { type: 'string', default: '5000,1000,250' } } });
// Each request brings three deliveries: its creation, its move to STAFFING, and the offer.
const offers = Math.max(1, Math.ceil(Number(values.deliveries) / 3));
const intervals = values.intervals.split(',').map(Number);
const ADMIN = 'bench-webhook-admin-token-0123';

interface Sample {
  failedAt: number;
  retriedAt?: number;
}

async function run(intervalMs: number): Promise<number[]> {
  const samples = new Map<string, Sample>();
  let done: () => void = () => {};
  const allRetried = new Promise<void>((r) => (done = r));
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['standby-delivery']);
      const sample = samples.get(id);
      if (!sample) {
        res.writeHead(503).end();
        samples.set(id, { failedAt: performance.now() });
        return;
      }
      sample.retriedAt ??= performance.now();
      res.writeHead(200).end();
      if (samples.size === offers * 3 && [...samples.values()].every((s) => s.retriedAt)) done();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/standby`;

  const base = process.env.DATABASE_URL;
  const scratch = `standby_bench_webhook_${process.pid}`;
  const databaseUrl = base ? await recreateDatabase(base, scratch) : '';
  const config = loadConfig({ ADMIN_TOKEN: ADMIN, DATA_DIR: 'memory', SEED: 'none', RATE_LIMIT: '0', WEBHOOK_ALLOW_PRIVATE: '1', JOB_INTERVAL_MS: String(intervalMs), DATABASE_URL: databaseUrl });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateDatabase(database);
  const app = await buildApp({ config, database, events: createLocalEventBus(), logger: false });
  await app.ready();
  const gql = async (name: string, variables: Record<string, unknown>, token = ADMIN) => {
    const res = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: { query: op(name), variables } });
    const body = res.json();
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  try {
    const requester = (await gql('CreateApiToken', { input: { role: 'REQUESTER', name: 'Bench requester' } })).createApiToken.token;
    await gql('CreateWebhook', { input: { url, events: ['REQUEST_UPDATED', 'OFFER_UPDATED'] } }, requester);
    const start = addDays(today(), 30);
    for (let i = 0; i < offers; i++) {
      const expert = await gql('CreateExpert', { input: { fullName: `Bench Expert ${i}`, email: `bench.${intervalMs}.${i}@example.org`, languages: [{ code: 'en', proficiency: 'NATIVE' }], expertise: [{ area: 'PROCESS_DESIGN', level: 3 }] } });
      const request = await gql(
        'CreateDeploymentRequest',
        { input: { title: `Bench ${i}`, requestingEntity: 'UNOWAS', country: 'GN', mode: 'REMOTE', startDate: start, endDate: addDays(start, 2), roles: [{ expertise: 'PROCESS_DESIGN', count: 1 }] } },
        requester,
      );
      await gql('OfferAssignment', { input: { roleId: request.createDeploymentRequest.request.roles[0].id, expertId: expert.createExpert.expert.id } });
    }
    const timeout = setTimeout(() => done(), 4 * intervalMs + 30_000);
    await allRetried;
    clearTimeout(timeout);
  } finally {
    await app.close();
    await database.close();
    if (base) await dropDatabase(base, scratch);
    await new Promise<void>((r) => receiver.close(() => r()));
  }
  const waits = [...samples.values()].map((s) => (s.retriedAt === undefined ? Number.NaN : s.retriedAt - s.failedAt));
  if (waits.length !== offers * 3 || waits.some(Number.isNaN)) throw new Error(`JOB_INTERVAL_MS=${intervalMs}: ${waits.filter((w) => !Number.isNaN(w)).length} of ${offers * 3} deliveries retried`);
  return waits;
}

const rows: string[] = [];
for (const interval of intervals) {
  const waits = (await run(interval)).sort((a, b) => a - b);
  const med = median(waits);
  const line = `| ${interval} | ${waits.length} | ${Math.round(waits[0]!)} | ${Math.round(med)} | ${Math.round(waits.at(-1)!)} | ${(med / interval).toFixed(2)} |`;
  console.log(line);
  rows.push(line);
}
const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
const marker = process.env.DATABASE_URL ? 'webhook-postgres' : 'webhook-pglite';
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${db}, one instance, \`npm run bench:webhook\`; times in ms from the receiver's 503 (after which it is healthy) to the retry's arrival with the same \`Standby-Delivery\` id.`,
  '',
  '| `JOB_INTERVAL_MS` | deliveries | fastest | median | slowest | median / interval |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
const path = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
if (!replaceBetweenMarkers(path, marker, table)) console.error(`${path}: no <!-- bench:${marker}:begin/end --> markers; the table was not written`);
