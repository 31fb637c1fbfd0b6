// The parts of the year simulation (server/domain/simulation/) on small hand-made inputs, fast
// enough for mutation testing: the report's figures worked out by hand, the two ways a policy picks
// a team, the replay of a year (rounds of offers, declines, holds by calendar status, appraisals,
// cancellations), the request stream and the roster's hidden traits against their documented
// rates. simulation.test.ts runs whole demo years; this file pins the rules they are made of.
import { describe, expect, it } from 'vitest';
import {
  declines,
  figures,
  generateStream,
  partiesOf,
  POLICIES,
  prepareRoster,
  rating,
  runYear,
  simulateYear,
  STREAM_RATES,
  yearJson,
  YEAR_RULES,
  type Policy,
  type SimEvent,
  type SimExpert,
  type SimRequest,
  type SimRun,
  type StreamWorld,
} from '../../server/domain/simulation/index.js';
import { matchRequestOf } from '../../server/domain/simulation/year.js';
import { proposeTeam, type MatchExpert, type MatchRequest } from '../../server/domain/matching/index.js';
import { makeExpert, makeRequest, makeRole, testRegionOf } from '../../bench/lib/fixtures.js';

// Nothing of server/domain/ runs at module load, in a describe body or once for several tests:
// mutation testing counts coverage per test, so each test makes the inputs it checks (code run at
// module load counts to no test, and a cached input only to the first test that made it).
const START = Date.UTC(2027, 0, 4) / 86_400_000;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const WORLD: StreamWorld = { countries: [['GN', 3], ['ML', 1]], areas: [['A', 2], ['B', 1], ['C', 1], ['D', 1]], localLanguage: (c) => (c === 'GN' ? 'fr' : 'bm') };

/** An expert eligible for every role of `simRequest` below: areas A–D at level 4, French and English, clear until 2030. */
function rosterExpert(id: string, over: Partial<MatchExpert> = {}): MatchExpert {
  return makeExpert({
    id,
    fullName: `Expert ${id}`,
    securityTrainingValidUntil: '2030-01-01',
    medicalClearanceValidUntil: '2030-01-01',
    maxDeploymentDaysPerYear: 200,
    expertise: ['A', 'B', 'C', 'D'].map((area) => ({ area, level: 4 })),
    languages: [{ code: 'fr', proficiency: 'NATIVE' }, { code: 'en', proficiency: 'FLUENT' }],
    ...over,
  });
}
const simExpert = (id: string, over: Partial<SimExpert> = {}): SimExpert => {
  const { commitments: _c, ...e } = rosterExpert(id);
  return { ...e, trueQuality: 0.5, ...over };
};
function simRequest(index: number, arrival: number, start: number, end: number, over: Partial<SimRequest> = {}): SimRequest {
  return { index, arrival, country: 'GN', mode: 'REMOTE', start, end, minWomen: 0, roles: [{ expertise: 'A', minLevel: 3, languages: ['fr'], count: 1 }], parties: [], shortNotice: false, cancelAt: null, kind: 'ordinary', ...over };
}

