// Cross-check against a general MILP solver (HiGHS, WebAssembly): bare seat problems with 6 seats
// over 300 candidates with random scores (where the top-K reduction discards most of the pool),
// 6-seat requests over generated 300-expert rosters, and large requests (6–8 seats over 4,000
// experts, at least 150 eligible per role, which the test checks). The MILPs are built from the
// independent oracle's eligibility and fitScore (test/oracle/), not the engine's, so the engine
// and the MILP share only the input. In `npm test`: 40 + 40 + 24 = 104 instances; FUZZ_RUNS raises
// the first two counts.
import { beforeAll, describe, expect, it } from 'vitest';
import { proposeTeam, solveSeats, type MatchExpert, type MatchRequest, type SeatProblem } from '../../server/domain/matching/index.js';
import { generateRequest, generateRoster, mulberry32, regionOf } from '../../bench/lib/roster.js';
import { solveMilp, type HighsLike, type MilpProblem } from '../../bench/lib/milp.js';
import { fitUnits, reasons, type OExpert, type ORequest } from '../oracle/oracle.js';

const INSTANCES = Number(process.env.FUZZ_RUNS ?? 0) || 40;
const LARGE = 24;
const options = { regionOf };

let highs: HighsLike;
beforeAll(async () => {
  // highs ships CJS-flavoured typings for an ESM default export: take the loader from either shape.
  const mod = (await import('highs')) as unknown as { default: (() => Promise<unknown>) | { default: () => Promise<unknown> } };
  const load = typeof mod.default === 'function' ? mod.default : mod.default.default;
  highs = (await load()) as HighsLike;
});

function instance(k: number): { request: MatchRequest; experts: MatchExpert[] } {
  const rng = mulberry32(1000 + k);
  const experts = generateRoster(300, 2000 + k);
  const request = generateRequest(rng, `milp${k}`, 6);
  // Every fourth instance asks for many women, every fourth for the top level: some are infeasible;
  // every fourth is remote with easy roles, for wide candidate pools.
  if (k % 4 === 3) request.minWomen = 4 + (k % 3);
  if (k % 4 === 2) for (const role of request.roles) role.minLevel = 5;
  if (k % 4 === 1) {
    request.mode = 'REMOTE';
    for (const role of request.roles) Object.assign(role, { minLevel: 1, languages: [] });
  }
  return { request, experts };
}

/** 6–8 seats over 4,000 experts with roles most of the roster can fill: ≥ 150 eligible per role. */
function largeInstance(k: number): { request: MatchRequest; experts: MatchExpert[] } {
  const rng = mulberry32(9000 + k);
  const experts = generateRoster(4000, 7000 + k);
  const request = generateRequest(rng, `large${k}`, 6 + (k % 3));
  for (const role of request.roles) Object.assign(role, { minLevel: 1, languages: k % 4 === 0 ? ['en'] : [] });
  if (k % 3 === 0) request.minWomen = Math.min(6, 3 + (k % 4));
  return { request, experts };
}

/** The MILP of a request, from the oracle's eligibility and exact fitScore. */
function milpProblem(request: MatchRequest, experts: MatchExpert[]): MilpProblem {
  const req = request as ORequest;
  return {
    womenTarget: request.minWomen,
    roles: request.roles.map((role) => ({
      seats: role.count,
      candidates: (experts as OExpert[])
        .filter((e) => reasons(req, role, e).length === 0)
        .map((e) => ({ expert: e.id, score: fitUnits(req, role, e, regionOf), female: e.gender === 'FEMALE' })),
    })),
  };
}

/** 6 seats over 1–4 roles, 300 experts each eligible for a role with probability 1/2 (1/80 on
 * every third instance, so that some cannot be completed). */
function seatProblem(k: number): SeatProblem {
  const rng = mulberry32(5000 + k);
  const nRoles = 1 + Math.floor(rng() * 4);
  const seats = new Array<number>(nRoles).fill(1);
  for (let s = nRoles; s < 6; s++) seats[Math.floor(rng() * nRoles)]!++;
  const female = Array.from({ length: 300 }, () => rng() < 0.45);
  // Coarse scores on some instances, so that ties are everywhere.
  const coarse = k % 2 === 1;
  const density = k % 3 === 2 ? 1 / 80 : 1 / 2;
  return {
    womenTarget: Math.floor(rng() * 7),
    roles: seats.map((count) => ({
      seats: count,
      candidates: female
        .map((f, e) => ({ expert: e, score: coarse ? 2500 * Math.floor(rng() * 5) : Math.floor(rng() * 10_001), female: f, in: rng() < density }))
        .filter((c) => c.in)
        .map(({ expert, score, female: f }) => ({ expert, score, female: f }))
        .sort((a, b) => b.score - a.score),
    })),
  };
}

