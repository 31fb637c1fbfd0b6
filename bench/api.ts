/**
 * API benchmark (`npm run bench`, i.e. `npx tsx bench/api.ts`), issue 6.
 *
 * PostgreSQL: drops and creates the scratch database `standby_bench` on the server of
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads
 * the seed roster (10,000 experts, 2,000 requests), starts the real server (`server/main.ts` with
 * DATABASE_URL, PORT, RATE_LIMIT=0, SEED=none, LOG_LEVEL=warn) and a bare fastify + postgres.js
 * server replaying the resolvers' own SQL for (a) and (b), and drives both with autocannon over
 * loopback at 1, 10 and 50 connections. EXPLAIN (ANALYZE, BUFFERS) of the hot statements goes to
 * bench/results/plans.json.
 * Embedded: seeds a fresh PGlite DATA_DIR with `npm run seed -- --experts 10000 --requests 2000`,
 * runs the same operations at 1 connection, then times cold (demo seed) and warm starts.
 * Records the server's peak RSS (VmHWM) on both databases. Writes bench/results/latest.json and
 * the tables in docs/benchmarks.md (between the bench:* markers).
 *
 * Options: --seconds N (per run, default 5), --quick (2 s runs, fewer starts), --no-write (print
 * only), --keep (keep standby_bench), --skip-pglite, --skip-postgres (embedded part only, prints only),
 * --npm-test (also time one `npm test` on PGlite and one on PostgreSQL; without it the last figures are kept),
 * --only a,a_total,b (time only these operations and their floors on PostgreSQL; prints, writes nothing),
 * --db NAME (the scratch database, default standby_bench, so that two runs on one server do not collide).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { today as utcToday } from '../server/domain/dates.js';
import { dropDatabase, recreateDatabase, seedPostgres } from './lib/api-db.js';
import type { LoadResult } from './lib/api-load.js';
import { gql, operations, prepareOperations, PROPOSE_WITHOUT_EXCLUDED, PROPOSE_WITHOUT_EXCLUDED_VARIABLES, type GqlBody, type OpKey } from './lib/api-ops.js';
import { freePort, ROOT, runNode, startNode, waitFor, type Child } from './lib/api-proc.js';
import { fmt, loadTable, median, ratioTable, replaceBetweenMarkers, type Row } from './lib/api-report.js';
import { openSqlCapture, type Statement } from './lib/api-sql.js';
import { drive } from './lib/api-drive.js';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const QUICK = flag('quick');
const SECONDS = argv.includes('--seconds') ? Number(argv[argv.indexOf('--seconds') + 1]) : QUICK ? 2 : 5;
const WARMUP_SECONDS = QUICK ? 1 : 2;
/** The longest a slow operation's run is stretched to (see postgresBench). */
const MAX_SECONDS = QUICK ? 5 : 20;
const CONNECTIONS = [1, 10, 50];
/** The operations timed beside their floor: the same SQL through bare postgres.js. */
const ALL_KEYS: OpKey[] = ['a', 'a_total', 'b', 'c', 'd', 'e'];
const ONLY = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '').split(',') : null;
if (ONLY?.some((k) => !ALL_KEYS.includes(k as OpKey))) throw new Error(`--only takes operations among ${ALL_KEYS.join(',')}`);
/** The operations timed: all, or those --only names. */
const TIMED_KEYS = ALL_KEYS.filter((k) => !ONLY || ONLY.includes(k));
const BARE_KEYS: OpKey[] = (['a', 'a_total', 'b'] as OpKey[]).filter((k) => TIMED_KEYS.includes(k));
/** The roster: 10,000 experts by default; `--experts N` (one request per five experts) prints its figures without writing the docs' table, which is the 10k one. */
const EXPERTS = argv.includes('--experts') ? Number(argv[argv.indexOf('--experts') + 1]) : 10_000;
if (!Number.isInteger(EXPERTS) || EXPERTS < 100) throw new Error('--experts takes a whole number of at least 100');
const REQUESTS = Math.round(EXPERTS / 5);
const STARTS = QUICK ? 1 : 3;
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = argv.includes('--db') ? argv[argv.indexOf('--db') + 1]! : 'standby_bench';
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME)) throw new Error('--db takes a lower-case SQL identifier');
const RESULTS = join(ROOT, 'bench/results');
const DOCS = join(ROOT, 'docs/benchmarks.md');

const benchStarted = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const today = utcToday();