describe('figures', () => {
  const roster = [simExpert('f1', { gender: 'FEMALE', tier: 'STANDBY_TEAM', trueQuality: 0.8 }), simExpert('m1', { gender: 'MALE', trueQuality: 0.4 }), simExpert('f2', { gender: 'FEMALE', trueQuality: 0.2 }), simExpert('m2', { gender: 'MALE', trueQuality: 0.9 })];
  const stream = [
    simRequest(0, 0, 1, 3, { minWomen: 1, shortNotice: true }),
    simRequest(1, 0, 10, 11, { minWomen: 2, shortNotice: true }),
    simRequest(2, 0, 20, 24),
    simRequest(3, 0, 30, 30, { minWomen: 1, shortNotice: true }),
    simRequest(4, 0, 40, 40, { minWomen: 1 }),
  ];
  const offer = (request: number, expert: string, accepted: boolean): SimEvent => ({ kind: 'offer', at: 0, request, role: 0, expert, accepted, round: 1 });
  const run: SimRun = {
    policy: 'p',
    events: [{ kind: 'arrival', at: 0, request: 0 }, offer(0, 'f1', true), offer(0, 'm2', false), offer(0, 'm1', true), offer(1, 'm1', true), offer(2, 'm2', false), { kind: 'cancel', at: 0, request: 3 }],
    outcomes: [
      { request: 0, cancelled: false, seats: 2, team: [{ role: 0, expert: 'f1', fitScore: 0.9 }, { role: 0, expert: 'm1', fitScore: 0.7 }] },
      { request: 1, cancelled: false, seats: 2, team: [{ role: 0, expert: 'm1', fitScore: 0.5 }] },
      { request: 2, cancelled: false, seats: 1, team: [{ role: 0, expert: 'f2', fitScore: 0.6 }] },
      { request: 3, cancelled: true, seats: 1, team: [{ role: 0, expert: 'f1', fitScore: 0.99 }] },
      { request: 4, cancelled: false, seats: 1, team: [] },
    ],
  };

  it('are worked out over the requests that went ahead', () => {
    const f = figures(roster, stream, run, [{ rule: 'DAY_CAP', request: 0, expert: 'f1', at: 0 }, { rule: 'LANGUAGE', request: 1, expert: 'm1', at: 0 }]);
    expect(f).toEqual({
      fullyStaffed: 2 / 4, // requests 0 and 2 of 0, 1, 2, 4
      minWomenMet: 1 / 3, // request 0 of 0, 1, 4
      standbyWithin72h: 1 / 2, // request 0 (f1 is on the standby team) of 0 and 1
      medianScore: 0.6, // team means 0.8, 0.5, 0.6; request 4 has no team
      gini: 8 / 78, // deployment days f1 3, m1 3 + 2, f2 5
      maxDays: 5,
      violations: 2,
      giniRoster: 34 / 104, // and m2 with 0
      trueQuality: expect.closeTo((0.8 + 0.4 + 0.4 + 0.2) / 4, 12),
      seatsFilled: 4 / 6,
      offers: 5,
      declined: 2,
      expertsServed: 3,
    });
  });

  it('count a team as full, a woman as a woman and a score as a mean', () => {
    const three = [simRequest(0, 0, 1, 1, { minWomen: 1 }), simRequest(1, 0, 1, 1), simRequest(2, 0, 1, 1)];
    const outcomes = [
      { request: 0, cancelled: false, seats: 1, team: [{ role: 0, expert: 'm1', fitScore: 0.4 }] },
      { request: 1, cancelled: false, seats: 1, team: [{ role: 0, expert: 'f1', fitScore: 0.8 }] },
      { request: 2, cancelled: false, seats: 3, team: [{ role: 0, expert: 'm2', fitScore: 0.2 }, { role: 0, expert: 'f2', fitScore: 0.6 }] },
    ];
    const f = figures(roster, three, { policy: 'p', events: [], outcomes }, []);
    expect([f.fullyStaffed, f.minWomenMet, f.medianScore]).toEqual([2 / 3, 0, 0.4]); // team means 0.4, 0.8, 0.4
  });

  it('are null (or 0) when nothing went ahead', () => {
    const none = { ...run, events: [], outcomes: run.outcomes.map((o) => ({ ...o, cancelled: true })) };
    expect(figures(roster, stream, none, [])).toEqual({
      fullyStaffed: null,
      minWomenMet: null,
      standbyWithin72h: null,
      medianScore: null,
      gini: null,
      maxDays: 0,
      violations: 0,
      giniRoster: 0,
      trueQuality: null,
      seatsFilled: null,
      offers: 0,
      declined: 0,
      expertsServed: 0,
    });
  });
});

