/**
 * Start benchmark (`npm run bench:start`, i.e. `npx tsx bench/start.ts`), issue 14.
 *
 * Times `npm start` as a newcomer runs it: embedded PGlite, demo roster, from spawning `npm start`
 * until it prints its "Standby is ready" line. A cold start gets a fresh DATA_DIR (the demo
 * roster is loaded); a warm start reuses the directory of the cold start before it. Cold and
 * warm starts alternate, so that a change in the machine's load falls on both. Each start also
 * reports the milliseconds the server itself counts from entering main() (after its imports).
 * Writes the table between the bench:start markers of docs/benchmarks.md.
 *
 * Options: --runs N (cold and warm starts each, default 5), --no-write (print only).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, replaceBetweenMarkers } from './lib/api-report.js';
import { ROOT } from './lib/api-proc.js';

const argv = process.argv.slice(2);
const RUNS = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
const WRITE = !argv.includes('--no-write');
const READY = /Standby is ready at \S+ on .* in (\d+) ms/;

interface Start {
  /** From spawning `npm start` to its ready line. */
  ms: number;
  /** What the server counts itself, from entering main() to listening. */
  inMainMs: number;
}

/** Runs `npm start` on `dataDir` until its ready line, then stops it (its whole process group). */
async function timeStart(dataDir: string): Promise<Start> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    // Its own process group, so that stopping it stops npm and the node it runs.
    detached: true,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', SEED: 'demo', NODE_ENV: '', LOG_LEVEL: 'warn', ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await new Promise<Start>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = READY.exec(output);
        if (ready) resolve({ ms: performance.now() - started, inMainMs: Number(ready[1]) });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

const loadBefore = load();
const cold: Start[] = [];
const warm: Start[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'standby-start-'));
  try {
    cold.push(await timeStart(dir));
    warm.push(await timeStart(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`start ${i + 1}/${RUNS}: cold ${seconds(cold.at(-1)!.ms)} s, warm ${seconds(warm.at(-1)!.ms)} s`);
}
const loadAfter = load();

const row = (label: string, starts: Start[]) =>
  `| ${label} | ${seconds(median(starts.map((s) => s.ms)))} s | ${starts.map((s) => seconds(s.ms)).join(', ')} | ${seconds(median(starts.map((s) => s.inMainMs)))} s |`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average ${loadBefore} before and ${loadAfter} after. ` +
    `Time from spawning \`npm start\` (embedded PGlite, demo roster) to its ready line; ${RUNS} cold starts (fresh DATA_DIR) alternating with ${RUNS} warm starts (the same directory again). ` +
    'The last column is what the server counts itself, from entering `main()` (its imports done) to listening. Reproduce: `npm run bench:start`.',
  '',
  '| start | median | each run | of which in `main()` (median) |',
  '|---|---:|---|---:|',
  row('cold (fresh DATA_DIR)', cold),
  row('warm (same DATA_DIR)', warm),
].join('\n');
console.log(`\n${table}`);
if (WRITE) {
  const docs = join(ROOT, 'docs/benchmarks.md');
  if (!replaceBetweenMarkers(docs, 'start', table)) console.error(`${docs}: no <!-- bench:start:begin/end --> markers; the table was not written`);
}
