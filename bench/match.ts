/**
 * Benchmark of the matching engine (`npm run bench:match`, i.e. `npx tsx bench/match.ts`).
 * Generates deterministic rosters of 1k, 10k and 100k experts and a mix of 1–8-seat requests,
 * times `proposeTeam` end to end (eligibility, scoring, candidate lists, optimisation), then
 * solves the same instances with HiGHS (the lexicographic MILP over the eligible candidates,
 * timing only `highs.solve`) and checks that both agree. Prints a markdown table and replaces the
 * "Matching engine" section of docs/benchmarks.md. Options: `--no-write` (print only),
 * `--quick` (fewer runs, for a smoke test).
 */
import { availableParallelism, cpus } from 'node:os';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { proposeTeam, solveSeats, type MatchRequest, type Proposal, type SeatProblem } from '../server/domain/matching/index.js';
import { generateRequest, generateRoster, mulberry32, regionOf } from './lib/roster.js';
import { buildMilp, solveMilp, type HighsLike, type MilpProblem } from './lib/milp.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const SIZES = [1_000, 10_000, 100_000];
/** Engine runs per request (after one warm-up) and requests handed to HiGHS, per roster size. */
const PLAN: Record<number, { runs: number; highsRequests: number }> = QUICK
  ? { 1_000: { runs: 2, highsRequests: 4 }, 10_000: { runs: 2, highsRequests: 2 }, 100_000: { runs: 1, highsRequests: 1 } }
  : { 1_000: { runs: 10, highsRequests: 24 }, 10_000: { runs: 6, highsRequests: 24 }, 100_000: { runs: 3, highsRequests: 6 } };
const SEATS_MIX = [1, 2, 3, 4, 5, 6, 7, 8];
const REQUESTS_PER_SEAT_COUNT = 3;
const options = { regionOf };

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function milpOf(request: MatchRequest, proposal: Proposal, female: Set<string>): MilpProblem {
  return {
    womenTarget: request.minWomen,
    roles: request.roles.map((role) => ({
      seats: role.count,
      candidates: proposal.candidates
        .filter((c) => c.roleId === role.id)
        .map((c) => ({ expert: c.expertId, score: Math.round(c.fitScore * 10_000), female: female.has(c.expertId) })),
    })),
  };
}

/** The optimiser's own input for the same instance, so it can be timed alone against HiGHS. */
function seatProblemOf(milp: MilpProblem): SeatProblem {
  const index = new Map<string, number>();
  const key = (id: string) => index.get(id) ?? (index.set(id, index.size), index.size - 1);
  return {
    womenTarget: milp.womenTarget,
    roles: milp.roles.map((r) => ({ seats: r.seats, candidates: r.candidates.map((c) => ({ expert: key(c.expert), score: c.score, female: c.female })) })),
  };
}

/** Median time of `f` over enough repetitions to be above timer resolution. */
function timeSmall(f: () => void): number {
  const samples: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t = performance.now();
    for (let j = 0; j < 20; j++) f();
    samples.push((performance.now() - t) / 20);
  }
  return median(samples);
}

interface Row {
  size: number;
  requests: number;
  runs: number;
  engineMedian: number;
  engineP95: number;
  sixSeatMedian: number;
  highsN: number;
  highsMedian: number;
  highsP95: number;
  engineSameMedian: number;
  optimiserMedian: number;
  maxColumns: number;
  disagreements: number;
}