describe('policies', () => {
  // e1 is the best for both roles; e2 can only take role A. By hand, A goes to e1 and B stays empty;
  // the engine gives A to e2 and B to e1, and fills both.
  const request = makeRequest({ roles: [makeRole({ id: 'ra', expertise: 'A', languages: [] }), makeRole({ id: 'rb', expertise: 'B', languages: [] })] });
  const e1 = makeExpert({ id: 'e1', fullName: 'One', expertise: [{ area: 'A', level: 5 }, { area: 'B', level: 5 }] });
  const e2 = makeExpert({ id: 'e2', fullName: 'Two', expertise: [{ area: 'A', level: 3 }] });
  const options = { regionOf: testRegionOf };

  it('greedy fills seats in role order with the best free candidate; the engine finds the optimum', () => {
    expect(POLICIES.greedy!.choose(request, [e1, e2], options)).toEqual([{ role: 0, expert: 'e1' }]);
    expect(POLICIES.engine!.choose(request, [e1, e2], options)).toEqual([{ role: 0, expert: 'e2' }, { role: 1, expert: 'e1' }]);
  });

  it('leave held seats alone and fill only the free ones', () => {
    const e3 = makeExpert({ id: 'e3', fullName: 'Three', expertise: [{ area: 'A', level: 4 }] });
    const held = makeRequest({ roles: [makeRole({ id: 'ra', expertise: 'A', languages: [], count: 2, held: ['e1'] })] });
    expect(POLICIES.greedy!.choose(held, [e1, e2, e3], options)).toEqual([{ role: 0, expert: 'e3' }]);
    expect(POLICIES.engine!.choose(held, [e1, e2, e3], options)).toEqual([{ role: 0, expert: 'e3' }]);
    const full = makeRequest({ roles: [makeRole({ id: 'ra', expertise: 'A', languages: [], count: 1, held: ['e1'] })] });
    expect(POLICIES.greedy!.choose(full, [e1, e2, e3], options)).toEqual([]);
  });

  it('are the four of the report, fair and blind reweighting the engine', () => {
    expect(Object.values(POLICIES).map((p) => [p.name, p.weights])).toEqual([
      ['engine', undefined],
      ['greedy', undefined],
      ['fair', { lowLoad: 0.4 }],
      ['blind', { appraisal: 0 }],
    ]);
    expect(POLICIES.fair!.choose).toBe(POLICIES.engine!.choose);
    expect(Object.isFrozen(POLICIES)).toBe(true);
  });
});

