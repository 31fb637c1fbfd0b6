/**
 * The outside security probe's findings 1–3, measured (`npx tsx bench/probe.ts`; docs/security.md,
 * "What the probe found"). Starts the real server as a production start would (`NODE_ENV=production`,
 * embedded PGlite in memory, the demo roster loaded with `SEED=demo`) and replays the probe:
 * 1. 300 requests with distinct operation names (every other one invalid): Prometheus series added;
 *    five requests with 100 KB operation names: the size of `/metrics`; eight parallel scrapes:
 *    how long an unrelated query then takes.
 * 2. One request of 10 batched operations × 30 aliased `proposeTeam` with `excluded(first: 100)`:
 *    its time and the longest wait of another token's `{ me { role } }` meanwhile; the same with
 *    10 × 9 aliased `proposeTeam` without `excluded` (the most the cost limit admits).
 * 3. A token at its rate limit (RATE_LIMIT=20) sends 1,100 invalid queries: how many are processed
 *    (answered with anything but 429).
 * Writes bench/results/probe-<label>.json (`--label before|after`, default after); with `--write`
 * also the table of both labels into docs/security.md (between the bench:probe markers). The
 * "before" figures come from running this file in a checkout of the commit before the fixes.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, startNode, waitFor, type Child } from './lib/api-proc.js';
import { median, replaceBetweenMarkers } from './lib/api-report.js';

const argv = process.argv.slice(2);
const LABEL = argv.includes('--label') ? argv[argv.indexOf('--label') + 1]! : 'after';
const ADMIN = 'probe-admin-token-0123456789';
const METRICS_TOKEN = 'probe-metrics-token-0123456789';
const log = (msg: string) => console.log(`[probe ${LABEL}] ${msg}`);

interface Answer {
  status: number;
  ms: number;
  body: string;
}

async function post(url: string, body: unknown, token?: string, retried = false): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - started, body: text };
  } catch (error) {
    // A kept-alive socket the server closed meanwhile: once more on a fresh one.
    if (retried) throw error;
    return post(url, body, token, true);
  }
}

async function start(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const since = performance.now();
  const child = startNode(
    'server/main.ts',
    { NODE_ENV: 'production', DATA_DIR: 'memory', SEED: 'demo', ADMIN_TOKEN: ADMIN, METRICS_TOKEN, LOG_LEVEL: 'warn', GRAPHIQL: '', DATABASE_URL: '', ...env },
    port,
  );
  await waitFor(`${child.url}/readyz`, child, since);
  return child;
}

async function issue(url: string, role: string, name: string): Promise<string> {
  const res = await post(url, { query: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`, variables: { input: { role, name } } }, ADMIN);
  return (JSON.parse(res.body) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return res.text();
}

const seriesIn = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('#')).length;

/** Runs `heavy` while another token asks `{ me { role } }` back to back; the longest of those waits. */
async function stallDuring(url: string, other: string, heavy: () => Promise<Answer>): Promise<{ answer: Answer; longestMs: number; quietMs: number }> {
  const quiet: number[] = [];
  for (let i = 0; i < 20; i++) quiet.push((await post(url, { query: '{ me { role } }' }, other)).ms);
  let done = false;
  const waits: number[] = [];
  const poller = (async () => {
    while (!done) {
      waits.push((await post(url, { query: '{ me { role } }' }, other)).ms);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const answer = await heavy();
  done = true;
  await poller;
  return { answer, longestMs: Math.max(0, ...waits), quietMs: median(quiet) };
}

function errorCodes(body: string): string[] {
  const parsed = JSON.parse(body) as unknown;
  const results = (Array.isArray(parsed) ? parsed : [parsed]) as { errors?: { extensions?: { code?: string } }[] }[];
  return [...new Set(results.flatMap((r) => (r.errors ?? []).map((e) => e.extensions?.code ?? 'NONE')))];
}

async function metricsFinding(url: string, other: string) {
  const before = seriesIn(await scrape(url));
  for (let i = 0; i < 300; i++) {
    const query = i % 2 ? `query Probe${i} { nope }` : `query Probe${i} { __typename }`;
    await post(url, { query, operationName: `Probe${i}` });
  }
  const seriesAdded = seriesIn(await scrape(url)) - before;
  log(`300 distinct operation names added ${seriesAdded} series`);
  for (let i = 0; i < 5; i++) {
    const name = `${String.fromCharCode(65 + i)}${'x'.repeat(100_000)}`;
    await post(url, { query: `query ${name} { __typename }`, operationName: name });
  }
  const metricsBytes = Buffer.byteLength(await scrape(url));
  log(`/metrics after five 100 KB names: ${(metricsBytes / 1e6).toFixed(2)} MB`);
  const stall = await stallDuring(url, other, async () => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => scrape(url)));
    return { status: 200, ms: performance.now() - started, body: '' };
  });
  log(`8 parallel scrapes took ${stall.answer.ms.toFixed(0)} ms; another query waited up to ${stall.longestMs.toFixed(0)} ms (quiet ${stall.quietMs.toFixed(1)} ms)`);
  return { seriesAdded, metricsBytes, scrapesMs: stall.answer.ms, scrapeStallMs: stall.longestMs };
}

