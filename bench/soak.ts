/**
 * Soak (`npm run soak`, issue 17): a bounded, deterministic run of mixed traffic against the real
 * server on PostgreSQL, to catch what leaks or drifts over minutes and no test sees.
 *
 * Drops and creates the database `standby_soak` on the PostgreSQL server of SOAK_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, seeds it with `npm run seed`
 * (2,000 experts, 300 requests), and starts `server/main.ts` as a child process (NODE_ENV=production,
 * LOG_LEVEL=warn, RATE_LIMIT=0, inspector on a free loopback port, used only to force garbage
 * collections). SOAK_CLIENTS clients (default 8; bench/lib/soak-workload.ts) then run the contract's
 * operations: 30 s of warm-up, SOAK_MINUTES of load (default 10), then 60 s idle. Every 5 s it samples
 * RSS, heap, event-loop lag, open file descriptors, the subscription gauges (all from /metrics), the
 * PostgreSQL connections to the database and /healthz latency.
 *
 * It passes when, after the idle, the heap (after full collections) is within 20 MiB of its value
 * after the warm-up, both gauges are back at their value before any traffic, and there were no
 * internal errors (INTERNAL_SERVER_ERROR, HTTP 5xx, failed connections, error-level log lines) and no
 * warnings (warn-level log lines, Node process warnings such as MaxListenersExceededWarning). It
 * prints its report and writes it to docs/benchmarks.md between the bench:soak markers (not with
 * --no-write); exits 1 on a failed check. --keep keeps the database.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { today as utcToday } from '../server/domain/dates.js';
import { dropDatabase, recreateDatabase } from './lib/api-db.js';
import { freePort, ROOT, runNode, startNode, waitFor } from './lib/api-proc.js';
import { median, replaceBetweenMarkers } from './lib/api-report.js';
import { scrape, settledHeapMiB, takeSample, type Sample } from './lib/soak-probe.js';
import { newTally, runClient, type Tally, type World } from './lib/soak-workload.js';

const argv = process.argv.slice(2);
const MINUTES = Number(process.env.SOAK_MINUTES || 10);
const CLIENTS = Number(process.env.SOAK_CLIENTS || 8);
if (!(MINUTES > 0) || !(CLIENTS >= 1)) throw new Error('SOAK_MINUTES must be > 0 and SOAK_CLIENTS ≥ 1');
const WARMUP_S = 30;
const IDLE_S = 60;
const SAMPLE_S = 5;
const HEAP_SLACK_MIB = 20;
const ADMIN_URL = process.env.SOAK_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'standby_soak';
const started = performance.now();
const log = (msg: string) => console.log(`[soak ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Tokens, expertise areas and the first 400 experts, through the running server. */
async function prepareWorld(url: string, admin: string, today: string): Promise<World> {
  const token = async (role: string) =>
    (await gql(url, admin, 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', { input: { role, name: `soak ${role}` } })).createApiToken.token as string;
  const areas = ((await gql(url, admin, '{ expertiseAreas { code } }')).expertiseAreas as { code: string }[]).map((a) => a.code);
  const expertIds: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 4; page++) {
    const data = await gql(url, admin, 'query($after: String) { experts(first: 100, after: $after) { pageInfo { endCursor } edges { node { id } } } }', { after });
    expertIds.push(...data.experts.edges.map((e: { node: { id: string } }) => e.node.id));
    after = data.experts.pageInfo.endCursor;
  }
  return { url, admin, coordinator: await token('COORDINATOR'), requester: await token('REQUESTER'), today, areas, expertIds, quietRequests: [], expertTokens: new Map() };
}

/** Runs CLIENTS clients for `seconds`, sampling every SAMPLE_S into `samples` meanwhile. */
async function drive(world: World, tally: Tally, seconds: number, sample: (() => Promise<void>) | null, seedBase: number): Promise<void> {
  const until = performance.now() + seconds * 1000;
  let sampling = true;
  const sampler = (async () => {
    while (sample && sampling) {
      await sleep(SAMPLE_S * 1000);
      if (sampling) await sample();
    }
  })();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => runClient(world, tally, seedBase + i, until)));
  sampling = false;
  await sampler;
}

interface Logs {
  errors: string[];
  warnings: string[];
  processWarnings: string[];
}

/** The server's output: pino JSON lines by level, and Node's own process warnings. */
function readLogs(output: string): Logs {
  const logs: Logs = { errors: [], warnings: [], processWarnings: [] };
  for (const line of output.split('\n')) {
    if (/^\(node:\d+\) \w*Warning/.test(line)) logs.processWarnings.push(line);
    if (!line.startsWith('{')) continue;
    const level = (JSON.parse(line) as { level?: number }).level ?? 0;
    if (level >= 50) logs.errors.push(line);
    else if (level >= 40) logs.warnings.push(line);
  }
  return logs;
}