describe('a replayed year', () => {
  const SEED = 11;
  const ids = Array.from({ length: 80 }, (_, i) => `e${String(i).padStart(2, '0')}`);
  const decliners = () => ids.filter((id) => declines(SEED, 0, id));
  const takers = () => ids.filter((id) => [0, 1, 2, 3, 4].every((request) => !declines(SEED, request, id)));

  /** The engine, recording what it is shown. */
  function spy(): Policy & { seen: { request: MatchRequest; experts: MatchExpert[]; scores: Map<string, number> }[] } {
    const seen: { request: MatchRequest; experts: MatchExpert[]; scores: Map<string, number> }[] = [];
    return {
      name: 'spy',
      seen,
      choose(request, experts, options) {
        const scores = new Map(proposeTeam(request, experts, options).candidates.map((c) => [c.expertId, c.fitScore]));
        seen.push({ request, experts: structuredClone(experts), scores });
        return POLICIES.engine!.choose(request, experts, options);
      },
    };
  }

  it('decides declines and ratings from the seed alone, at the documented rates', () => {
    expect(decliners().length).toBeGreaterThan(3);
    expect(declines(SEED, 0, decliners()[0]!)).toBe(true);
    const many = Array.from({ length: 4000 }, (_, i) => declines(3, i, 'x'));
    expect(mean(many.map(Number))).toBeCloseTo(YEAR_RULES.declineRate, 1);
    const ratings = (quality: number) => Array.from({ length: 4000 }, (_, i) => rating(SEED, i, 'x', 'coordinator', quality));
    for (const q of [0, 0.3, 0.5, 1]) expect(ratings(q).every((r) => Number.isInteger(r) && r >= 1 && r <= 5)).toBe(true);
    const middling = ratings(0.5);
    expect(mean(middling)).toBeCloseTo(3, 1); // 1 + 4 × 0.5
    const sd = Math.sqrt(mean(middling.map((r) => (r - 3) ** 2)));
    expect(sd).toBeGreaterThan(0.85); // noise 0.9, plus rounding
    expect(sd).toBeLessThan(1.05);
    expect(mean(ratings(1).map((r) => Number(r === 5)))).toBeCloseTo(0.71, 1); // 5 + 0.9 z rounds to 5 or more when z ≥ −0.56
    expect(rating(SEED, 1, 'x', 'coordinator', 0.5)).toBe(rating(SEED, 1, 'x', 'coordinator', 0.5));
    expect(ratings(0.5).join()).not.toBe(Array.from({ length: 4000 }, (_, i) => rating(SEED, i, 'x', 'requester', 0.5)).join());
    expect(YEAR_RULES).toEqual({ declineRate: 0.15, offerRounds: 3, ratingNoise: 0.9, raters: ['coordinator', 'requester'] });
  });

  it('shows the engine a stream request as a MatchRequest at the instant given', () => {
    const r = simRequest(3, START + 0.25, START + 5, START + 6, { mode: 'HYBRID', minWomen: 1, parties: ['P'], roles: [{ expertise: 'A', minLevel: 2, languages: ['fr'], count: 2 }, { expertise: 'B', minLevel: 4, languages: [], count: 1 }] });
    expect(matchRequestOf(r, START + 0.25, [['e1'], []])).toEqual({
      id: 'q3',
      country: 'GN',
      mode: 'HYBRID',
      startDate: '2027-01-09',
      endDate: '2027-01-10',
      minWomen: 1,
      parties: ['P'],
      now: '2027-01-04T06:00:00.000Z',
      roles: [
        { id: 'q3r0', expertise: 'A', minLevel: 2, languages: ['fr'], count: 2, held: ['e1'] },
        { id: 'q3r1', expertise: 'B', minLevel: 4, languages: [], count: 1, held: [] },
      ],
    });
  });

  it('offers again to others after a decline, for at most three rounds', () => {
    // Five decliners, the best first: three rounds of one declined offer each, then it stops.
    const roster = decliners().slice(0, 5).map((id, i) => simExpert(id, { expertise: [{ area: 'A', level: 5 - Math.min(i, 2) }] }));
    const policy = spy();
    const run = runYear(roster, [simRequest(0, START + 0.25, START + 5, START + 6)], policy, SEED);
    expect(run.events).toEqual([
      { kind: 'arrival', at: START + 0.25, request: 0 },
      ...[1, 2, 3].map((round) => ({ kind: 'offer', at: START + 0.25, request: 0, role: 0, expert: expect.any(String), accepted: false, round })),
    ]);
    const offered = run.events.flatMap((e) => (e.kind === 'offer' ? [e.expert] : []));
    expect(new Set(offered).size).toBe(3);
    // Each round is shown the roster without those who declined.
    expect(policy.seen.map((s) => s.experts.length)).toEqual([5, 4, 3]);
    expect(policy.seen[1]!.experts.map((e) => e.id)).not.toContain(offered[0]);
    expect(run.outcomes).toEqual([{ request: 0, cancelled: false, seats: 1, team: [] }]);
    expect(run.policy).toBe('spy');
  });

  it('holds accepted days with their calendar status, appraises finished teams and frees cancelled ones', () => {
    const [d, t1, t2] = [decliners()[0]!, takers()[0]!, takers()[1]!];
    // d is the best for request 0 and declines it; t1 takes the seat in round 2.
    const roster = [simExpert(d, { expertise: [{ area: 'A', level: 5 }] }), simExpert(t1, { trueQuality: 0.9 }), simExpert(t2, { expertise: ['A', 'B', 'C', 'D'].map((area) => ({ area, level: 3 })) })];
    const stream = [
      simRequest(0, START + 0.25, START + 5, START + 6), // ends START + 6: appraised at START + 7
      simRequest(1, START + 5.5, START + 20, START + 21, { roles: [{ expertise: 'B', minLevel: 3, languages: [], count: 1 }], cancelAt: START + 9 }),
      simRequest(2, START + 6.5, START + 30, START + 30, { roles: [{ expertise: 'C', minLevel: 3, languages: [], count: 1 }] }),
      simRequest(3, START + 7, START + 40, START + 40, { roles: [{ expertise: 'D', minLevel: 3, languages: [], count: 1 }] }),
      simRequest(4, START + 9.5, START + 50, START + 50, { roles: [{ expertise: 'D', minLevel: 3, languages: [], count: 1 }] }),
    ];
    const policy = spy();
    const run = runYear(roster, stream, policy, SEED);
    const offers = run.events.filter((e) => e.kind === 'offer');
    expect(offers.slice(0, 2)).toEqual([
      { kind: 'offer', at: START + 0.25, request: 0, role: 0, expert: d, accepted: false, round: 1 },
      { kind: 'offer', at: START + 0.25, request: 0, role: 0, expert: t1, accepted: true, round: 2 },
    ]);
    // Round 2 is scored with d gone; the member keeps the served fitScore of its offer.
    expect(run.outcomes[0]).toEqual({ request: 0, cancelled: false, seats: 1, team: [{ role: 0, expert: t1, fitScore: policy.seen[1]!.scores.get(t1) }] });
    expect(run.outcomes[1]!.cancelled).toBe(true);
    expect(run.events.map((e) => `${e.kind}:${e.request}`).filter((k) => !k.startsWith('offer'))).toEqual([
      'arrival:0',
      'arrival:1',
      'arrival:2',
      'complete:0', // at START + 7, before request 3 arriving at that same instant
      'arrival:3',
      'cancel:1',
      'arrival:4',
      'complete:2',
      'complete:3',
      'complete:4',
    ]);
    const view = (call: number, id: string) => policy.seen.find((s, i) => i >= call && s.experts.some((e) => e.id === id))!.experts.find((e) => e.id === id)!;
    const callOf = (request: number) => policy.seen.findIndex((s) => s.request.id === `q${request}`);
    const member = (request: number) => run.outcomes[request]!.team[0]!.expert;
    // Request 1 arrives on request 0's first day (DEPLOYED), request 2 on its last, request 3 after it (COMPLETED, appraised).
    expect(view(callOf(1), t1).commitments.map((c) => [c.requestId, c.status, c.startDate, c.endDate, c.mode])).toEqual([['q0', 'DEPLOYED', '2027-01-09', '2027-01-10', 'REMOTE']]);
    expect(view(callOf(2), t1).commitments.find((c) => c.requestId === 'q0')!.status).toBe('DEPLOYED');
    expect(view(callOf(3), t1).commitments.find((c) => c.requestId === 'q0')!.status).toBe('COMPLETED');
    expect(view(callOf(2), t1).appraisals).toBeUndefined();
    const stats = view(callOf(3), t1).appraisals!;
    expect(stats).toEqual({ count: 2, sum: rating(SEED, 0, t1, 'coordinator', 0.9) + rating(SEED, 0, t1, 'requester', 0.9) });
    // Request 1's member held it (ACCEPTED, before its start) until the cancellation; request 4 no longer sees it.
    const one = member(1);
    expect(view(callOf(3), one).commitments.find((c) => c.requestId === 'q1')!.status).toBe('ACCEPTED');
    expect(view(callOf(4), one).commitments.some((c) => c.requestId === 'q1')).toBe(false);
    expect(view(callOf(4), t1).commitments.map((c) => c.requestId)).toContain('q0'); // the cancellation frees only its own days
    // A second round only after a decline: two calls for request 0, one for each other.
    expect(policy.seen.map((s) => s.request.id)).toEqual(['q0', 'q0', 'q1', 'q2', 'q3', 'q4']);
    expect(run.events.find((e) => e.kind === 'complete' && e.request === 3)!.at).toBe(START + 41); // the day after the end
  });
});

