// The engine (proposeTeam) against the independent oracle (test/oracle/oracle.ts, written from
// docs/api.md alone) on generated rosters: the whole proposal (every candidate with its fitScore,
// every excluded pair with its reasons, the orders, the team's value, completeness, the unfilled
// roles) must be what the documented rules give. The generator aims at the rules' edges (a day
// cap met exactly or by one day more, rest gaps of 6 and 7 days, clearances ending the day before
// endDate or on it, party names that fold equal), and the test reports, per rule, the share of
// instances that the rule decides, and requires each to be above 10%:
// - an eligibility rule decides an instance when, for some (role, expert), it is the ONLY reason
//   that expert is excluded (so a change to that rule alone changes the proposal);
// - minWomen decides when the best team's value differs from the best without the women rule;
// - pinning decides when some role holds an expert of this request.
// FUZZ_RUNS raises the number of instances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeTeam, type MatchExpert, type MatchRequest, type MatchRole } from '../../server/domain/matching/index.js';
import { dayOf, isoOf, propose, REASONS, type OExpert, type ORequest } from '../oracle/oracle.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 400;
const REGIONS: Record<string, string> = { GN: 'Western Africa', SN: 'Western Africa', ML: 'Western Africa', KE: 'Eastern Africa' };
const regionOf = (c: string) => REGIONS[c];

// Party names as a request names them, and as experts declare them (some fold equal, some not).
const PARTIES = ['Séléka', 'Front Populaire', 'Anti-balaka', 'Œuvre Commune'];
const DECLARED = ['SELEKA', 'séléka', 'front   populaire', ' FRONT POPULAIRE ', 'anti balaka', 'oeuvre commune', 'Seleka Nord', 'Front'];

const offsetArb = fc.integer({ min: -12, max: 12 });
/** `arb` with probability 1/(1 + rareness), else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, rareness: number) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: rareness }, { arbitrary: arb, weight: 1 });
const proficiencyArb = fc.constantFrom(undefined, 'BASIC', 'WORKING', 'WORKING', 'FLUENT', 'NATIVE');

/** An expert, described relative to the request (start day s, end day e), resolved by `build`. */
const expertArb = fc.record({
  levelA: fc.integer({ min: 0, max: 5 }),
  levelB: fc.integer({ min: 0, max: 5 }),
  fr: proficiencyArb,
  en: proficiencyArb,
  unavailable: sometimes(fc.tuple(offsetArb, fc.integer({ min: 0, max: 4 })), 5),
  // live or completed commitments near the request: [gap from the request's edge, length, status, mode]
  near: fc.array(
    fc.tuple(
      fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constant('overlap' as const)),
      fc.integer({ min: 1, max: 5 }),
      fc.constantFrom('OFFERED', 'ACCEPTED', 'DEPLOYED', 'COMPLETED'),
      fc.constantFrom('IN_PERSON', 'HYBRID', 'REMOTE'),
    ),
    { maxLength: 1 },
  ),
  // a completed deployment early in the start year, and how the cap sits against it
  filler: sometimes(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom(-1, 0, 0, 1)), 3),
  national: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  clearance: fc.constantFrom('far', 'far', 'far', 'far', 'far', 'far', 'far', 'far', 'far', 'far', 'none', 'dayBefore', 'onEnd'),
  interest: sometimes(
    fc.oneof(fc.constant({ country: 'GN' as string | null, party: null as string | null }), fc.constantFrom(...DECLARED).map((p) => ({ country: null, party: p }))),
    5,
  ),
  experience: fc.subarray(['GN', 'SN', 'KE']),
  standby: fc.boolean(),
  female: fc.constantFrom(true, true, false, false, false),
  appraisals: sometimes(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 16 })), 2),
  name: fc.constantFrom('Ada', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay'),
});

