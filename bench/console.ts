/**
 * Console budgets (`npm run bench:console`, issue 12), in Debian's Chromium (playwright-core):
 *  1. JavaScript shipped for the first page (`/`, the sign-in page): every script the page loads,
 *     gzipped (zlib level 6, what @fastify/compress sends) — budget 250 KB; also the roster page's.
 *  2. First render of /roster with a fresh browser profile (a new context: empty cache, only the
 *     session cookie) on the demo roster (embedded PGlite, `SEED=demo`): from navigation start to the
 *     first result row in the DOM (a MutationObserver records performance.now()) — budget 1 s.
 *  3. Search keystroke → updated results at 10,000 experts on PostgreSQL: from the keydown to the
 *     DOM showing the answer to the new text (the count's data-results-for equals it) — budget
 *     300 ms median. Each keystroke waits for its results before the next (one query at a time).
 * Writes the table between the bench:console markers of docs/benchmarks.md (--no-write: print only).
 * Options: --runs N (first renders, default 9), --skip-postgres.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { today as utcToday } from '../server/domain/dates.js';
import { dropDatabase, recreateDatabase, seedPostgres } from './lib/api-db.js';
import { freePort, ROOT, startNode, waitFor, type Child } from './lib/api-proc.js';
import { fmt, median, replaceBetweenMarkers } from './lib/api-report.js';
import { CHROMIUM } from '../test/browser/chromium.js';

const argv = process.argv.slice(2);
const RUNS = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 9;
const WRITE = !argv.includes('--no-write');
const SKIP_PG = argv.includes('--skip-postgres');
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'standby_console_bench';
const BUDGET = { firstPageKB: 250, firstRenderMs: 1000, keystrokeMs: 300 };
const log = (msg: string) => console.log(`[console bench] ${msg}`);

async function sessionCookie(origin: string, token: string) {
  const res = await fetch(`${origin}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (res.status !== 201) throw new Error(`POST /session answered ${res.status}`);
  const [pair] = (res.headers.get('set-cookie') ?? '').split(';');
  const [name, value] = pair!.split('=');
  return { name: name!, value: value!, url: origin };
}

async function freshContext(browser: Browser, origin: string, token?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 900 } });
  if (token) await context.addCookies([await sessionCookie(origin, token)]);
  return context;
}

/** The scripts a page loads until it shows `ready`, with their gzipped sizes. */
async function shippedJs(browser: Browser, origin: string, path: string, ready: string, token?: string) {
  const context = await freshContext(browser, origin, token);
  const page = await context.newPage();
  const scripts: Promise<{ url: string; raw: number; gzip: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(response.body().then((body) => ({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body).length })));
  });
  await page.goto(path);
  await page.locator(ready).first().waitFor();
  await page.waitForTimeout(1000); // any chunk loaded after the first render
  const files = await Promise.all(scripts);
  await context.close();
  return { files, gzipKB: files.reduce((sum, f) => sum + f.gzip, 0) / 1024, rawKB: files.reduce((sum, f) => sum + f.raw, 0) / 1024 };
}

/** Milliseconds from navigation start to the first roster row in the DOM, each in a fresh context. */
async function firstRenders(browser: Browser, origin: string, token: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await freshContext(browser, origin, token);
    await context.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('tbody tr')) {
          (window as unknown as { __rendered: number }).__rendered = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto('/roster');
    await page.waitForFunction(() => (window as unknown as { __rendered?: number }).__rendered !== undefined);
    times.push(await page.evaluate(() => (window as unknown as { __rendered: number }).__rendered));
    await context.close();
  }
  return times;
}

/** Keydown → the DOM shows the results for the new text, for each letter of each word typed. */
async function keystrokes(browser: Browser, origin: string, token: string, words: string[]): Promise<number[]> {
  const context = await freshContext(browser, origin, token);
  const page = await context.newPage();
  await page.goto('/roster');
  const box = page.getByRole('searchbox', { name: 'Search by name' });
  await page.locator('[data-results-for=""]').waitFor();
  const times: number[] = [];
  for (const word of words) {
    await box.fill('');
    await page.locator('[data-results-for=""][aria-busy="false"]').waitFor();
    for (let i = 1; i <= word.length; i++) {
      const text = word.slice(0, i);
      // A string, not a function: tsx would wrap named functions in a helper the page does not have.
      await page.evaluate(`(() => {
        const expected = ${JSON.stringify(text)};
        window.__shown = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            const el = document.querySelector('[data-results-for]');
            if (el && el.getAttribute('data-results-for') === expected && el.getAttribute('aria-busy') === 'false') {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          observer.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
        });
        document.addEventListener('keydown', () => (window.__typed = performance.now()), { once: true, capture: true });
      })()`);
      await box.press(word[i - 1]!);
      times.push(await page.evaluate(async () => {
        const w = window as unknown as { __typed: number; __shown: Promise<number> };
        return (await w.__shown) - w.__typed;
      }));
    }
  }
  await context.close();
  return times;
}

/** Surnames from the roster, without accents, for typing. */
async function surnames(origin: string, token: string, count: number): Promise<string[]> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ experts(first: 100) { nodes { fullName } } }' }),
  });
  const names: string[] = (await res.json()).data.experts.nodes.map((n: { fullName: string }) => n.fullName);
  const plain = names.map((n) => n.split(' ').at(-1)!.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase()).filter((n) => /^[a-z]{5,}$/.test(n));
  return [...new Set(plain)].filter((_, i) => i % 7 === 0).slice(0, count).map((n) => n.slice(0, 5));
}