function proposeBatch(requestId: string, aliases: number, excluded: boolean) {
  const selection = excluded ? 'complete excluded(first: 100) { expert { id } reasons }' : 'complete totalScore members { expert { id } fitScore }';
  const fields = Array.from({ length: aliases }, (_, k) => `p${k}: proposeTeam(requestId: $id) { ${selection} }`).join('\n');
  return Array.from({ length: 10 }, () => ({ query: `query Probe($id: ID!) { ${fields} }`, variables: { id: requestId } }));
}

async function proposeFinding(url: string, coordinator: string, other: string) {
  const list = await post(url, { query: '{ deploymentRequests(first: 1) { nodes { id } } }' }, coordinator);
  const requestId = (JSON.parse(list.body) as { data: { deploymentRequests: { nodes: { id: string }[] } } }).data.deploymentRequests.nodes[0]!.id;
  const out: Record<string, { ms: number; stallMs: number; quietMs: number; status: number; codes: string[] }> = {};
  for (const [key, aliases, excluded] of [
    ['10x30 with excluded(first: 100)', 30, true],
    ['10x9 without excluded', 9, false],
  ] as const) {
    const stall = await stallDuring(url, other, () => post(url, proposeBatch(requestId, aliases, excluded), coordinator));
    out[key] = { ms: stall.answer.ms, stallMs: stall.longestMs, quietMs: stall.quietMs, status: stall.answer.status, codes: errorCodes(stall.answer.body) };
    log(`${key}: HTTP ${stall.answer.status} in ${stall.answer.ms.toFixed(0)} ms (${out[key].codes.join(', ') || 'no errors'}); another token waited up to ${stall.longestMs.toFixed(0)} ms (quiet ${stall.quietMs.toFixed(1)} ms)`);
  }
  return out;
}

async function rateLimitFinding() {
  const server = await start({ RATE_LIMIT: '20' });
  try {
    const token = await issue(server.url, 'COORDINATOR', 'probe rate');
    for (let i = 0; i < 20; i++) await post(server.url, { query: '{ me { role } }' }, token);
    let processed = 0;
    for (let i = 0; i < 1100; i++) {
      const res = await post(server.url, { query: `{ nope${i % 7} }` }, token);
      if (res.status !== 429) processed += 1;
    }
    log(`a token at its limit sent 1,100 invalid queries: ${processed} processed`);
    return { invalidProcessedPastLimit: processed };
  } finally {
    await server.stop();
  }
}

async function main() {
  const server = await start({});
  let result: Record<string, unknown>;
  try {
    const coordinator = await issue(server.url, 'COORDINATOR', 'probe coordinator');
    const other = await issue(server.url, 'COORDINATOR', 'probe bystander');
    const metrics = await metricsFinding(server.url, other);
    const propose = await proposeFinding(server.url, coordinator, other);
    result = { label: LABEL, at: new Date().toISOString(), metrics, propose };
  } finally {
    await server.stop();
  }
  result.rateLimit = await rateLimitFinding();
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/probe-${LABEL}.json`), `${JSON.stringify(result, null, 2)}\n`);
  if (argv.includes('--write')) writeTable();
}

type Probe = {
  metrics: { seriesAdded: number; metricsBytes: number; scrapesMs: number; scrapeStallMs: number };
  propose: Record<string, { ms: number; stallMs: number; status: number; codes: string[] }>;
  rateLimit: { invalidProcessedPastLimit: number };
};

function writeTable() {
  const read = (label: string) => {
    const path = join(ROOT, `bench/results/probe-${label}.json`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Probe) : undefined;
  };
  const [before, after] = [read('before'), read('after')];
  const cell = (p: Probe | undefined, f: (p: Probe) => string) => (p ? f(p) : '–');
  const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
  const propose = (key: string) => (p: Probe) => {
    const r = p.propose[key]!;
    return `HTTP ${r.status}${r.codes.length ? ` ${r.codes.join(', ')}` : ''} in ${ms(r.ms)}; bystander waited ≤ ${ms(r.stallMs)}`;
  };
  const rows: [string, (p: Probe) => string][] = [
    ['1. Series added by 300 distinct operation names', (p) => String(p.metrics.seriesAdded)],
    ['1. `/metrics` size after five 100 KB names', (p) => `${(p.metrics.metricsBytes / 1e6).toFixed(2)} MB`],
    ['1. Eight parallel scrapes; longest wait of another query meanwhile', (p) => `${ms(p.metrics.scrapesMs)}; ${ms(p.metrics.scrapeStallMs)}`],
    ['2. 10 batched × 30 aliased `proposeTeam` with `excluded(first: 100)`', propose('10x30 with excluded(first: 100)')],
    ['2. 10 batched × 9 aliased `proposeTeam` (the most one operation may hold)', propose('10x9 without excluded')],
    ['3. Invalid queries processed for a token past its limit (of 1,100)', (p) => String(p.rateLimit.invalidProcessedPastLimit)],
  ];
  const table = [
    '| Probe | Before | After |',
    '|---|---|---|',
    ...rows.map(([name, f]) => `| ${name} | ${cell(before, f)} | ${cell(after, f)} |`),
  ].join('\n');
  if (!replaceBetweenMarkers(join(ROOT, 'docs/security.md'), 'probe', table)) console.log(table);
}

await main();