describe('the request stream', () => {
  const made = () => generateStream({ requests: 3000, start: START, seed: 5 }, WORLD);
  const share = <T = SimRequest>(test: (r: T) => boolean, of: readonly T[]) => of.filter(test).length / of.length;
  const seats = (r: SimRequest) => r.roles.reduce((s, x) => s + x.count, 0);
  const plainOf = (stream: readonly SimRequest[]) => stream.filter((r) => r.kind !== 'clash');

  it('arrives in order over the days asked for', () => {
    const stream = made();
    expect(stream.map((r) => r.index)).toEqual(stream.map((_, i) => i));
    expect(stream.map((r) => r.arrival)).toEqual([...stream.map((r) => r.arrival)].sort((a, b) => a - b));
    expect(stream[0]!.arrival).toBeGreaterThanOrEqual(START);
    expect(stream[0]!.arrival).toBeLessThan(START + 1);
    expect(stream.at(-1)!.arrival).toBeLessThan(START + 365);
    expect(stream.at(-1)!.arrival).toBeGreaterThan(START + 364);
    const month = generateStream({ requests: 50, start: START, seed: 5, days: 30 }, WORLD);
    expect(month.every((r) => r.arrival >= START && r.arrival < START + 30)).toBe(true);
    expect(generateStream({ requests: 50, start: START, seed: 5 }, WORLD)).toEqual(generateStream({ requests: 50, start: START, seed: 5 }, WORLD));
    expect(generateStream({ requests: 50, start: START, seed: 6 }, WORLD)).not.toEqual(generateStream({ requests: 50, start: START, seed: 5 }, WORLD));
  });

  it('draws countries, areas, modes and days at their documented weights', () => {
    const stream = made();
    const plain = plainOf(stream);
    expect(share((r) => r.country === 'GN', stream)).toBeCloseTo(0.75, 1);
    expect(share((r) => r.mode === 'IN_PERSON', stream)).toBeCloseTo(0.55, 1);
    expect(share((r) => r.mode === 'HYBRID', stream)).toBeCloseTo(0.25, 1);
    expect(share((r) => r.mode === 'REMOTE', stream)).toBeCloseTo(0.2, 1);
    const roles = plain.flatMap((r) => r.roles);
    expect(share<SimRequest['roles'][number]>((r) => r.expertise === 'A', roles)).toBeGreaterThan(0.3);
    expect(new Set(roles.map((r) => r.expertise))).toEqual(new Set(['A', 'B', 'C', 'D']));
    for (const r of plain) expect(new Set(r.roles.map((x) => x.expertise)).size).toBe(r.roles.length); // distinct areas
    expect(new Set(plain.map((r) => r.roles.length))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(roles.map((r) => r.minLevel))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(roles.map((r) => r.count))).toEqual(new Set([1, 2, 3]));
    expect(Math.max(...plain.map(seats))).toBe(8);
    expect(Math.min(...plain.map(seats))).toBe(1);
    const short = plain.filter((r) => r.start - Math.floor(r.arrival) <= 3);
    const lead = (rs: SimRequest[]) => rs.map((r) => r.start - Math.floor(r.arrival));
    const length = (rs: SimRequest[]) => rs.map((r) => r.end - r.start + 1);
    const long = plain.filter((r) => !short.includes(r));
    expect([Math.min(...lead(short)), Math.max(...lead(short)), Math.min(...lead(long)), Math.max(...lead(long))]).toEqual([1, 3, 4, 45]);
    expect([Math.min(...length(short)), Math.max(...length(short)), Math.min(...length(long)), Math.max(...length(long))]).toEqual([5, 14, 5, 31]);
    expect(share((r) => r.start - Math.floor(r.arrival) <= 3, plain)).toBeCloseTo(STREAM_RATES.shortNotice, 1);
  });

  it('marks short notice, languages, minWomen and parties as documented', () => {
    const stream = made();
    const plain = plainOf(stream);
    for (const r of stream) {
      expect(r.shortNotice, `${r.index}`).toBe((r.start - r.arrival) * 24 <= 72);
      expect(r.minWomen).toBeLessThanOrEqual(seats(r));
    }
    const ordinary = stream.filter((r) => r.kind === 'ordinary');
    expect(new Set(ordinary.map((r) => r.minWomen))).toEqual(new Set([0, 1, 2]));
    for (const r of stream.filter((x) => x.kind === 'hardMinWomen')) expect([seats(r), r.minWomen]).toEqual([seats(r), Math.max(2, Math.ceil(seats(r) * 0.7))]);
    expect(share((r) => r.kind === 'hardMinWomen', plain.filter((r) => seats(r) >= 3))).toBeCloseTo(STREAM_RATES.hardMinWomen, 1);
    // French is spoken in GN (a UN language): asked for in about 60% of its roles; ML's Bambara never, English sometimes.
    const gnRoles = ordinary.filter((r) => r.country === 'GN').flatMap((r) => r.roles);
    expect(share<SimRequest['roles'][number]>((x) => x.languages[0] === 'fr', gnRoles)).toBeCloseTo(0.6, 1);
    const mlRoles = ordinary.filter((r) => r.country === 'ML').flatMap((r) => r.roles);
    expect(mlRoles.some((x) => x.languages.includes('bm'))).toBe(false);
    expect(share<SimRequest['roles'][number]>((x) => x.languages[0] === 'en', mlRoles)).toBeCloseTo(0.2, 1);
    for (const r of stream.filter((x) => x.kind === 'rareLanguage')) expect(r.roles.some((x) => x.languages.length === 1 && ['sw', 'zh', 'pt'].includes(x.languages[0]!))).toBe(true);
    expect(share((r) => r.kind === 'rareLanguage', plain)).toBeGreaterThan(0.03);
    expect(share((r) => r.parties.length > 0, plain)).toBeCloseTo(STREAM_RATES.withParties, 1);
    for (const r of stream) {
      expect(r.parties.length).toBeLessThanOrEqual(3);
      for (const p of r.parties) expect(partiesOf(r.country)).toContain(p);
    }
  });

  it('puts in clashing twins and cancellations strictly between the arrival and the start', () => {
    const stream = made();
    const twins = stream.flatMap((r, i) => (r.kind === 'clash' && stream[i + 1]?.kind === 'clash' && !stream[i - 1]?.kind.startsWith('clash') ? [[r, stream[i + 1]!] as const] : []));
    expect(twins.length / stream.length).toBeCloseTo(STREAM_RATES.clash * 0.9, 1);
    for (const [first, later] of twins) {
      expect([later.country, later.mode, later.parties]).toEqual([first.country, first.mode, first.parties]);
      expect(later.start).toBe(Math.max(first.start, Math.floor(later.arrival) + 1));
      expect(later.end - later.start).toBe(first.end - first.start);
      expect(later.roles.map((r) => [r.expertise, r.count, r.languages])).toEqual(first.roles.map((r) => [r.expertise, r.count, r.languages]));
      expect(later.roles.map((r) => r.minLevel)).toEqual(first.roles.map((r) => Math.max(4, r.minLevel)));
      expect(later.minWomen).toBeLessThanOrEqual(seats(first));
    }
    const cancelled = stream.filter((r) => r.cancelAt !== null);
    expect(cancelled.length / stream.length).toBeCloseTo(STREAM_RATES.cancelled, 1);
    for (const r of cancelled) {
      expect(r.cancelAt! - r.arrival).toBeGreaterThanOrEqual(0.01 * (r.start - r.arrival) - 1e-9);
      expect(r.start - r.cancelAt!).toBeGreaterThanOrEqual(0.01 * (r.start - r.arrival) - 1e-9);
    }
    expect(STREAM_RATES).toEqual({ shortNotice: 0.2, cancelled: 0.08, hardMinWomen: 0.08, rareLanguage: 0.06, clash: 0.1, withParties: 0.5 });
  });

  it('names four parties per country, with accents', () => {
    expect(partiesOf('GN')).toEqual(['Government of Guinea', 'Union des forces démocratiques (Guinea)', 'Frente de liberación de Guinea', 'Guinea armed opposition']);
    expect(partiesOf('ZZ')[0]).toBe('Government of ZZ');
  });
});

