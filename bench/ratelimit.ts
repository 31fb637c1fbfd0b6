/**
 * `npm run bench:ratelimit [-- --seconds N (5) --rounds N (3) --skip-pglite --no-write]`: what the
 * rate limit's counter in the database (one INSERT … ON CONFLICT DO UPDATE per request,
 * server/repo/rateLimits.ts) costs a request. The contract's Experts search (bench/api.ts's (a),
 * without totalCount) is timed on a server with RATE_LIMIT=0 (no counter) and on one with
 * RATE_LIMIT=10000000 (charged on every request, never refused), in alternating runs.
 * PostgreSQL: both servers run at once on one scratch database (`standby_bench_ratelimit`, seed
 * roster of 10,000 experts), at 1 and 10 connections. Embedded PGlite (one process per data
 * directory): the two servers take turns on one seeded DATA_DIR, at 1 connection. Writes the block
 * between `<!-- bench:ratelimit:begin/end -->` in docs/benchmarks.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { today as utcToday } from '../server/domain/dates.js';
import { dropDatabase, recreateDatabase, seedPostgres } from './lib/api-db.js';
import { drive } from './lib/api-drive.js';
import type { LoadResult } from './lib/api-load.js';
import { gql, operations, searchFilter, type Operation } from './lib/api-ops.js';
import { freePort, ROOT, runNode, startNode, waitFor, type Child } from './lib/api-proc.js';
import { fmt, median, replaceBetweenMarkers } from './lib/api-report.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'skip-pglite': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const EXPERTS = 10_000;
const REQUESTS = 2_000;
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'standby_bench_ratelimit';
const today = utcToday();
const started = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const VARIANTS = { off: '0', on: '10000000' } as const;
type Variant = keyof typeof VARIANTS;
type Runs = Record<Variant, Record<number, LoadResult[]>>;

function serverEnv(variant: Variant, extra: Record<string, string>): Record<string, string> {
  return { RATE_LIMIT: VARIANTS[variant], LOG_LEVEL: 'warn', NODE_ENV: '', ADMIN_TOKEN: '', SEED: 'none', ...extra };
}

/** The Experts search of bench/api.ts's (a); the other operations are not needed here. */
function expertsSearch(): Operation {
  return operations({ today, requestId: '', expertIds: [] }).a;
}

async function start(variant: Variant, env: Record<string, string>): Promise<Child> {
  const child = startNode('server/main.ts', serverEnv(variant, env), await freePort());
  await waitFor(`${child.url}/readyz`, child, performance.now());
  return child;
}

async function check(child: Child, token: string, op: Operation): Promise<void> {
  const data = await gql<{ experts: { edges: unknown[] } }>(child.url, token, op.body(0));
  if (data.experts.edges.length === 0) throw new Error('the Experts search found nobody; the seed is not what the bench expects');
}

async function postgresBench(): Promise<Runs> {
  log(`PostgreSQL: recreating ${DB_NAME} and loading ${EXPERTS} experts`);
  const url = await recreateDatabase(ADMIN_URL, DB_NAME);
  const servers: Partial<Record<Variant, Child>> = {};
  try {
    const { coordinatorToken: token } = await seedPostgres(url, EXPERTS, REQUESTS, today);
    for (const variant of ['off', 'on'] as const) servers[variant] = await start(variant, { DATABASE_URL: url });
    const op = expertsSearch();
    const runs: Runs = { off: { 1: [], 10: [] }, on: { 1: [], 10: [] } };
    for (const variant of ['off', 'on'] as const) {
      await check(servers[variant]!, token, op);
      await drive(servers[variant]!, token, op, 10, 2);
    }
    // Alternating, and each round in the other order, so that both see the same machine.
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of [1, 10]) {
        for (const variant of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          const r = await drive(servers[variant]!, token, op, c, SECONDS);
          runs[variant][c]!.push(r);
          log(`round ${round + 1} ${variant.padEnd(3)} @${c}: ${r.rps.toFixed(0)} req/s, p50 ${fmt(r.p50)} ms, server CPU ${fmt(r.serverCpuMsPerRequest ?? NaN)} ms/req${r.failures ? `, ${r.failures} FAILED` : ''}`);
        }
      }
    }
    return runs;
  } finally {
    for (const child of Object.values(servers)) await child?.stop();
    await dropDatabase(ADMIN_URL, DB_NAME);
  }
}

