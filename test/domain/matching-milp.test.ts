// Cross-check against a general MILP solver (HiGHS, WebAssembly) on medium random instances:
// 6-seat requests over generated 300-expert rosters (MILP built from the public eligibility and
// fitScore, so only the optimiser is shared knowledge), and bare seat problems with 6 seats over
// 300 candidates with random scores, where the top-K reduction discards most of the pool.
// FUZZ_RUNS raises the number of instances.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateEligibility,
  fitScore,
  proposeTeam,
  solveSeats,
  type MatchExpert,
  type MatchRequest,
  type SeatProblem,
} from '../../server/domain/matching/index.js';
import { generateRequest, generateRoster, mulberry32, regionOf } from '../../bench/lib/roster.js';
import { solveMilp, type HighsLike, type MilpProblem } from '../../bench/lib/milp.js';

const INSTANCES = Number(process.env.FUZZ_RUNS ?? 0) || 10;
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

function milpProblem(request: MatchRequest, experts: MatchExpert[]): MilpProblem {
  return {
    womenTarget: request.minWomen,
    roles: request.roles.map((role) => ({
      seats: role.count,
      candidates: experts
        .filter((e) => evaluateEligibility(request, role, e, options).eligible)
        .map((e) => ({ expert: e.id, score: Math.round(fitScore(request, role, e, options).score * 10_000), female: e.gender === 'FEMALE' })),
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
    if (milp.feasible) expect(Math.abs(proposal.totalScore - milp.objective / 10_000)).toBeLessThan(1e-6);
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
    expect(Math.abs(proposal.totalScore - milp.objective / 10_000)).toBeLessThan(1e-6);
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