function demoToken(dataDir: string): string {
  const match = /^\s+COORDINATOR\s+(sb_\S+)/m.exec(readFileSync(join(dataDir, 'demo-tokens.txt'), 'utf8'));
  if (!match) throw new Error('no COORDINATOR demo token');
  return match[1]!;
}

async function main() {
  log('building the console (npm run web:build)');
  execFileSync('npm', ['run', '--silent', 'web:build'], { cwd: ROOT, stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
  const children: Child[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'standby-console-bench-'));
  try {
    const env = { RATE_LIMIT: '0', LOG_LEVEL: 'warn', NODE_ENV: '', ADMIN_TOKEN: '' };
    const demo = startNode('server/main.ts', { ...env, DATA_DIR: join(dataDir, 'data'), SEED: 'demo', DATABASE_URL: '' }, await freePort());
    children.push(demo);
    await waitFor(`${demo.url}/healthz`, demo, performance.now(), 180_000);
    const token = demoToken(join(dataDir, 'data'));
    log(`demo server at ${demo.url}`);

    const first = await shippedJs(browser, demo.url, '/', 'input[name=token]');
    const roster = await shippedJs(browser, demo.url, '/roster', 'tbody tr', token);
    log(`first page JS: ${fmt(first.gzipKB)} KB gzipped (${first.files.length} files); roster page: ${fmt(roster.gzipKB)} KB`);
    await firstRenders(browser, demo.url, token, 1); // the server's own first queries, not the browser's
    const renders = await firstRenders(browser, demo.url, token, RUNS);
    log(`roster first render (demo, fresh profile): median ${fmt(median(renders))} ms of ${renders.map((t) => t.toFixed(0)).join(', ')}`);

    let pg: { keys: number[]; renders: number[]; words: string[] } | undefined;
    if (!SKIP_PG) {
      log('PostgreSQL: seeding 10,000 experts');
      const url = await recreateDatabase(ADMIN_URL, DB_NAME);
      const seeded = await seedPostgres(url, 10_000, 2_000, utcToday());
      const server = startNode('server/main.ts', { ...env, DATABASE_URL: url, SEED: 'none', DATA_DIR: join(dataDir, 'pg') }, await freePort());
      children.push(server);
      await waitFor(`${server.url}/healthz`, server, performance.now(), 180_000);
      const words = await surnames(server.url, seeded.coordinatorToken, 5);
      await keystrokes(browser, server.url, seeded.coordinatorToken, words.slice(0, 1)); // warm-up
      const keys = await keystrokes(browser, server.url, seeded.coordinatorToken, words);
      const pgRenders = await firstRenders(browser, server.url, seeded.coordinatorToken, RUNS);
      pg = { keys, renders: pgRenders, words };
      log(`keystroke → results (PostgreSQL, 10k): median ${fmt(median(keys))} ms, max ${fmt(Math.max(...keys))} ms over ${keys.length}`);
      log(`roster first render (PostgreSQL, 10k): median ${fmt(median(pgRenders))} ms`);
    }

    const met = (ok: boolean) => (ok ? 'met' : '**missed**');
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim()}, nproc = ${cpus().length}, Node ${process.version}, Chromium ${browser.version()} headless, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work shared the 2 cores). Reproduce with \`npm run bench:console\` (= \`npx tsx bench/console.ts\`).`,
      '',
      '| Budget | Limit | Measured | |',
      '| --- | --- | --- | --- |',
      `| JavaScript for the first page (\`/\`), gzipped | ≤ ${BUDGET.firstPageKB} KB | ${fmt(first.gzipKB)} KB (${first.files.length} files, ${fmt(first.rawKB)} KB raw) | ${met(first.gzipKB <= BUDGET.firstPageKB)} |`,
      `| First render of \`/roster\`, fresh profile, demo roster (PGlite), median of ${renders.length} | ≤ ${BUDGET.firstRenderMs} ms | ${fmt(median(renders))} ms (min ${fmt(Math.min(...renders))}, max ${fmt(Math.max(...renders))}) | ${met(median(renders) <= BUDGET.firstRenderMs)} |`,
      pg
        ? `| Search keystroke → updated results, 10,000 experts on PostgreSQL, median of ${pg.keys.length} | ≤ ${BUDGET.keystrokeMs} ms | ${fmt(median(pg.keys))} ms (max ${fmt(Math.max(...pg.keys))}) | ${met(median(pg.keys) <= BUDGET.keystrokeMs)} |`
        : '| Search keystroke → updated results, 10,000 experts on PostgreSQL | ≤ 300 ms | not run (--skip-postgres) | |',
      '',
      `Also: the roster page loads ${fmt(roster.gzipKB)} KB of JavaScript gzipped (${roster.files.length} files)${pg ? `; its first render at 10,000 experts on PostgreSQL has a median of ${fmt(median(pg.renders))} ms` : ''}. Typed words (first five letters of roster surnames, accents removed): ${pg ? pg.words.join(', ') : '–'}.`,
      '',
      '| First-page script | gzipped KB | raw KB |',
      '| --- | --- | --- |',
      ...first.files.map((f) => `| \`${f.url.replace(/-[A-Za-z0-9_-]{8}\.js$/, '-….js')}\` | ${fmt(f.gzip / 1024)} | ${fmt(f.raw / 1024)} |`),
    ];
    const table = lines.join('\n');
    console.log(`\n${table}\n`);
    if (WRITE && !replaceBetweenMarkers(join(ROOT, 'docs/benchmarks.md'), 'console', table)) log('docs/benchmarks.md has no bench:console markers; printed only');
  } finally {
    await browser.close();
    for (const child of children) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (!SKIP_PG) await dropDatabase(ADMIN_URL, DB_NAME).catch(() => {});
  }
}

await main();