describe('matching engine vs HiGHS MILP', () => {
  const cases = Array.from({ length: INSTANCES }, (_, k) => k);

  it.each(cases)('seat problem %i (6 seats × 300 candidates): same optimum as both MILPs', (k) => {
    const problem = seatProblem(k);
    const ours = solveSeats(problem);
    const milpProblem: MilpProblem = {
      womenTarget: problem.womenTarget,
      roles: problem.roles.map((r) => ({ seats: r.seats, candidates: r.candidates.map((c) => ({ ...c, expert: String(c.expert) })) })),
    };
    const lex = solveMilp(highs, milpProblem, 'lexicographic');
    const femaleOf = new Map(problem.roles.flatMap((r) => r.candidates.map((c) => [String(c.expert), c.female] as const)));
    expect(ours.seats).toBe(lex.chosen.length);
    expect(Math.min(ours.women, problem.womenTarget)).toBe(Math.min(lex.chosen.filter(([, e]) => femaleOf.get(e)).length, problem.womenTarget));
    expect(ours.score).toBe(lex.objective);
    const complete = solveMilp(highs, milpProblem, 'complete');
    expect(ours.seats === 6 && ours.women >= problem.womenTarget).toBe(complete.feasible);
    if (complete.feasible) expect(ours.score).toBe(complete.objective);
  });

  it.each(cases)('instance %i: same feasibility and optimal total as the complete-team MILP', (k) => {
    const { request, experts } = instance(k);
    const proposal = proposeTeam(request, experts, options);
    const milp = solveMilp(highs, milpProblem(request, experts), 'complete');
    expect(proposal.complete).toBe(milp.feasible);
    if (milp.feasible) expect(Math.round(proposal.totalScore * 10_000)).toBe(milp.objective);
  });

  it.each(cases)('instance %i: same seats, women and total as the lexicographic MILP', (k) => {
    const { request, experts } = instance(k);
    const proposal = proposeTeam(request, experts, options);
    const problem = milpProblem(request, experts);
    const milp = solveMilp(highs, problem, 'lexicographic');
    const female = new Set(experts.filter((e) => e.gender === 'FEMALE').map((e) => e.id));
    const milpWomen = milp.chosen.filter(([, id]) => female.has(id)).length;
    const women = proposal.members.filter((m) => female.has(m.expertId)).length;
    expect(proposal.members.length).toBe(milp.chosen.length);
    expect(Math.min(women, request.minWomen)).toBe(Math.min(milpWomen, request.minWomen));
    expect(Math.round(proposal.totalScore * 10_000)).toBe(milp.objective);
  });

  const large = Array.from({ length: LARGE }, (_, k) => k);
  it.each(large)('large instance %i (≥ 150 eligible per role): same value as the lexicographic MILP, same feasibility and total as the complete one', (k) => {
    const { request, experts } = largeInstance(k);
    const proposal = proposeTeam(request, experts, options);
    const problem = milpProblem(request, experts);
    for (const role of problem.roles) expect(role.candidates.length).toBeGreaterThanOrEqual(150);
    // the engine's candidates are the oracle's eligible experts
    expect(proposal.candidates.length).toBe(problem.roles.reduce((n, r) => n + r.candidates.length, 0));
    const lex = solveMilp(highs, problem, 'lexicographic');
    const female = new Set(experts.filter((e) => e.gender === 'FEMALE').map((e) => e.id));
    expect(proposal.members.length).toBe(lex.chosen.length);
    const women = proposal.members.filter((m) => female.has(m.expertId)).length;
    expect(Math.min(women, request.minWomen)).toBe(Math.min(lex.chosen.filter(([, id]) => female.has(id)).length, request.minWomen));
    expect(Math.round(proposal.totalScore * 10_000)).toBe(lex.objective);
    const complete = solveMilp(highs, problem, 'complete');
    expect(proposal.complete).toBe(complete.feasible);
    if (complete.feasible) expect(Math.round(proposal.totalScore * 10_000)).toBe(complete.objective);
  });

  it('exercises both feasible and infeasible instances', () => {
    const outcomes = new Set(
      cases.map((k) => {
        const { request, experts } = instance(k);
        return proposeTeam(request, experts, options).complete;
      }),
    );
    expect(outcomes).toEqual(new Set([true, false]));
    const seatOutcomes = new Set(
      cases.map((k) => {
        const problem = seatProblem(k);
        const solution = solveSeats(problem);
        return solution.seats === 6 && solution.women >= problem.womenTarget;
      }),
    );
    expect(seatOutcomes).toEqual(new Set([true, false]));
  });
});