function serverEnv(extra: Record<string, string>): Record<string, string> {
  return { RATE_LIMIT: '0', LOG_LEVEL: 'warn', NODE_ENV: '', ADMIN_TOKEN: '', ...extra };
}

function describe(r: LoadResult): string {
  const cpu = r.serverCpuMsPerRequest === undefined ? '' : `  server CPU ${fmt(r.serverCpuMsPerRequest)} ms/req`;
  return `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms${cpu}  (${r.requests} requests${r.failures ? `, ${r.failures} FAILED` : ''})`;
}

async function sequentialMedian(url: string, token: string, body: GqlBody, times: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await gql(url, token, body);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

/** What an operation's answer holds, in a few words (so that a fast empty answer would show). */
function shape(key: OpKey, data: any): string {
  switch (key) {
    case 'a':
    case 'a_total':
    case 'b':
      return `${data.experts.edges.length} experts${data.experts.totalCount !== undefined ? ` of ${data.experts.totalCount}` : ''}`;
    case 'c': {
      const nodes = data.deploymentRequests.nodes as { roles: { assignments: unknown[] }[] }[];
      const roles = nodes.flatMap((n) => n.roles);
      return `${nodes.length} requests, ${roles.length} roles, ${roles.reduce((n, r) => n + r.assignments.length, 0)} assignments`;
    }
    case 'd':
      return `${data.proposeTeam.members.length} members, complete ${data.proposeTeam.complete}, ${data.proposeTeam.candidates.length} candidates, ${data.proposeTeam.excluded.length} excluded`;
    case 'e':
      return `${data.setAvailability.expert.availability.length} periods`;
  }
}

interface Plan {
  op: string;
  what: string;
  sql: string;
  params: unknown[];
  plan: string[];
}

async function postgresBench() {
  log(`PostgreSQL: recreating ${DB_NAME}`);
  const url = await recreateDatabase(ADMIN_URL, DB_NAME);
  let server: Child | undefined;
  let bare: Child | undefined;
  let statementsDir: string | undefined;
  try {
    const seedStart = performance.now();
    const seeded = await seedPostgres(url, EXPERTS, REQUESTS, today);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(seeded.counts)}`);
    const token = seeded.coordinatorToken;

    server = startNode('server/main.ts', serverEnv({ DATABASE_URL: url, SEED: 'none' }), await freePort());
    const startMs = await waitFor(`${server.url}/readyz`, server, performance.now());
    log(`server up in ${startMs.toFixed(0)} ms (pid ${server.pid})`);
    const ctx = await prepareOperations(server.url, token, today);
    const ops = operations(ctx);

    // The SQL the resolvers issue, captured through the drizzle logger; and its plans.
    const capture = await openSqlCapture(url);
    const statements: Partial<Record<OpKey, Statement[]>> = {};
    const plans: Plan[] = [];
    try {
      for (const key of ['a', 'a_total', 'b', 'c', 'd'] as OpKey[]) statements[key] = await capture.capture(ops[key].body(0), token);
      const withoutExcluded = await capture.capture({ query: PROPOSE_WITHOUT_EXCLUDED, variables: { requestId: ctx.requestId, ...PROPOSE_WITHOUT_EXCLUDED_VARIABLES } }, token);
      const what = (s: Statement) => /\bfrom "(\w+)"/.exec(s.sql)?.[1] ?? s.sql.slice(0, 40);
      for (const [op, list] of [...Object.entries(statements), ['d_without_excluded', withoutExcluded]] as [string, Statement[]][]) {
        for (const s of list) {
          if (!/^\s*select/i.test(s.sql) || /"api_tokens"/.test(s.sql)) continue;
          plans.push({ op, what: what(s), sql: s.sql, params: s.params, plan: await capture.explain(s) });
        }
      }
      // The token lookup once (it is the same for every operation).
      const auth = statements.a!.find((s) => /"api_tokens"/.test(s.sql));
      if (auth) plans.push({ op: 'auth', what: 'api_tokens', sql: auth.sql, params: ['<hash>', 1], plan: await capture.explain(auth) });
    } finally {
      await capture.close();
    }
    const counts = Object.fromEntries(Object.entries(statements).filter(([, v]) => v).map(([k, v]) => [k, v!.length]));
    const countIssued = {
      withoutTotalCount: statements.a!.some((s) => /count\(/i.test(s.sql)),
      withTotalCount: statements.a_total!.some((s) => /count\(/i.test(s.sql)),
    };
    log(`statements per operation: ${JSON.stringify(counts)}; count(*) issued without/with totalCount: ${countIssued.withoutTotalCount}/${countIssued.withTotalCount}`);

    statementsDir = mkdtempSync(join(tmpdir(), 'standby-bench-'));
    const statementsFile = join(statementsDir, 'statements.json');
    writeFileSync(statementsFile, JSON.stringify({ a: statements.a, a_total: statements.a_total, b: statements.b }));
    bare = startNode('bench/lib/api-bare.ts', { DATABASE_URL: url, BARE_STATEMENTS: statementsFile }, await freePort());
    await waitFor(`${bare.url}/readyz`, bare, performance.now());

    // Every operation answers without errors, with the data it should, before it is timed.
    const shapes: Record<string, string> = {};
    for (const key of ['a', 'a_total', 'b', 'c', 'd', 'e'] as OpKey[]) shapes[key] = shape(key, await gql(server.url, token, ops[key].body(0)));
    log(`answers: ${Object.entries(shapes).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    const proposeWithoutExcludedMs = await sequentialMedian(server.url, token, { query: PROPOSE_WITHOUT_EXCLUDED, variables: { requestId: ctx.requestId, ...PROPOSE_WITHOUT_EXCLUDED_VARIABLES } }, 5);
    log(`ProposeTeam without its excluded line: median of 5 sequential requests ${proposeWithoutExcludedMs.toFixed(0)} ms`);

    const graphqlKeys = TIMED_KEYS;
    const rows: Record<string, Row> = {};
    for (const key of graphqlKeys) rows[key] = { op: key, label: ops[key].label, runs: {} };
    for (const key of BARE_KEYS) rows[`bare_${key}`] = { op: `bare_${key}`, label: `bare fastify + postgres.js, same SQL as (${key})`, runs: {} };

    log(`warm-up: ${WARMUP_SECONDS} s per operation at 10 connections`);
    for (const key of graphqlKeys) await drive(server, token, ops[key], 10, WARMUP_SECONDS);
    for (const key of BARE_KEYS) await drive(bare, token, ops[key], 10, WARMUP_SECONDS, true);

    for (const c of CONNECTIONS) {
      for (const key of graphqlKeys) {
        if (BARE_KEYS.includes(key)) {
          // GraphQL and its floor back to back, so that both see the same machine.
          rows[key]!.runs[c] = await drive(server, token, ops[key], c, SECONDS);
          log(`${c} conn  ${key.padEnd(8)} ${describe(rows[key]!.runs[c]!)}`);
          rows[`bare_${key}`]!.runs[c] = await drive(bare, token, ops[key], c, SECONDS, true);
          log(`${c} conn  bare_${key.padEnd(3)} ${describe(rows[`bare_${key}`]!.runs[c]!)}`);
        } else {
          // A slow operation (proposeTeam) runs long enough for every connection to finish about twice.
          const lower = rows[key]!.runs[CONNECTIONS[CONNECTIONS.indexOf(c) - 1] ?? 0];
          const seconds = lower && lower.rps > 0 ? Math.min(MAX_SECONDS, Math.max(SECONDS, Math.ceil((2 * c) / lower.rps))) : SECONDS;
          rows[key]!.runs[c] = await drive(server, token, ops[key], c, seconds);
          log(`${c} conn  ${key.padEnd(8)} ${describe(rows[key]!.runs[c]!)}`);
        }
      }
    }
    const serverPeakRssMiB = server.peakRssMiB();
    const barePeakRssMiB = bare.peakRssMiB();
    return { seedSeconds, seeded: seeded.counts, serverStartMs: startMs, shapes, rows, plans, statementCounts: counts, countIssued, proposeWithoutExcludedMs, serverPeakRssMiB, barePeakRssMiB };
  } finally {
    await bare?.stop();
    await server?.stop();
    if (statementsDir) rmSync(statementsDir, { recursive: true, force: true });
    if (!flag('keep')) await dropDatabase(ADMIN_URL, DB_NAME);
  }
}

async function pgliteBench() {
  const dir = mkdtempSync(join(tmpdir(), 'standby-bench-pglite-'));
  let server: Child | undefined;
  try {
    log(`PGlite: npm run seed -- --experts ${EXPERTS} --requests ${REQUESTS} into ${dir}`);
    const seedStart = performance.now();
    const out = await runNode('seed/cli.ts', ['--experts', String(EXPERTS), '--requests', String(REQUESTS), '--today', today], { DATA_DIR: dir, DATABASE_URL: '' });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const token = /^\s*COORDINATOR\s+(sb_\S+)/m.exec(out)?.[1];
    if (!token) throw new Error(`no COORDINATOR token in the seed output:\n${out}`);
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    server = startNode('server/main.ts', serverEnv({ DATABASE_URL: '', DATA_DIR: dir, SEED: 'none' }), await freePort());
    const startMs = await waitFor(`${server.url}/readyz`, server, performance.now());
    log(`server up on PGlite in ${startMs.toFixed(0)} ms (pid ${server.pid})`);
    const ctx = await prepareOperations(server.url, token, today);
    const ops = operations(ctx);
    const keys: OpKey[] = ['a', 'a_total', 'b', 'c', 'd', 'e'];
    const shapes: Record<string, string> = {};
    for (const key of keys) shapes[key] = shape(key, await gql(server.url, token, ops[key].body(0)));
    log(`answers: ${Object.entries(shapes).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    const rows: Record<string, Row> = {};
    for (const key of keys) {
      await drive(server, token, ops[key], 1, WARMUP_SECONDS);
      const r = await drive(server, token, ops[key], 1, SECONDS);
      rows[key] = { op: key, label: ops[key].label, runs: { 1: r } };
      log(`PGlite 1 conn  ${key.padEnd(8)} ${describe(r)}`);
    }
    const serverPeakRssMiB = server.peakRssMiB();
    return { seedSeconds, serverStartMs: startMs, shapes, rows, serverPeakRssMiB };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cold start: a fresh DATA_DIR with the demo seed; warm start: the same DATA_DIR again. Until /readyz answers. */
async function startTimes() {
  const cold: number[] = [];
  const warm: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'standby-bench-start-'));
    try {
      for (const kind of ['cold', 'warm'] as const) {
        const t = performance.now();
        const child = startNode('server/main.ts', serverEnv({ DATABASE_URL: '', DATA_DIR: dir, SEED: 'demo' }), await freePort());
        try {
          const ms = await waitFor(`${child.url}/readyz`, child, t);
          (kind === 'cold' ? cold : warm).push(ms);
          if (kind === 'warm') rss.push(child.peakRssMiB());
        } finally {
          await child.stop();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    log(`start ${i + 1}/${STARTS}: cold ${cold.at(-1)!.toFixed(0)} ms, warm ${warm.at(-1)!.toFixed(0)} ms`);
  }
  return { coldMs: cold, warmMs: warm, coldMedianMs: median(cold), warmMedianMs: median(warm), demoPeakRssMiB: median(rss) };
}

interface NpmTestRun {
  database: 'pglite' | 'postgres';
  seconds: number;
  exitCode: number | null;
  summary: string[];
  date: string;
}
type NpmTest = NpmTestRun[];

/** One `npm test` on embedded PGlite, then one on PostgreSQL (TEST_DATABASE_URL, default the `test` database), as CI runs them. */
function timeNpmTest(): NpmTest {
  const runs: NpmTest = [];
  const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  for (const database of ['pglite', 'postgres'] as const) {
    log(`timing one \`npm test\` on ${database}`);
    const env = { ...process.env };
    if (database === 'pglite') delete env.DATABASE_URL;
    else env.DATABASE_URL = pgUrl;
    const t = performance.now();
    const res = spawnSync('npm', ['test'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env, maxBuffer: 256 * 1024 * 1024 });
    const seconds = (performance.now() - t) / 1000;
    const summary = `${res.stdout}`
      .split('\n')
      .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim())
      .filter((l) => /^(Test Files|Tests) /.test(l));
    runs.push({ database, seconds, exitCode: res.status, summary, date: new Date().toISOString() });
    log(`npm test on ${database}: ${seconds.toFixed(0)} s, exit ${res.status}; ${summary.join('; ')}`);
  }
  return runs;
}