const instanceArb = fc.record({
  mode: fc.constantFrom('IN_PERSON', 'IN_PERSON', 'HYBRID', 'REMOTE'),
  start: fc.integer({ min: 0, max: 20 }),
  length: fc.integer({ min: 1, max: 10 }),
  acrossYear: fc.constantFrom(false, false, false, false, true),
  shortNotice: fc.constantFrom(-1, 0, 1, 200),
  parties: fc.subarray(PARTIES),
  minWomen: fc.integer({ min: 0, max: 3 }),
  roles: fc.array(
    fc.record({
      expertise: fc.constantFrom('A', 'B'),
      minLevel: fc.integer({ min: 1, max: 4 }),
      languages: fc.constantFrom<string[]>([], [], ['fr'], ['en', 'fr']),
      count: fc.integer({ min: 1, max: 2 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  experts: fc.array(expertArb, { minLength: 24, maxLength: 36 }),
  held: sometimes(fc.tuple(fc.nat(2), fc.nat(35)), 2),
});

type Instance = { request: MatchRequest; experts: MatchExpert[] };

type Generated = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function build(x: Generated): Instance {
  const s = x.acrossYear ? dayOf('2027-12-31') - Math.min(x.length - 1, 4) : dayOf('2027-03-01') + x.start;
  const e = s + x.length - 1;
  const roles: MatchRole[] = x.roles.map((r, j) => ({ ...r, id: `r${j}`, held: [] }));
  const request: MatchRequest = {
    id: 'req',
    country: 'GN',
    mode: x.mode as MatchRequest['mode'],
    startDate: isoOf(s),
    endDate: isoOf(e),
    minWomen: x.minWomen,
    roles,
    // hours before the start: 72 ± 1 ms, or far away
    now: new Date(s * 86_400_000 - 72 * 3_600_000 - x.shortNotice).toISOString(),
    parties: x.parties,
  };
  const experts: MatchExpert[] = x.experts.map((g, i) => {
    const commitments: MatchExpert['commitments'] = g.near.map(([gap, len, status, mode]) => {
      // 'overlap': shares the request's last day; gap ≤ 0: ends 1 − gap days before s (gap 0
      // ends on s − 1); gap > 0: starts gap days after e. Rest needs 7 free days between.
      const from = gap === 'overlap' ? e : gap <= 0 ? s + gap - len : e + gap;
      const to = gap === 'overlap' ? e + len : gap <= 0 ? s + gap - 1 : e + gap + len - 1;
      return { requestId: `o${i}`, startDate: isoOf(from), endDate: isoOf(to), mode: mode as 'IN_PERSON', status: status as 'OFFERED' };
    });
    let cap = 120;
    if (g.filler) {
      const [days, slack] = g.filler;
      const yearStart = dayOf(`${isoOf(s).slice(0, 4)}-01-01`);
      commitments.push({ requestId: `f${i}`, startDate: isoOf(yearStart + 1), endDate: isoOf(yearStart + days), mode: 'REMOTE', status: 'COMPLETED' });
      cap = days + (e - s + 1) + slack;
    }
    const clearance = { far: '2030-01-01', none: null, dayBefore: isoOf(e - 1), onEnd: isoOf(e) }[g.clearance];
    const languages: MatchExpert['languages'] = [];
    if (g.fr) languages.push({ code: 'fr', proficiency: g.fr as 'WORKING' });
    if (g.en) languages.push({ code: 'en', proficiency: g.en as 'WORKING' });
    return {
      id: `e${String(i).padStart(2, '0')}`,
      fullName: g.name,
      tier: g.standby ? 'STANDBY_TEAM' : 'ROSTER',
      gender: g.female ? 'FEMALE' : 'MALE',
      nationalities: g.national ? ['GN'] : ['SN'],
      countryExperience: g.experience,
      securityTrainingValidUntil: g.clearance === 'none' && i % 2 === 0 ? '2030-01-01' : clearance,
      medicalClearanceValidUntil: clearance,
      maxDeploymentDaysPerYear: cap,
      languages,
      expertise: [
        ...(g.levelA ? [{ area: 'A', level: g.levelA }] : []),
        ...(g.levelB ? [{ area: 'B', level: g.levelB }] : []),
      ],
      unavailable: g.unavailable ? [{ startDate: isoOf(s + g.unavailable[0]), endDate: isoOf(s + g.unavailable[0] + g.unavailable[1]) }] : [],
      commitments,
      ...(g.interest ? { declaredInterests: [g.interest] } : {}),
      ...(g.appraisals ? { appraisals: { count: g.appraisals[0], sum: Math.min(g.appraisals[1] + g.appraisals[0], 5 * g.appraisals[0]) } } : {}),
    };
  });
  if (x.held) {
    // one expert already holds a seat of this request: an assignment on it, which must not count
    const [r, k] = x.held;
    const role = roles[r % roles.length]!;
    const held = experts[k % experts.length]!;
    role.held.push(held.id);
    held.commitments.push({ requestId: 'req', startDate: request.startDate, endDate: request.endDate, mode: request.mode, status: 'ACCEPTED' });
  }
  return { request, experts };
}

const cmpName = (a: { fullName: string; id: string }, b: { fullName: string; id: string }) =>
  a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * `unfilled` as docs/api.md words it: one entry per role short of seats, beginning with
 * CANDIDATES_NEEDED_ELSEWHERE when an expert eligible for the role sits in another role's seat
 * (else NO_ELIGIBLE_EXPERTS), then up to three exclusion reasons, most frequent first, counted over
 * the experts who had the expertise at minLevel but were excluded (ties in any order), then
 * MIN_WOMEN_NOT_MET when the team has too few women; with every seat filled but too few women,
 * every role with missing 0 and that reason alone.
 */
function checkUnfilled(request: MatchRequest, p: ReturnType<typeof proposeTeam>, o: ReturnType<typeof propose>, women: number) {
  const short = women < request.minWomen;
  const seatOf = new Map(p.members.map((m) => [m.expertId, m.roleId]));
  const missingOf = (role: MatchRole) => role.count - p.members.filter((m) => m.roleId === role.id).length;
  const anyMissing = request.roles.some((role) => missingOf(role) > 0);
  if (!anyMissing) {
    expect(p.unfilled).toEqual(short ? request.roles.map((role) => ({ roleId: role.id, missing: 0, reasons: ['MIN_WOMEN_NOT_MET'] })) : []);
    return;
  }
  expect(p.unfilled.map((u) => u.roleId)).toEqual(request.roles.filter((role) => missingOf(role) > 0).map((role) => role.id));
  for (const u of p.unfilled) {
    const r = request.roles.findIndex((role) => role.id === u.roleId);
    const elsewhere = [...o.eligible[r]!.keys()].some((id) => seatOf.has(id) && seatOf.get(id) !== u.roleId);
    const reasons = [...u.reasons];
    expect(reasons.shift(), `first unfilled reason of ${u.roleId}`).toBe(elsewhere ? 'CANDIDATES_NEEDED_ELSEWHERE' : 'NO_ELIGIBLE_EXPERTS');
    if (short) expect(reasons.pop()).toBe('MIN_WOMEN_NOT_MET');
    const counts = new Map<string, number>();
    for (const why of o.excluded[r]!.values()) {
      if (why.includes('EXPERTISE_MISSING')) continue;
      for (const x of why) counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    const n = (x: string) => counts.get(x) ?? 0;
    expect(reasons.length, `exclusion reasons of ${u.roleId}`).toBe(Math.min(3, counts.size));
    reasons.forEach((x, i) => {
      expect(n(x)).toBeGreaterThan(0);
      if (i > 0) expect(n(x)).toBeLessThanOrEqual(n(reasons[i - 1]!));
    });
    const lowest = Math.min(...reasons.map(n));
    for (const [x, c] of counts) if (!(reasons as string[]).includes(x)) expect(c, `${x} left out of ${u.roleId}`).toBeLessThanOrEqual(lowest);
  }
}

/** The whole proposal against the oracle; returns which rules decided this instance. */
function checkAgainstOracle({ request, experts }: Instance): Set<string> {
  const p = proposeTeam(request, experts, { regionOf });
  const o = propose(request as ORequest, experts as OExpert[], regionOf);
  const byId = new Map(experts.map((e) => [e.id, e]));

  request.roles.forEach((role, r) => {
    // candidates: every eligible expert with its exact fitScore, by score desc, then name, then id
    const expectedCandidates = [...o.eligible[r]!]
      .map(([id, u]) => ({ id, u, e: byId.get(id)! }))
      .sort((a, b) => b.u - a.u || cmpName(a.e, b.e))
      .map(({ id, u }) => ({ expertId: id, fitScore: u / 10_000 }));
    expect(p.candidates.filter((c) => c.roleId === role.id).map(({ expertId, fitScore }) => ({ expertId, fitScore })), `candidates of ${role.id}`).toEqual(
      expectedCandidates,
    );
    // excluded: every ineligible expert with every reason, fewest reasons first, then name, id
    const expectedExcluded = [...o.excluded[r]!]
      .map(([id, reasons]) => ({ id, reasons, e: byId.get(id)! }))
      .sort((a, b) => a.reasons.length - b.reasons.length || cmpName(a.e, b.e))
      .map(({ id, reasons }) => ({ expertId: id, reasons }));
    expect(p.excluded.filter((x) => x.roleId === role.id).map(({ expertId, reasons }) => ({ expertId, reasons: [...reasons] })), `excluded of ${role.id}`).toEqual(
      expectedExcluded,
    );
  });

  // The team: pinned seats kept, the rest eligible and distinct, and the best value.
  const pinnedIds = new Set(o.pinned.map((x) => x.expertId));
  expect(p.members.filter((m) => m.pinned).map((m) => ({ roleId: m.roleId, expertId: m.expertId }))).toEqual(o.pinned);
  expect(new Set(p.members.map((m) => m.expertId)).size).toBe(p.members.length);
  for (const m of p.members) {
    const r = request.roles.findIndex((x) => x.id === m.roleId);
    if (!m.pinned) {
      expect(pinnedIds.has(m.expertId)).toBe(false);
      expect(o.eligible[r]!.get(m.expertId), `member ${m.expertId} of ${m.roleId}`).toBe(Math.round(m.fitScore * 10_000));
    }
  }
  request.roles.forEach((role) => {
    const seated = p.members.filter((m) => m.roleId === role.id).length;
    const pinned = o.pinned.filter((x) => x.roleId === role.id).length;
    expect(seated).toBeLessThanOrEqual(Math.max(role.count, pinned));
    const missing = role.count - seated;
    const entry = p.unfilled.find((u) => u.roleId === role.id);
    if (missing > 0) expect(entry?.missing).toBe(missing);
  });
  const women = p.members.filter((m) => byId.get(m.expertId)?.gender === 'FEMALE').length;
  checkUnfilled(request, p, o, women);
  const value = { seats: p.members.length, women: Math.min(women, request.minWomen), total: Math.round(p.totalScore * 10_000) };
  expect(value).toEqual(o.best);
  expect(p.members.reduce((s, m) => s + Math.round(m.fitScore * 10_000), 0)).toBe(value.total);
  expect(p.complete).toBe(o.complete);
  expect(p.unfilled.some((u) => u.reasons.includes('MIN_WOMEN_NOT_MET'))).toBe(women < request.minWomen);

  // Which rules decided this instance.
  const decided = new Set<string>();
  for (const excluded of o.excluded) for (const reasons of excluded.values()) if (reasons.length === 1) decided.add(reasons[0]!);
  if (request.minWomen > 0) {
    const free = propose({ ...(request as ORequest), minWomen: 0 }, experts as OExpert[], regionOf);
    if (free.best.total !== o.best.total || free.best.seats !== o.best.seats || !o.complete !== !free.complete) decided.add('minWomen');
  }
  if (o.pinned.length > 0) decided.add('pinned seats');
  return decided;
}

describe('proposeTeam against the independent oracle', () => {
  it(`agrees on ${RUNS} generated rosters, every rule deciding more than 10% of them`, () => {
    const counts = new Map<string, number>([...REASONS, 'minWomen', 'pinned seats'].map((r) => [r, 0]));
    let instances = 0;
    let pairs = 0;
    let eligiblePairs = 0;
    fc.assert(
      fc.property(instanceArb, (x) => {
        const instance = build(x);
        const decided = checkAgainstOracle(instance);
        instances++;
        pairs += instance.request.roles.length * instance.experts.length;
        eligiblePairs += proposeTeam(instance.request, instance.experts, { regionOf }).candidates.length;
        for (const r of decided) counts.set(r, counts.get(r)! + 1);
      }),
      { numRuns: RUNS, seed: 20261203 },
    );
    const shares = [...counts].map(([rule, n]) => ({ rule, share: n / instances }));
    console.log(
      `oracle vs engine: ${instances} instances, ${pairs} (role, expert) pairs, ${(eligiblePairs / instances).toFixed(1)} eligible pairs per instance; share of instances each rule decides:\n` +
        shares.map((s) => `  ${s.rule.padEnd(22)} ${(100 * s.share).toFixed(1)}%`).join('\n'),
    );
    for (const s of shares) expect(s.share, s.rule).toBeGreaterThan(0.1);
  });
});
