// Property tests: the optimiser against exhaustive search on thousands of small random instances.
// The brute force enumerates every way to give each expert one seat or none and keeps the best
// (seats, min(women, target), score) triple, so it shares nothing with the flow model. Set
// FUZZ_RUNS to run more instances per property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateEligibility,
  fitScore,
  proposeTeam,
  solveSeats,
  type MatchExpert,
  type MatchRequest,
  type SeatProblem,
} from '../../server/domain/matching/index.js';
import { testRegionOf } from '../../bench/lib/fixtures.js';

const runs = (fallback: number) => Number(process.env.FUZZ_RUNS ?? 0) || fallback;

interface Value {
  seats: number;
  women: number;
  score: number;
}
const better = (a: Value, b: Value) =>
  a.seats !== b.seats ? a.seats > b.seats : a.women !== b.women ? a.women > b.women : a.score > b.score;

/** Exhaustive optimum of a seat problem (women already capped at the target). */
function bruteForce(problem: SeatProblem): Value {
  const experts = [...new Set(problem.roles.flatMap((r) => r.candidates.map((c) => c.expert)))];
  const options = experts.map((e) =>
    problem.roles.flatMap((role, r) => role.candidates.filter((c) => c.expert === e).map((c) => ({ r, score: c.score, female: c.female }))),
  );
  const left = problem.roles.map((r) => r.seats);
  let best: Value = { seats: 0, women: 0, score: 0 };
  const walk = (i: number, seats: number, women: number, score: number) => {
    if (i === experts.length) {
      const v = { seats, women: Math.min(women, problem.womenTarget), score };
      if (better(v, best)) best = v;
      return;
    }
    walk(i + 1, seats, women, score);
    for (const o of options[i]!) {
      if (left[o.r]! === 0) continue;
      left[o.r]!--;
      walk(i + 1, seats + 1, women + (o.female ? 1 : 0), score + o.score);
      left[o.r]!++;
    }
  };
  walk(0, 0, 0, 0);
  return best;
}

const scoreArb = fc.oneof(fc.constantFrom(0, 5000, 5001, 7500, 10_000), fc.integer({ min: 0, max: 10_000 }));

/** Random seat problems; candidate lists sorted by score as the engine provides them. */
const seatProblemArb = (maxRoles: number, maxSeats: number, maxExperts: number) =>
  fc
    .record({
      seats: fc.array(fc.integer({ min: 0, max: maxSeats }), { minLength: 1, maxLength: maxRoles }),
      female: fc.array(fc.boolean(), { minLength: 1, maxLength: maxExperts }),
      womenTarget: fc.integer({ min: 0, max: 3 }),
      cells: fc.array(fc.option(scoreArb, { freq: 2 }), { minLength: maxRoles * maxExperts, maxLength: maxRoles * maxExperts }),
    })
    .map(({ seats, female, womenTarget, cells }): SeatProblem => ({
      womenTarget,
      roles: seats.map((s, r) => ({
        seats: s,
        candidates: female
          .map((f, e) => ({ expert: e, score: cells[r * maxExperts + e], female: f }))
          .filter((c): c is { expert: number; score: number; female: boolean } => c.score !== null && c.score !== undefined)
          .sort((a, b) => b.score - a.score),
      })),
    }));

function checkSolution(problem: SeatProblem) {
  const got = solveSeats(problem);
  const want = bruteForce(problem);
  expect({ seats: got.seats, women: Math.min(got.women, problem.womenTarget), score: got.score }).toEqual(want);
  // Feasible: distinct experts, seats respected, every pair is a candidate with that score.
  expect(new Set(got.assignment.map((a) => a.expert)).size).toBe(got.assignment.length);
  problem.roles.forEach((role, r) => expect(got.assignment.filter((a) => a.role === r).length).toBeLessThanOrEqual(role.seats));
  for (const a of got.assignment) {
    expect(problem.roles[a.role]!.candidates.some((c) => c.expert === a.expert && c.score === a.score)).toBe(true);
  }
}

// ---- full proposals on random rosters -------------------------------------------------------