async function pgliteBench(): Promise<Runs> {
  const dir = mkdtempSync(join(tmpdir(), 'standby-bench-ratelimit-'));
  try {
    log(`PGlite: npm run seed -- --experts ${EXPERTS} --requests ${REQUESTS}`);
    await runNode('seed/cli.ts', ['--experts', String(EXPERTS), '--requests', String(REQUESTS), '--today', today], { DATA_DIR: dir, DATABASE_URL: '' });
    // The seed writes its tokens to the data directory's 0600 file (seed/load.ts).
    const tokens = readFileSync(join(dir, 'demo-tokens.txt'), 'utf8');
    const token = /^\s*COORDINATOR\s+(sb_\S+)/m.exec(tokens)?.[1];
    if (!token) throw new Error(`no COORDINATOR token in demo-tokens.txt:\n${tokens}`);
    const op = expertsSearch();
    const runs: Runs = { off: { 1: [] }, on: { 1: [] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const server = await start(variant, { DATABASE_URL: '', DATA_DIR: dir });
        try {
          await check(server, token, op);
          await drive(server, token, op, 1, 2);
          const r = await drive(server, token, op, 1, SECONDS);
          runs[variant][1]!.push(r);
          log(`PGlite round ${round + 1} ${variant.padEnd(3)} @1: ${r.rps.toFixed(0)} req/s, p50 ${fmt(r.p50)} ms, server CPU ${fmt(r.serverCpuMsPerRequest ?? NaN)} ms/req${r.failures ? `, ${r.failures} FAILED` : ''}`);
        } finally {
          await server.stop();
        }
      }
    }
    return runs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rows(database: string, runs: Runs): string[] {
  return Object.keys(runs.off).map(Number).map((c) => {
    const m = (variant: Variant, pick: (r: LoadResult) => number) => median(runs[variant][c]!.map(pick));
    const cells = (pick: (r: LoadResult) => number) => [m('off', pick), m('on', pick), m('on', pick) - m('off', pick)].map((x) => (x >= 0 ? '' : '−') + fmt(Math.abs(x)));
    const failures = [...runs.off[c]!, ...runs.on[c]!].reduce((n, r) => n + r.failures, 0);
    return `| ${database} | ${c} | ${cells((r) => r.rps).join(' | ')} | ${cells((r) => r.p50).join(' | ')} | ${cells((r) => r.serverCpuMsPerRequest ?? NaN).join(' | ')} | ${failures} |`;
  });
}

async function main() {
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  log(`${cpus().length} × ${cpus()[0]?.model}, node ${process.version}; ${ROUNDS} rounds of ${SECONDS} s per cell; filter ${JSON.stringify(searchFilter(today))}`);
  const pg = await postgresBench();
  const pglite = values['skip-pglite'] ? null : await pgliteBench();
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    `Measured ${date} on ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, PostgreSQL on the same machine, load average ${loadBefore} before and ${loadAfter} after (the 2 cores are shared). ` +
      `(a) the contract's Experts search without totalCount, seed roster of ${EXPERTS.toLocaleString('en-US')} experts; median of ${ROUNDS} alternating runs of ${SECONDS} s per cell. ` +
      `"off": RATE_LIMIT=0; "on": RATE_LIMIT=10000000, every request charged in \`rate_limits\` and none refused. Reproduce: \`npm run bench:ratelimit\`.`,
    '',
    '| database | connections | req/s off | req/s on | Δ | p50 ms off | p50 ms on | Δ | server CPU ms/req off | on | Δ | failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows('PostgreSQL', pg),
    ...(pglite ? rows('PGlite', pglite) : []),
  ].join('\n');
  console.log(`\n${section}\n`);
  log('done');
  if (!values['no-write'] && !replaceBetweenMarkers(join(ROOT, 'docs/benchmarks.md'), 'ratelimit', section)) {
    console.error('docs/benchmarks.md has no bench:ratelimit markers; nothing written');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