async function main() {
  const mod = (await import('highs')) as unknown as { default: (() => Promise<unknown>) | { default: () => Promise<unknown> } };
  const highs = (await (typeof mod.default === 'function' ? mod.default : mod.default.default)()) as HighsLike;
  const rng = mulberry32(20_260_101);
  const requests: MatchRequest[] = [];
  for (let k = 0; k < REQUESTS_PER_SEAT_COUNT; k++) for (const seats of SEATS_MIX) requests.push(generateRequest(rng, `bench-${seats}-${k}`, seats));
  const totalSeats = (r: MatchRequest) => r.roles.reduce((n, role) => n + role.count, 0);

  const rows: Row[] = [];
  const started = performance.now();
  for (const size of SIZES) {
    const plan = PLAN[size]!;
    const experts = generateRoster(size, 42);
    const female = new Set(experts.filter((e) => e.gender === 'FEMALE').map((e) => e.id));
    const times: number[] = [];
    const perRequest: number[] = [];
    const sixSeat: number[] = [];
    const proposals: Proposal[] = [];
    for (const request of requests) {
      proposals.push(proposeTeam(request, experts, options)); // warm-up, kept for HiGHS
      const mine: number[] = [];
      for (let k = 0; k < plan.runs; k++) {
        const t = performance.now();
        proposeTeam(request, experts, options);
        mine.push(performance.now() - t);
      }
      times.push(...mine);
      perRequest.push(median(mine));
      if (totalSeats(request) === 6) sixSeat.push(...mine);
    }

    // HiGHS on an evenly spread subset of the requests (all of them below 100k).
    const step = requests.length / plan.highsRequests;
    const highsTimes: number[] = [];
    const engineSame: number[] = [];
    const optimiser: number[] = [];
    let maxColumns = 0;
    let disagreements = 0;
    for (let h = 0; h < plan.highsRequests; h++) {
      const i = Math.floor(h * step);
      const request = requests[i]!;
      const proposal = proposals[i]!;
      const problem = milpOf(request, proposal, female);
      const { columns } = buildMilp(problem, 'lexicographic');
      maxColumns = Math.max(maxColumns, columns.size);
      const t = performance.now();
      const result = solveMilp(highs, problem, 'lexicographic');
      highsTimes.push(performance.now() - t);
      engineSame.push(perRequest[i]!);
      const seatProblem = seatProblemOf(problem);
      optimiser.push(timeSmall(() => solveSeats(seatProblem)));
      const women = (ids: string[]) => Math.min(request.minWomen, ids.filter((id) => female.has(id)).length);
      const agree =
        result.chosen.length === proposal.members.length &&
        women(result.chosen.map(([, id]) => id)) === women(proposal.members.map((m) => m.expertId)) &&
        Math.abs(result.objective / 10_000 - proposal.totalScore) < 1e-6;
      if (!agree) disagreements++;
    }
    rows.push({
      size,
      requests: requests.length,
      runs: plan.runs,
      engineMedian: median(times),
      engineP95: quantile(times, 0.95),
      sixSeatMedian: median(sixSeat),
      highsN: plan.highsRequests,
      highsMedian: median(highsTimes),
      highsP95: quantile(highsTimes, 0.95),
      engineSameMedian: median(engineSame),
      optimiserMedian: median(optimiser),
      maxColumns,
      disagreements,
    });
    console.error(`${size} experts done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const table = [
    '| roster | engine runs | engine median | engine p95 | 6-seat median | HiGHS solves | HiGHS median | HiGHS p95 | HiGHS ÷ engine | optimiser alone | HiGHS ÷ optimiser | largest MILP (columns) | disagreements |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.size.toLocaleString('en-US')} | ${r.requests} × ${r.runs} | ${ms(r.engineMedian)} ms | ${ms(r.engineP95)} ms | ${ms(r.sixSeatMedian)} ms | ` +
        `${r.highsN} | ${ms(r.highsMedian)} ms | ${ms(r.highsP95)} ms | ${(r.highsMedian / r.engineSameMedian).toFixed(1)}× | ` +
        `${ms(r.optimiserMedian)} ms | ${(r.highsMedian / r.optimiserMedian).toFixed(0)}× | ` +
        `${r.maxColumns.toLocaleString('en-US')} | ${r.disagreements} |`,
    ),
  ].join('\n');
  const growth = `Growth of the engine median from ${first.size.toLocaleString('en-US')} to ${last.size.toLocaleString('en-US')} experts: ` +
    `${(last.engineMedian / first.engineMedian).toFixed(1)}× for ${last.size / first.size}× the roster (HiGHS: ${(last.highsMedian / first.highsMedian).toFixed(1)}×).`;
  console.log(table);
  console.log();
  console.log(growth);

  const section = [
    '## Matching engine (`npm run bench:match`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}, Node ${process.version}` +
      `${QUICK ? ' (quick mode: too few runs to quote)' : ''}. Reproduce with \`npm run bench:match\` (= \`npx tsx bench/match.ts\`).`,
    '',
    `Workload: deterministic generated rosters (seed 42; ~45% women, expertise levels skewed low, some unavailability, commitments, ` +
      `missing clearances) and ${requests.length} requests (${REQUESTS_PER_SEAT_COUNT} each of 1–8 seats over 1–4 roles, seeded). ` +
      '"Engine" is one `proposeTeam` call end to end: eligibility with reasons for every expert and role, fitScore for every ' +
      'eligible pair, full candidate and excluded lists, and the exact min-cost-flow optimisation. "HiGHS" is `highs.solve` ' +
      '(WebAssembly, single thread; includes parsing the LP text, not building it) on the lexicographic MILP over the same ' +
      'eligible candidates; ' +
      `fewer requests go to HiGHS at 100k (${PLAN[100_000]!.highsRequests}) to keep the run short. Both ratios compare medians ` +
      'over the requests HiGHS solved: "HiGHS ÷ engine" sets the solve alone against the whole `proposeTeam`, "optimiser alone" ' +
      'is `solveSeats` (top-K reduction + min-cost flow) on exactly the MILP\'s input, the like-for-like comparison. ' +
      '"disagreements" counts instances where HiGHS found a different (seats, women capped, total score): it must be 0.',
    '',
    table,
    '',
    growth,
    '',
    'The optimisation itself stays in the tens of microseconds at every size (the top-K reduction leaves at most 2·seats ' +
      'candidates per role), so engine time is eligibility, scoring and building the full candidate/excluded lists. It grows ' +
      'faster than the roster between 10k and 100k because of the canonical name sort (n log n string comparisons) and because ' +
      'a 100k proposal emits ~100k × roles excluded entries, which the garbage collector has to copy and promote. The target ' +
      '(6 seats over 10,000 experts, median ≤ 50 ms) is the "6-seat median" column of the 10,000 row.',
    '',
    'The machine is shared with other work (other test suites were running during these measurements), so single figures ' +
      'move by ±30% or more between runs; p95 especially. The `disagreements` column is the part that must never move.',
    '',
  ].join('\n');

  if (!args.has('--no-write')) {
    const docs = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
    if (!existsSync(docs)) {
      mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
      writeFileSync(docs, '# Benchmarks\n\n');
    }
    const text = readFileSync(docs, 'utf8');
    const heading = '## Matching engine (`npm run bench:match`)';
    const at = text.indexOf(heading);
    let updated: string;
    if (at < 0) {
      updated = `${text.replace(/\n*$/, '\n\n')}${section}`;
    } else {
      const nextHeading = text.indexOf('\n## ', at + heading.length);
      updated = text.slice(0, at) + section + (nextHeading < 0 ? '' : text.slice(nextHeading + 1));
    }
    writeFileSync(docs, updated);
    console.error(`wrote ${docs}`);
  }
  console.error(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
