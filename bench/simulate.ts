/**
 * `npm run simulate [-- --seed N --requests N --experts N --seeds K --json --extended --write]`:
 * a deterministic year of staffing on the demo roster, replayed in process on the real engine
 * under each policy (server/domain/simulation/), every offer checked by the independent rule
 * checker. Prints a table of the figures per policy; `--json` prints one JSON object
 * `{ requests, policies: { engine: { fullyStaffed, minWomenMet, standbyWithin72h, medianScore,
 * gini, maxDays, violations }, greedy: {…}, fair: {…}, blind: {…} } }` (`--extended` adds the
 * table's other figures to each policy). `--seeds K` also replays K years (seeds N..N+K−1) and
 * prints the mean and spread of each figure, and how often each policy beats the engine.
 * `--write` replaces the generated block of docs/benchmarks.md. Bad arguments exit with status 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { simulateYear, yearJson, type PolicyDetails, type PolicyFigures, type YearResult } from '../server/domain/simulation/index.js';
import { dayNumber } from '../server/domain/dates.js';
import { DEFAULT_EXPERTS, DEFAULT_SEED } from '../seed/demo.js';
import { demoExperts, DEMO_WORLD, YEAR_START } from './lib/year.js';

class UsageError extends Error {}

type Figures = PolicyFigures & PolicyDetails;
const ROWS: [keyof Figures, string, (v: number | null) => string][] = [
  ['fullyStaffed', 'requests fully staffed', pct],
  ['minWomenMet', 'teams meeting minWomen (requests asking for women)', pct],
  ['standbyWithin72h', '≤ 72 h requests with a standby-team member', pct],
  ['medianScore', 'median team fitScore (mean of members)', (v) => fixed(v, 4)],
  ['gini', 'Gini of deployment days, experts who served', (v) => fixed(v, 3)],
  ['giniRoster', 'Gini of deployment days, whole roster', (v) => fixed(v, 3)],
  ['maxDays', 'most days served by one expert', (v) => fixed(v, 0)],
  ['violations', 'rule violations (independent check)', (v) => fixed(v, 0)],
  ['trueQuality', 'mean hidden quality per filled seat', (v) => fixed(v, 4)],
  ['seatsFilled', 'seats filled', pct],
  ['expertsServed', 'experts who served', (v) => fixed(v, 0)],
  ['offers', 'offers made (declined)', (v) => fixed(v, 0)],
];

function pct(v: number | null): string {
  return v === null ? '–' : `${(100 * v).toFixed(1)}%`;
}
function fixed(v: number | null, digits: number): string {
  return v === null ? '–' : v.toFixed(digits);
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--${flag}: expected a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function parseCli(argv: readonly string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        seed: { type: 'string' },
        requests: { type: 'string' },
        experts: { type: 'string' },
        seeds: { type: 'string' },
        json: { type: 'boolean' },
        extended: { type: 'boolean' },
        write: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(String((error as Error).message).split(/\n|\. /)[0]!.replace(/\.$/, ''));
  }
  return {
    seed: wholeNumber('seed', values.seed as string | undefined, DEFAULT_SEED, 0, 2 ** 32 - 1),
    requests: wholeNumber('requests', values.requests as string | undefined, 120, 1, 5000),
    experts: wholeNumber('experts', values.experts as string | undefined, DEFAULT_EXPERTS, 1, 20_000),
    seeds: wholeNumber('seeds', values.seeds as string | undefined, 0, 0, 100),
    json: values.json === true,
    extended: values.extended === true,
    write: values.write === true,
  };
}

function table(result: YearResult): string {
  const names = result.runs.map((r) => r.policy);
  const lines = [`| figure | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (const [key, label, format] of ROWS) {
    const cells = result.runs.map((r) => (key === 'offers' ? `${r.figures.offers} (${r.figures.declined})` : format(r.figures[key] as number | null)));
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

/** Mean ± standard deviation over the years, and the engine-relative difference with how often it is positive. */
function summary(years: YearResult[]): string {
  const names = years[0]!.runs.map((r) => r.policy);
  const lines = [`| figure (mean ± sd over ${years.length} years) | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  const keys: (keyof Figures)[] = ['fullyStaffed', 'minWomenMet', 'standbyWithin72h', 'medianScore', 'gini', 'giniRoster', 'maxDays', 'violations', 'trueQuality'];
  for (const key of keys) {
    const label = ROWS.find(([k]) => k === key)![1];
    const cells = names.map((name, p) => {
      const values = years.map((y) => y.runs[p]!.figures[key] as number | null).filter((v): v is number => v !== null);
      const digits = key === 'maxDays' || key === 'violations' ? 1 : key === 'medianScore' || key === 'trueQuality' ? 4 : 3;
      const base = `${mean(values).toFixed(digits)} ± ${sd(values).toFixed(digits)}`;
      if (name === 'engine' || key === 'violations') return base;
      const diffs = years.map((y) => (y.runs[p]!.figures[key] as number) - (y.runs[0]!.figures[key] as number)).filter(Number.isFinite);
      const above = diffs.filter((d) => d > 0).length;
      return `${base} (Δ ${mean(diffs) >= 0 ? '+' : ''}${mean(diffs).toFixed(digits)}, above the engine in ${above}/${diffs.length})`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`simulate: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const started = performance.now();
  const experts = demoExperts(options.experts);
  const start = dayNumber(YEAR_START);
  const year = (seed: number) => simulateYear({ experts, world: DEMO_WORLD, requests: options.requests, start, seed });
  const result = year(options.seed);
  if (options.json) {
    console.log(JSON.stringify(yearJson(result, options.extended), null, 2));
    return;
  }
  const kinds = result.stream.reduce<Record<string, number>>((m, r) => ({ ...m, [r.kind]: (m[r.kind] ?? 0) + 1 }), {});
  const header =
    `One year from ${YEAR_START}: ${result.stream.length} requests (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}; ` +
    `${result.stream.filter((r) => r.shortNotice).length} at ≤ 72 h notice, ${result.stream.filter((r) => r.cancelAt !== null).length} cancelled, ` +
    `${result.stream.reduce((s, r) => s + r.roles.reduce((n, x) => n + x.count, 0), 0)} seats), ${experts.length} experts ` +
    `(${result.roster.filter((e) => e.tier === 'STANDBY_TEAM').length} standby), seed ${options.seed}.`;
  let text = `${header}\n\n${table(result)}\n`;
  if (options.seeds > 0) {
    const years = Array.from({ length: options.seeds }, (_, i) => year(options.seed + i));
    text += `\nSeeds ${options.seed}–${options.seed + options.seeds - 1}, same roster and stream rules:\n\n${summary(years)}\n`;
  }
  console.log(text);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s; reproduce: npm run simulate -- ${process.argv.slice(2).join(' ')})`);
  if (options.write) {
    const docs = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
    const begin = '<!-- simulate:begin -->';
    const end = '<!-- simulate:end -->';
    const current = readFileSync(docs, 'utf8');
    const block = `${begin}\n\`npm run simulate -- ${process.argv.slice(2).filter((a) => a !== '--write').join(' ')}\`\n\n${text}${end}`;
    const i = current.indexOf(begin);
    const j = current.indexOf(end);
    if (i < 0 || j < i) throw new Error(`docs/benchmarks.md has no ${begin} … ${end} block`);
    writeFileSync(docs, current.slice(0, i) + block + current.slice(j + end.length));
  }
}

await main();