async function main() {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}; ${SECONDS} s per run`);
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  if (flag('skip-postgres')) {
    // For working on the embedded part alone: prints, writes nothing.
    const p = await pgliteBench();
    console.log(loadTable(Object.values(p.rows), [1]));
    console.log(JSON.stringify({ ...p, rows: undefined, starts: await startTimes() }, null, 2));
    return;
  }
  const postgresResult = await postgresBench();
  if (ONLY) {
    // A subset: its rows and ratios, printed only (the recorded tables need every row).
    const pg = postgresResult.rows;
    const order = ALL_KEYS.flatMap((k) => (BARE_KEYS.includes(k) ? [k, `bare_${k}`] : [k])).filter((k) => pg[k]);
    console.log(loadTable(order.map((k) => pg[k]!), CONNECTIONS));
    console.log(ratioTable(BARE_KEYS.map((k) => ({ label: `(${k})`, graphql: pg[k]!, bare: pg[`bare_${k}`]! })), CONNECTIONS));
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    log(`load average ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after`);
    return;
  }
  const pgliteResult = flag('skip-pglite') ? null : await pgliteBench();
  const starts = flag('skip-pglite') ? null : await startTimes();
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  const previous = existsSync(join(RESULTS, 'latest.json')) ? (JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as { npmTest?: NpmTest | null }) : {};
  // Without --npm-test, the last measured figure is carried over with its own date.
  const npmTest: NpmTest | null = flag('npm-test') ? timeNpmTest() : Array.isArray(previous.npmTest) ? previous.npmTest : null;
  const totalSeconds = (performance.now() - benchStarted) / 1000;

  const pg = postgresResult.rows;
  const apiTable = loadTable(['a', 'bare_a', 'a_total', 'bare_a_total', 'b', 'bare_b', 'c', 'd', 'e'].map((k) => pg[k]!), CONNECTIONS);
  const ratios = ratioTable(
    [
      { label: '(a) filtered search', graphql: pg.a!, bare: pg.bare_a! },
      { label: '(a) with totalCount (the contract as written)', graphql: pg.a_total!, bare: pg.bare_a_total! },
      { label: '(b) name search', graphql: pg.b!, bare: pg.bare_b! },
    ],
    CONNECTIONS,
  );
  const date = new Date().toISOString().slice(0, 10);
  const apiSection = [
    `Measured ${date} on ${machine.cpus} × ${machine.cpuModel} (nproc = ${machine.cpus}), Node ${machine.node}, PostgreSQL on the same machine; ` +
      `autocannon runs in the benchmark's own process on the same 2 cores as the server and PostgreSQL, ` +
      `and the machine is shared (load average ${loadBefore[0]!.toFixed(1)} before the run, ${loadAfter[0]!.toFixed(1)} after). ` +
      `${SECONDS} s per cell (stretched up to ${MAX_SECONDS} s where fewer than two requests per connection would finish) after a ${WARMUP_SECONDS} s warm-up per operation; one run per cell. ` +
      `Data: seed roster of ${EXPERTS.toLocaleString('en-US')} experts and ${REQUESTS.toLocaleString('en-US')} requests ` +
      `(loaded in ${postgresResult.seedSeconds.toFixed(1)} s). Reproduce: \`npm run bench\` (PostgreSQL at 127.0.0.1:5432; \`BENCH_DATABASE_URL\` to change).`,
    '',
    apiTable,
    '',
    ratios,
    '',
    `Statements per request (token lookup included): ${Object.entries(postgresResult.statementCounts).map(([k, v]) => `${k} ${v}`).join(', ')}. ` +
      `\`count(*)\` issued for (a) without \`totalCount\`: ${postgresResult.countIssued.withoutTotalCount ? 'yes' : 'no'}; with it: ${postgresResult.countIssued.withTotalCount ? 'yes' : 'no'}. ` +
      `The contract's \`ProposeTeam\` without its \`excluded\` line: median ${postgresResult.proposeWithoutExcludedMs.toFixed(0)} ms over 5 sequential requests. ` +
      `Server peak RSS (VmHWM) after the run: ${postgresResult.serverPeakRssMiB.toFixed(0)} MiB (bare floor: ${postgresResult.barePeakRssMiB.toFixed(0)} MiB).`,
  ].join('\n');
  let pgliteSection = '';
  if (pgliteResult && starts) {
    pgliteSection = [
      `Same day and machine. Data: \`npm run seed -- --experts ${EXPERTS} --requests ${REQUESTS}\` into a fresh DATA_DIR (${pgliteResult.seedSeconds.toFixed(1)} s, CLI wall time). ` +
        `One connection (PGlite is single-connection by design), ${SECONDS} s per operation after a ${WARMUP_SECONDS} s warm-up.`,
      '',
      loadTable(['a', 'a_total', 'b', 'c', 'd', 'e'].map((k) => pgliteResult.rows[k]!), [1]),
      '',
      '| measure | PGlite | PostgreSQL |',
      '|---|---:|---:|',
      `| start to /readyz at 10k experts (migrations checked, no seed) | ${(pgliteResult.serverStartMs / 1000).toFixed(2)} s | ${(postgresResult.serverStartMs / 1000).toFixed(2)} s |`,
      `| cold first start, fresh DATA_DIR, demo seed (median of ${STARTS}: ${starts.coldMs.map((m) => (m / 1000).toFixed(2)).join(', ')} s) | ${(starts.coldMedianMs / 1000).toFixed(2)} s | – |`,
      `| warm start, same DATA_DIR (median of ${STARTS}: ${starts.warmMs.map((m) => (m / 1000).toFixed(2)).join(', ')} s) | ${(starts.warmMedianMs / 1000).toFixed(2)} s | – |`,
      `| server peak RSS (VmHWM) at 10k experts, after the run | ${pgliteResult.serverPeakRssMiB.toFixed(0)} MiB | ${postgresResult.serverPeakRssMiB.toFixed(0)} MiB |`,
      `| server peak RSS, demo roster (248 experts), warm start | ${starts.demoPeakRssMiB.toFixed(0)} MiB | – |`,
      ...(npmTest?.length
        ? [
            `| \`npm test\` wall time (measured ${npmTest[0]!.date.slice(0, 10)}; ${npmTest.map((r) => `${r.database}: ${r.summary.join(', ').replace(/\s+/g, ' ') || `exit ${r.exitCode}`}`).join('; ')}) | ` +
              `${npmTest.find((r) => r.database === 'pglite')?.seconds.toFixed(0) ?? '–'} s | ${npmTest.find((r) => r.database === 'postgres')?.seconds.toFixed(0) ?? '–'} s |`,
          ]
        : []),
    ].join('\n');
  }
  console.log(`\n## API\n\n${apiSection}\n`);
  if (pgliteSection) console.log(`## Embedded\n\n${pgliteSection}\n`);
  log(`done in ${totalSeconds.toFixed(0)} s`);

  if (flag('no-write') || EXPERTS !== 10_000) return;
  mkdirSync(RESULTS, { recursive: true });
  const strip = (rows: Record<string, Row>) => Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, { label: r.label, runs: r.runs }]));
  const result = {
    date: new Date().toISOString(),
    command: 'npm run bench',
    machine,
    /** 1, 5 and 15-minute load averages before and after: the machine is shared. */
    loadAverage: { before: loadBefore, after: loadAfter },
    settings: { secondsPerRun: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, experts: EXPERTS, requests: REQUESTS, today },
    postgres: {
      seedSeconds: postgresResult.seedSeconds,
      seeded: postgresResult.seeded,
      serverStartMs: postgresResult.serverStartMs,
      operations: strip(pg),
      graphqlOverBare: Object.fromEntries(
        BARE_KEYS.map((k) => [k, Object.fromEntries(CONNECTIONS.map((c) => [c, pg[k]!.runs[c]!.rps / pg[`bare_${k}`]!.runs[c]!.rps]))]),
      ),
      answers: postgresResult.shapes,
      statementsPerRequest: postgresResult.statementCounts,
      countIssued: postgresResult.countIssued,
      proposeWithoutExcludedMedianMs: postgresResult.proposeWithoutExcludedMs,
      serverPeakRssMiB: postgresResult.serverPeakRssMiB,
      barePeakRssMiB: postgresResult.barePeakRssMiB,
    },
    pglite: pgliteResult && starts ? { seedSeconds: pgliteResult.seedSeconds, serverStartMs: pgliteResult.serverStartMs, answers: pgliteResult.shapes, operations: strip(pgliteResult.rows), serverPeakRssMiB: pgliteResult.serverPeakRssMiB, starts } : null,
    npmTest,
    totalSeconds,
  };
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(RESULTS, 'plans.json'), `${JSON.stringify({ date: result.date, plans: postgresResult.plans }, null, 2)}\n`);
  const wroteApi = replaceBetweenMarkers(DOCS, 'api', apiSection);
  const wrotePglite = pgliteSection ? replaceBetweenMarkers(DOCS, 'pglite', pgliteSection) : true;
  log(`wrote bench/results/latest.json, bench/results/plans.json${wroteApi && wrotePglite ? ', docs/benchmarks.md' : ' (docs/benchmarks.md has no bench markers: tables printed above)'}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