const mib = (x: number) => x.toFixed(1);
const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0);
const n = (x: number) => x.toLocaleString('en');

function report(r: {
  date: string;
  load: [number, number];
  seeded: string;
  tally: Tally;
  seconds: number;
  samples: Sample[];
  heapStart: number;
  heapEnd: number;
  checks: [string, boolean, string][];
}): string {
  const { tally } = r;
  const requests = [...tally.operations.values()].reduce((a, b) => a + b, 0);
  const ops = [...tally.operations]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${n(v)} (${ms(median(tally.latenciesMs.get(k)!))} ms)`)
    .join(', ');
  const errors = [...tally.errors].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const load = r.samples.filter((s) => s.phase === 'load');
  const max = (f: (s: Sample) => number, xs = r.samples) => Math.max(...xs.map(f));
  // The first sample of each minute, and the last of each phase.
  const rows = r.samples.filter((s, i) => i === 0 || Math.floor(s.t / 60) > Math.floor(r.samples[i - 1]!.t / 60) || r.samples[i + 1]?.phase !== s.phase);
  const lines = [
    `Measured ${r.date} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, PostgreSQL on the same machine; load average ${r.load[0].toFixed(1)} before, ${r.load[1].toFixed(1)} after. ` +
      `${CLIENTS} clients, ${WARMUP_S} s warm-up, ${(r.seconds / 60).toFixed(0)} min of load, ${IDLE_S} s idle. Data: ${r.seeded}. Reproduce: \`SOAK_MINUTES=${MINUTES} npm run soak\`.`,
    '',
    `- Requests: ${n(requests)} (${(requests / r.seconds).toFixed(0)}/s, median ${ms(median([...tally.latenciesMs.values()].flat()))} ms); by operation, with its median: ${ops}.`,
    `- Staffing cycles (create, follow, propose, offer, answer, cancel): ${n(tally.cycles)}, with ${n(tally.offers)} offers and ${n(tally.answers)} answers. Errors by code: ${errors}.`,
    `- Subscriptions: ${n(tally.sse.opened)} opened, ${n(tally.sse.ended)} closed gracefully, ${n(tally.sse.reset)} reset, ${n(tally.sse.droppedEarly)} dropped before their stream started; ${n(tally.sse.events)} events delivered.`,
    `- Under load: RSS at most ${mib(max((s) => s.rssMiB, load))} MiB, event-loop delay p99 at most ${ms(max((s) => s.lagP99Ms, load))} ms (max ${ms(max((s) => s.lagMaxMs, load))} ms), /healthz at most ${ms(max((s) => s.healthzMs, load))} ms, file descriptors at most ${max((s) => s.fds, load)}, PostgreSQL connections at most ${max((s) => s.pgConnections, load)}.`,
    '',
    '| t (s) | phase | RSS MiB | heap MiB | loop p99 ms | loop max ms | fds | PG conns | subscriptions | listeners | /healthz ms |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((s) => `| ${s.t} | ${s.phase} | ${mib(s.rssMiB)} | ${mib(s.heapMiB)} | ${ms(s.lagP99Ms)} | ${ms(s.lagMaxMs)} | ${s.fds} | ${s.pgConnections} | ${s.subscriptions} | ${s.listeners} | ${ms(s.healthzMs)} |`),
    '',
    `Heap after full collections: ${mib(r.heapStart)} MiB after the warm-up, ${mib(r.heapEnd)} MiB after the idle (${r.heapEnd >= r.heapStart ? '+' : ''}${mib(r.heapEnd - r.heapStart)} MiB); the table's heap column is without a forced collection.`,
    '',
    '| check | result | value |',
    '|---|---|---|',
    ...r.checks.map(([name, ok, value]) => `| ${name} | ${ok ? 'pass' : '**FAIL**'} | ${value} |`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const today = utcToday();
  const loadBefore = loadavg()[0]!;
  log(`recreating ${DB_NAME} on ${new URL(ADMIN_URL).host}`);
  const url = await recreateDatabase(ADMIN_URL, DB_NAME);
  const seedArgs = ['--experts', '2000', '--requests', '300', '--today', today];
  await runNode('seed/cli.ts', seedArgs, { DATABASE_URL: url });
  const seeded = `\`npm run seed -- ${seedArgs.slice(0, 4).join(' ')}\` (2,000 experts, 300 requests)`;
  const admin = `soak-admin-${randomBytes(12).toString('hex')}`;
  const port = await freePort();
  const env = { DATABASE_URL: url, ADMIN_TOKEN: admin, RATE_LIMIT: '0', SEED: 'none', LOG_LEVEL: 'warn', NODE_ENV: 'production', METRICS_TOKEN: '', TRUSTED_DOCUMENTS: '' };
  const server = startNode('server/main.ts', env, port, ['--inspect=127.0.0.1:0']);
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await waitFor(`${server.url}/readyz`, server, performance.now());
    const inspector = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(server.output())?.[0];
    if (!inspector) throw new Error(`no inspector url in the server's output:\n${server.output()}`);
    const world = await prepareWorld(server.url, admin, today);
    const before = await scrape(server.url);
    const baseline = { subscriptions: before.get('standby_subscriptions_open')!, listeners: before.get('standby_event_listeners')! };
    log(`server pid ${server.pid} ready; warm-up ${WARMUP_S} s with ${CLIENTS} clients`);
    await drive(world, newTally(), WARMUP_S, null, 1000);
    const heapStart = await settledHeapMiB(server.url, inspector);
    log(`heap after warm-up ${mib(heapStart)} MiB; load for ${MINUTES} min`);
    const samples: Sample[] = [];
    const t0 = performance.now();
    const sample = async (phase: Sample['phase']) => {
      const s = await takeSample(server.url, sql, DB_NAME, Math.round((performance.now() - t0) / 1000), phase);
      samples.push(s);
      if (s.t % 60 < SAMPLE_S) log(`${phase} t=${s.t}s rss ${mib(s.rssMiB)} heap ${mib(s.heapMiB)} lag p99 ${ms(s.lagP99Ms)} fds ${s.fds} pg ${s.pgConnections} subs ${s.subscriptions} listeners ${s.listeners}`);
    };
    await sample('load');
    const tally = newTally();
    await drive(world, tally, MINUTES * 60, () => sample('load'), 1);
    const seconds = (performance.now() - t0) / 1000;
    log(`idle ${IDLE_S} s`);
    for (let waited = 0; waited < IDLE_S; waited += SAMPLE_S) {
      await sleep(SAMPLE_S * 1000);
      await sample('idle');
    }
    const heapEnd = await settledHeapMiB(server.url, inspector);
    const after = await scrape(server.url);
    const end = { subscriptions: after.get('standby_subscriptions_open')!, listeners: after.get('standby_event_listeners')! };
    const internalServerErrors = after.get('standby_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}') ?? 0;
    const logs = readLogs(server.output());
    const clientInternal = [...tally.errors].filter(([code]) => /^(INTERNAL_SERVER_ERROR|HTTP_5\d\d|NETWORK|UNKNOWN)$/.test(code)).reduce((a, [, n]) => a + n, 0);
    const internal = internalServerErrors + clientInternal + logs.errors.length;
    const checks: [string, boolean, string][] = [
      [`heap after ${IDLE_S} s idle within ${HEAP_SLACK_MIB} MiB of its start`, Math.abs(heapEnd - heapStart) <= HEAP_SLACK_MIB, `${mib(heapStart)} → ${mib(heapEnd)} MiB`],
      ['standby_subscriptions_open back at baseline', end.subscriptions === baseline.subscriptions, `${baseline.subscriptions} → ${end.subscriptions}`],
      ['standby_event_listeners back at baseline', end.listeners === baseline.listeners, `${baseline.listeners} → ${end.listeners}`],
      ['internal errors', internal === 0, `${internalServerErrors} INTERNAL_SERVER_ERROR, ${clientInternal} 5xx/network/unknown, ${logs.errors.length} error log lines`],
      ['warnings', logs.warnings.length + logs.processWarnings.length === 0, `${logs.warnings.length} warn log lines, ${logs.processWarnings.length} process warnings`],
    ];
    const text = report({ date: new Date().toISOString().slice(0, 10), load: [loadBefore, loadavg()[0]!], seeded, tally, seconds, samples, heapStart, heapEnd, checks });
    console.log(`\n${text}\n`);
    for (const line of [...logs.errors, ...logs.warnings, ...logs.processWarnings].slice(0, 10)) console.log(`server: ${line.slice(0, 600)}`);
    if (!argv.includes('--no-write')) {
      const docs = join(ROOT, 'docs/benchmarks.md');
      if (!replaceBetweenMarkers(docs, 'soak', text)) throw new Error('docs/benchmarks.md has no bench:soak markers');
      log('wrote docs/benchmarks.md');
    }
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    await server.stop();
    await sql.end({ timeout: 5 });
    if (!argv.includes('--keep')) await dropDatabase(ADMIN_URL, DB_NAME);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