const day = (offset: number) => new Date(Date.UTC(2026, 2, 10 + offset)).toISOString().slice(0, 10);
const rangeArb = fc.tuple(fc.integer({ min: -25, max: 30 }), fc.integer({ min: 0, max: 8 })).map(([s, l]) => ({ startDate: day(s), endDate: day(s + l) }));
const rare = <T>(arb: fc.Arbitrary<T>, none: T) => fc.oneof({ arbitrary: fc.constant(none), weight: 5 }, { arbitrary: arb, weight: 1 });
const clearanceArb = fc.oneof({ arbitrary: fc.constant('2027-01-01'), weight: 12 }, { arbitrary: fc.constantFrom(null, '2026-03-19', '2026-03-20'), weight: 1 });

const expertArb = fc.record({
  fullName: fc.constantFrom('Ana', 'Ben', 'Cleo'),
  tier: fc.constantFrom('STANDBY_TEAM' as const, 'ROSTER' as const),
  gender: fc.constantFrom('FEMALE' as const, 'FEMALE' as const, 'MALE' as const, 'OTHER' as const, 'UNDISCLOSED' as const),
  nationalities: fc.oneof({ arbitrary: fc.constant<string[]>(['FR']), weight: 10 }, { arbitrary: fc.constant<string[]>(['FR', 'GN']), weight: 1 }),
  countryExperience: fc.subarray(['GN', 'SN', 'KE', 'FR']),
  securityTrainingValidUntil: clearanceArb,
  medicalClearanceValidUntil: clearanceArb,
  maxDeploymentDaysPerYear: fc.constantFrom(11, 20, 200, 200, 200),
  languages: fc.array(
    fc.record({ code: fc.constantFrom('en', 'fr'), proficiency: fc.constantFrom('BASIC' as const, 'WORKING' as const, 'FLUENT' as const, 'NATIVE' as const) }),
    { minLength: 1, maxLength: 3 },
  ),
  expertise: fc.array(fc.record({ area: fc.constantFrom('A', 'B'), level: fc.constantFrom(1, 2, 3, 3, 4, 4, 5, 5) }), { minLength: 1, maxLength: 3 }),
  unavailable: rare(fc.array(rangeArb, { minLength: 1, maxLength: 2 }), []),
  commitments: rare(
    fc.array(
      fc.record({
        requestId: fc.constantFrom('other', 'req'),
        range: rangeArb,
        mode: fc.constantFrom('IN_PERSON' as const, 'REMOTE' as const, 'HYBRID' as const),
        status: fc.constantFrom('OFFERED' as const, 'ACCEPTED' as const, 'DEPLOYED' as const, 'COMPLETED' as const),
      }).map(({ range, ...c }) => ({ ...c, ...range })),
      { minLength: 1, maxLength: 2 },
    ),
    [],
  ),
});