describe('prepareRoster', () => {
  const experts = Array.from({ length: 4000 }, (_, i) => rosterExpert(`p${i}`, { commitments: [{ requestId: 'q', startDate: '2027-01-01', endDate: '2027-01-02', mode: 'REMOTE', status: 'ACCEPTED' }], appraisals: { count: 1, sum: 4 } }));
  const prepared = () => prepareRoster(experts, 9, WORLD);

  it('drops commitments and appraisals and keeps everything else', () => {
    const roster = prepared();
    expect(roster).toHaveLength(4000);
    const { commitments: _c, appraisals: _a, ...rest } = experts[0]!;
    const { trueQuality, declaredInterests, ...kept } = roster[0]!;
    expect({ ...kept, declaredInterests }).toEqual({ ...rest, declaredInterests });
    expect(roster.every((e) => !('commitments' in e) && !('appraisals' in e))).toBe(true);
    expect(typeof trueQuality).toBe('number');
    const declared = prepareRoster([rosterExpert('d', { declaredInterests: [{ country: 'KE', party: null }] })], 9, WORLD)[0]!;
    expect(declared.declaredInterests?.[0]).toEqual({ country: 'KE', party: null });
  });

  it('gives a hidden quality, the mean of two uniform draws', () => {
    const roster = prepared();
    const q = roster.map((e) => e.trueQuality);
    expect(q.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mean(q)).toBeCloseTo(0.5, 1);
    expect(q.filter((x) => x < 0.25).length / q.length).toBeCloseTo(0.125, 1); // triangular: 1/8 below a quarter (uniform: 1/4)
    expect(prepareRoster(experts.slice(0, 5), 9, WORLD)).toEqual(roster.slice(0, 5));
    expect(prepareRoster(experts.slice(0, 5), 10, WORLD).map((e) => e.trueQuality)).not.toEqual(q.slice(0, 5));
  });

  it('declares a country tie for about 5%, and a party tie for about 3% typed in capitals without accents', () => {
    const roster = prepared();
    const countryTies = roster.flatMap((e) => (e.declaredInterests ?? []).filter((i) => i.country !== null));
    const partyTies = roster.flatMap((e) => (e.declaredInterests ?? []).filter((i) => i.party !== null));
    expect(countryTies.length / roster.length).toBeCloseTo(0.05, 1);
    expect(countryTies.length / roster.length).toBeGreaterThan(0.03);
    expect(partyTies.length / roster.length).toBeCloseTo(0.03, 1);
    expect(partyTies.length / roster.length).toBeGreaterThan(0.015);
    expect(countryTies.every((i) => i.party === null)).toBe(true);
    expect(new Set(countryTies.map((i) => i.country))).toEqual(new Set(['GN', 'ML']));
    expect(countryTies.filter((i) => i.country === 'GN').length / countryTies.length).toBeGreaterThan(0.6); // weight 3 to 1
    const folded = ['GN', 'ML'].flatMap((c) => partiesOf(c).map((p) => p.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase()));
    for (const tie of partyTies) {
      expect(tie.country).toBeNull();
      expect(folded).toContain(tie.party);
    }
    expect(partyTies.some((t) => t.party === 'UNION DES FORCES DEMOCRATIQUES (GUINEA)')).toBe(true);
  });
});