const instanceArb = fc
  .record({
    mode: fc.constantFrom('IN_PERSON' as const, 'REMOTE' as const, 'HYBRID' as const),
    minWomen: fc.integer({ min: 0, max: 3 }),
    shortNotice: fc.boolean(),
    roles: fc.array(
      fc.record({
        expertise: fc.constantFrom('A', 'B'),
        minLevel: fc.constantFrom(1, 2, 2, 3, 3, 4),
        languages: fc.constantFrom<string[]>([], [], [], ['en'], ['fr']),
        count: fc.constantFrom(1, 1, 2, 3),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    experts: fc.oneof({ arbitrary: fc.array(expertArb, { minLength: 4, maxLength: 8 }), weight: 3 }, fc.array(expertArb, { maxLength: 3 })),
    held: fc.array(fc.nat(19), { minLength: 8, maxLength: 8 }),
    seed: fc.integer(),
  })
  .map(({ mode, minWomen, shortNotice, roles, experts, held, seed }) => {
    const fullExperts: MatchExpert[] = experts.map((e, i) => ({ ...e, id: `e${i}` }));
    const matchRoles = roles.map((r, j) => ({ ...r, id: `r${j}`, held: [] as string[] }));
    fullExperts.forEach((e, i) => {
      const role = matchRoles[held[i]!];
      if (role && role.held.length < role.count) role.held.push(e.id);
    });
    const request: MatchRequest = {
      id: 'req',
      country: 'GN',
      mode,
      startDate: day(0),
      endDate: day(10),
      minWomen,
      roles: matchRoles,
      now: shortNotice ? '2026-03-08T00:00:00Z' : '2026-01-01T00:00:00Z',
    };
    return { request, experts: fullExperts, seed };
  });

const options = { regionOf: testRegionOf };
const units = (x: number) => Math.round(x * 10_000);

function checkProposal({ request, experts, seed }: { request: MatchRequest; experts: MatchExpert[]; seed: number }) {
  const p = proposeTeam(request, experts, options);
  const byId = new Map(experts.map((e) => [e.id, e]));
  const held = new Set(request.roles.flatMap((r) => r.held));

  // Brute force over the engine's own eligibility and scores: this checks the optimiser, not the
  // rules (a wrong rule would be wrong on both sides). The rules are checked against the
  // independent oracle in oracle-engine.test.ts.
  let pinnedWomen = 0;
  let pinnedScore = 0;
  for (const role of request.roles) {
    for (const id of role.held) {
      pinnedScore += units(fitScore(request, role, byId.get(id)!, options).score);
      if (byId.get(id)!.gender === 'FEMALE') pinnedWomen++;
    }
  }
  const problem: SeatProblem = {
    womenTarget: Math.max(0, request.minWomen - pinnedWomen),
    roles: request.roles.map((role) => ({
      seats: role.count - role.held.length,
      candidates: experts
        .filter((e) => !held.has(e.id) && evaluateEligibility(request, role, e, options).eligible)
        .map((e) => ({ expert: Number(e.id.slice(1)), score: units(fitScore(request, role, e, options).score), female: e.gender === 'FEMALE' })),
    })),
  };
  const best = bruteForce(problem);
  const women = p.members.filter((m) => byId.get(m.expertId)?.gender === 'FEMALE').length;
  expect(p.members.length).toBe(held.size + best.seats);
  expect(Math.min(women, request.minWomen)).toBe(Math.min(pinnedWomen + best.women, request.minWomen));
  expect(Math.abs(p.totalScore - (pinnedScore + best.score) / 10_000)).toBeLessThan(1e-9);

  // The team is valid.
  expect(new Set(p.members.map((m) => m.expertId)).size).toBe(p.members.length);
  const totalSeats = request.roles.reduce((n, r) => n + r.count, 0);
  request.roles.forEach((role) => {
    const mine = p.members.filter((m) => m.roleId === role.id);
    expect(mine.length).toBeLessThanOrEqual(role.count);
    expect(mine.filter((m) => m.pinned).map((m) => m.expertId)).toEqual(role.held);
    for (const m of mine) {
      const e = byId.get(m.expertId)!;
      if (!m.pinned) expect(evaluateEligibility(request, role, e, options).eligible).toBe(true);
      expect(m.fitScore).toBe(fitScore(request, role, e, options).score);
    }
  });
  expect(Math.abs(p.totalScore - p.members.reduce((s, m) => s + m.fitScore, 0))).toBeLessThan(1e-9);
  const completeNow = p.members.length === totalSeats && women >= request.minWomen;
  expect(p.complete).toBe(completeNow);
  if (completeNow) expect(p.unfilled).toEqual([]);
  else if (p.members.length === totalSeats) expect(p.unfilled.every((u) => u.missing === 0 && u.reasons[0] === 'MIN_WOMEN_NOT_MET')).toBe(true);
  else expect(p.unfilled.reduce((n, u) => n + u.missing, 0)).toBe(totalSeats - p.members.length);

  // Candidates and excluded partition the roster per role, in the documented orders.
  const byName = (a: MatchExpert, b: MatchExpert) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const expectedCandidates = request.roles.flatMap((role) =>
    experts
      .map((e) => ({ e, el: evaluateEligibility(request, role, e, options), fit: fitScore(request, role, e, options) }))
      .filter((x) => x.el.eligible)
      .sort((a, b) => b.fit.score - a.fit.score || byName(a.e, b.e))
      .map((x) => ({ roleId: role.id, expertId: x.e.id, fitScore: x.fit.score, reasons: x.fit.reasons })),
  );
  expect(p.candidates).toEqual(expectedCandidates);
  const expectedExcluded = request.roles.flatMap((role) =>
    experts
      .map((e) => ({ e, el: evaluateEligibility(request, role, e, options) }))
      .filter((x) => !x.el.eligible)
      .sort((a, b) => a.el.reasons.length - b.el.reasons.length || byName(a.e, b.e))
      .map((x) => ({ roleId: role.id, expertId: x.e.id, reasons: x.el.reasons })),
  );
  expect(p.excluded).toEqual(expectedExcluded);

  // Same input in another order, same proposal.
  const shuffled = [...experts];
  let s = seed >>> 0;
  for (let i = shuffled.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  expect(proposeTeam(request, shuffled, options)).toEqual(p);
}

// ---- conflicts of interest against an independent notion of "the same name" -----------------

// Intl's collator at base strength ignores case and accents (ICU), sharing nothing with the
// engine's folding (server/domain/text.ts); runs of spaces are collapsed on both sides.
const collator = new Intl.Collator('en', { sensitivity: 'base' });
const sameName = (a: string, b: string) => collator.compare(a.trim().replace(/\s+/g, ' '), b.trim().replace(/\s+/g, ' ')) === 0;
const PARTIES = ['Séléka', 'Anti-balaka', 'Front Populaire Ivoirien', 'CNDD', 'Ansar Dine', 'Mouvement du 23 mars'];
/** A party name as someone may type it: any case per letter, accents composed, decomposed or dropped, extra spaces. */
const typedParty = fc
  .tuple(fc.constantFrom(...PARTIES), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), fc.constantFrom('NFC', 'NFD', 'strip'), fc.constantFrom('', ' ', '  '))
  .map(([name, upper, form, pad]) => {
    const cased = [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
    const accents = form === 'strip' ? cased.normalize('NFD').replace(/\p{M}/gu, '') : cased.normalize(form);
    return `${pad}${accents.replace(/ /g, ` ${pad}`)}`;
  });
const interestArb = fc.oneof(
  fc.record({ country: fc.constantFrom('GN', 'SN', 'KE'), party: fc.constant(null) }),
  fc.record({ country: fc.constant(null), party: typedParty }),
  fc.record({ country: fc.constantFrom('GN', 'FR'), party: typedParty }),
);
const conflictInstanceArb = fc.tuple(
  instanceArb,
  fc.array(fc.array(interestArb, { maxLength: 2 }), { minLength: 8, maxLength: 8 }),
  fc.array(typedParty, { maxLength: 3 }),
);

function checkConflicts([{ request: base, experts: plain }, interests, parties]: [{ request: MatchRequest; experts: MatchExpert[] }, MatchExpert['declaredInterests'][], string[]]) {
  const request: MatchRequest = { ...base, parties };
  const experts = plain.map((e, i) => ({ ...e, declaredInterests: interests[i] ?? [] }));
  const tied = (e: MatchExpert) =>
    (e.declaredInterests ?? []).some((d) => d!.country === request.country || (d!.party !== null && parties.some((p) => sameName(p, d!.party!))));
  const p = proposeTeam(request, experts, options);
  const held = new Set(request.roles.flatMap((r) => r.held));
  for (const [i, e] of experts.entries()) {
    for (const role of request.roles) {
      const withInterests = evaluateEligibility(request, role, e, options).reasons;
      const without = evaluateEligibility(request, role, plain[i]!, options).reasons;
      // The new reason is exactly the independent verdict, and it changes no other reason.
      expect(withInterests.includes('CONFLICT_OF_INTEREST')).toBe(tied(e));
      expect(withInterests.filter((r) => r !== 'CONFLICT_OF_INTEREST')).toEqual(without);
      if (tied(e)) expect(p.excluded.find((x) => x.roleId === role.id && x.expertId === e.id)?.reasons).toContain('CONFLICT_OF_INTEREST');
    }
    // A tied expert is never proposed, unless already holding the seat.
    if (tied(e) && !held.has(e.id)) expect(p.members.map((m) => m.expertId)).not.toContain(e.id);
  }
}

describe('matching optimiser vs brute force', () => {
  it('CONFLICT_OF_INTEREST matches a case- and accent-blind comparison and keeps tied experts out of teams', () => {
    fc.assert(fc.property(conflictInstanceArb, checkConflicts), { numRuns: runs(150) });
  });

  it('solveSeats equals exhaustive search (1–4 roles, 0–3 seats, ≤ 8 experts)', () => {
    fc.assert(fc.property(seatProblemArb(4, 3, 8), checkSolution), { numRuns: runs(3000) });
  });

  it('solveSeats equals exhaustive search where the top-K reduction prunes (few seats, ≤ 11 experts)', () => {
    fc.assert(fc.property(seatProblemArb(2, 2, 11), checkSolution), { numRuns: runs(1500) });
  });

  it('proposeTeam is optimal, valid, ordered and order-independent on random rosters', () => {
    fc.assert(fc.property(instanceArb, checkProposal), { numRuns: runs(1000) });
  });
});