describe('simulateYear', () => {
  const experts = Array.from({ length: 14 }, (_, i) => rosterExpert(`s${i}`, { gender: i % 2 ? 'MALE' : 'FEMALE', tier: i < 3 ? 'STANDBY_TEAM' : 'ROSTER', nationalities: ['FR'] }));
  const world: StreamWorld = { countries: [['GN', 1]], areas: [['A', 1], ['B', 1]], localLanguage: () => 'fr' };
  const input = { experts, world, requests: 8, start: START, seed: 4 };

  it('replays one stream under each policy, checked and reported', () => {
    const year = simulateYear(input);
    expect(year.stream).toEqual(generateStream({ requests: 8, start: START, seed: 4 }, world));
    expect(year.roster).toEqual(prepareRoster(experts, 4, world));
    expect(year.runs.map((r) => r.policy)).toEqual(['engine', 'greedy', 'fair', 'blind']);
    for (const run of year.runs) {
      expect(run.events).toEqual(runYear(year.roster, year.stream, POLICIES[run.policy]!, 4).events);
      expect(run.violations).toEqual([]);
      expect(run.figures.offers).toBe(run.events.filter((e) => e.kind === 'offer').length);
      expect(run.figures.offers).toBeGreaterThan(0);
    }
    expect(simulateYear({ ...input, policies: [POLICIES.greedy!] }).runs.map((r) => r.policy)).toEqual(['greedy']);
  });

  it('prints the figures of issue 13, and the details with extended', () => {
    const year = simulateYear({ ...input, policies: [POLICIES.engine!, POLICIES.blind!] });
    const core = yearJson(year);
    expect(Object.keys(core)).toEqual(['requests', 'policies']);
    expect(core.requests).toBe(8);
    expect(Object.keys(core.policies)).toEqual(['engine', 'blind']);
    const f = year.runs[0]!.figures;
    expect(core.policies.engine).toEqual({ fullyStaffed: f.fullyStaffed, minWomenMet: f.minWomenMet, standbyWithin72h: f.standbyWithin72h, medianScore: f.medianScore, gini: f.gini, maxDays: f.maxDays, violations: f.violations });
    expect(Object.keys(core.policies.engine!)).toEqual(['fullyStaffed', 'minWomenMet', 'standbyWithin72h', 'medianScore', 'gini', 'maxDays', 'violations']);
    expect(yearJson(year, true).policies.engine).toEqual(f);
    expect(yearJson(year, true).policies.engine).toHaveProperty('offers', f.offers);
  });
});
