// The year simulation's independent rule checker (server/domain/simulation/rules.ts) on hand-made
// event logs: each rule of the contract at its day boundaries, judged at the instant of the offer.
// One expert "x", eligible for everything unless a case says otherwise.
import { describe, expect, it } from 'vitest';
import { checkYear, type SimEvent, type SimExpert, type SimRequest } from '../../server/domain/simulation/index.js';
import { makeExpert } from '../../bench/lib/fixtures.js';

// Day numbers worked out here rather than with server/domain/dates.ts: domain code run at module load
// would make its mutants "static" (run against every test) in mutation testing.
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const START = day('2027-01-04');

const expert = (over: Partial<SimExpert> = {}): SimExpert => {
  const { commitments: _c, ...e } = makeExpert({ id: 'x', nationalities: ['FR'], securityTrainingValidUntil: '2030-01-01', medicalClearanceValidUntil: '2030-01-01', expertise: [{ area: 'A', level: 3 }], languages: [{ code: 'fr', proficiency: 'WORKING' }], ...over });
  return { ...e, trueQuality: 0.5, ...over };
};
const request = (index: number, start: number, end: number, over: Partial<SimRequest> = {}): SimRequest => ({
  index,
  arrival: START + index,
  country: 'GN',
  mode: 'IN_PERSON',
  start,
  end,
  minWomen: 0,
  roles: [{ expertise: 'A', minLevel: 3, languages: ['fr'], count: 1 }],
  parties: [],
  shortNotice: false,
  cancelAt: null,
  kind: 'ordinary',
  ...over,
});
const arrive = (i: number): SimEvent => ({ kind: 'arrival', at: START + i + 0.5, request: i });
const offer = (request: number, accepted = true, expertId = 'x'): SimEvent => ({ kind: 'offer', at: START + request + 0.5, request, role: 0, expert: expertId, accepted, round: 1 });
const at = (i: number) => [arrive(i), offer(i)];
const rulesOf = (roster: SimExpert[], stream: SimRequest[], events: SimEvent[]) => checkYear(roster, stream, events).map((v) => `${v.request}:${v.rule}`);
const one = [request(0, START + 10, START + 12)]; // 2027-01-14..16

describe('checkYear', () => {
  it('finds nothing in a correct log, and names request, rule, expert and instant of what it finds', () => {
    expect(checkYear([expert()], one, at(0))).toEqual([]);
    expect(checkYear([expert({ nationalities: ['GN'] })], one, at(0))).toEqual([{ rule: 'NATIONALITY', request: 0, expert: 'x', at: START + 0.5 }]);
  });

  it('OFFER_TIMING: after the arrival, before the start day, and not once cancelled', () => {
    expect(rulesOf([expert()], one, [offer(0)])).toEqual(['0:OFFER_TIMING']); // never arrived
    expect(rulesOf([expert()], one, [arrive(0), { ...offer(0), at: START - 0.1 }])).toEqual(['0:OFFER_TIMING']); // before its arrival
    expect(rulesOf([expert()], one, [arrive(0), { ...offer(0), at: START }])).toEqual([]); // at its arrival
    expect(rulesOf([expert()], one, [arrive(0), { ...offer(0), at: START + 9.99 }])).toEqual([]); // the day before the start
    expect(rulesOf([expert()], one, [arrive(0), { ...offer(0), at: START + 10 }])).toEqual(['0:OFFER_TIMING']); // the start day
    expect(rulesOf([expert()], one, [arrive(0), { kind: 'cancel', at: START + 0.6, request: 0 }, { ...offer(0), at: START + 0.7 }])).toEqual(['0:OFFER_TIMING']);
  });

  it('EXPERTISE: the area at minLevel or above', () => {
    expect(rulesOf([expert({ expertise: [{ area: 'A', level: 2 }] })], one, at(0))).toEqual(['0:EXPERTISE']);
    expect(rulesOf([expert({ expertise: [{ area: 'A', level: 5 }] })], one, at(0))).toEqual([]);
    expect(rulesOf([expert({ expertise: [{ area: 'B', level: 5 }] })], one, at(0))).toEqual(['0:EXPERTISE']);
  });

  it('LANGUAGE: every language of the role at WORKING or above', () => {
    expect(rulesOf([expert({ languages: [{ code: 'fr', proficiency: 'BASIC' }] })], one, at(0))).toEqual(['0:LANGUAGE']);
    expect(rulesOf([expert({ languages: [{ code: 'fr', proficiency: 'NATIVE' }] })], one, at(0))).toEqual([]);
    expect(rulesOf([expert({ languages: [{ code: 'en', proficiency: 'NATIVE' }] })], one, at(0))).toEqual(['0:LANGUAGE']);
    const two = [request(0, START + 10, START + 12, { roles: [{ expertise: 'A', minLevel: 3, languages: ['fr', 'en'], count: 1 }] })];
    expect(rulesOf([expert()], two, at(0))).toEqual(['0:LANGUAGE']);
    const none = [request(0, START + 10, START + 12, { roles: [{ expertise: 'A', minLevel: 3, languages: [], count: 1 }] })];
    expect(rulesOf([expert({ languages: [] })], none, at(0))).toEqual([]);
  });

  it('UNAVAILABLE: leave touching the first or the last day, not the days around', () => {
    const leave = (startDate: string, endDate: string) => rulesOf([expert({ unavailable: [{ startDate, endDate }] })], one, at(0));
    expect(leave('2027-01-10', '2027-01-14')).toEqual(['0:UNAVAILABLE']);
    expect(leave('2027-01-16', '2027-01-20')).toEqual(['0:UNAVAILABLE']);
    expect(leave('2027-01-10', '2027-01-13')).toEqual([]);
    expect(leave('2027-01-17', '2027-01-20')).toEqual([]);
  });

  it('NATIONALITY and CLEARANCE; clearances count in person and hybrid, not remote', () => {
    expect(rulesOf([expert({ nationalities: ['FR', 'GN'] })], one, at(0))).toEqual(['0:NATIONALITY']);
    expect(rulesOf([expert({ medicalClearanceValidUntil: '2027-01-15' })], one, at(0))).toEqual(['0:CLEARANCE']);
    expect(rulesOf([expert({ medicalClearanceValidUntil: '2027-01-16' })], one, at(0))).toEqual([]);
    expect(rulesOf([expert({ securityTrainingValidUntil: '2027-01-16' })], one, at(0))).toEqual([]);
    expect(rulesOf([expert({ securityTrainingValidUntil: '2027-01-15' })], one, at(0))).toEqual(['0:CLEARANCE']);
    expect(rulesOf([expert({ securityTrainingValidUntil: null })], one, at(0))).toEqual(['0:CLEARANCE']);
    const hybrid = [request(0, START + 10, START + 12, { mode: 'HYBRID' })];
    expect(rulesOf([expert({ medicalClearanceValidUntil: null })], hybrid, at(0))).toEqual(['0:CLEARANCE']);
    const remote = [request(0, START + 10, START + 12, { mode: 'REMOTE' })];
    expect(rulesOf([expert({ medicalClearanceValidUntil: null, securityTrainingValidUntil: null })], remote, at(0))).toEqual([]);
  });

  it('DOUBLE_BOOKED and REST_PERIOD against the live holds, at their day boundaries', () => {
    // Rest: the second starts 7 days after the first ends (fine), the third 6 days after the second (not).
    const stream = [request(0, START + 10, START + 14), request(1, START + 21, START + 22), request(2, START + 29, START + 30, { mode: 'REMOTE' }), request(3, START + 28, START + 28)];
    expect(rulesOf([expert()], stream, [...at(0), ...at(1), ...at(2), ...at(3)])).toEqual(['3:REST_PERIOD']);
    // A later hold counts too: the new request ends 6 days before it (not), or 7 (fine).
    const later = request(0, START + 20, START + 22);
    expect(rulesOf([expert()], [later, request(1, START + 10, START + 14)], [...at(0), ...at(1)])).toEqual(['1:REST_PERIOD']);
    expect(rulesOf([expert()], [later, request(1, START + 10, START + 13)], [...at(0), ...at(1)])).toEqual([]);
    // A remote hold, or a remote request, needs no rest.
    const remote = [request(0, START + 10, START + 14, { mode: 'REMOTE' }), request(1, START + 16, START + 17)];
    expect(rulesOf([expert()], remote, [...at(0), ...at(1)])).toEqual([]);
    // Overlap by one day at either end.
    const overlap = (s: number, e: number) => rulesOf([expert()], [request(0, START + 10, START + 14, { mode: 'REMOTE' }), request(1, s, e, { mode: 'REMOTE' })], [...at(0), ...at(1)]);
    expect(overlap(START + 14, START + 16)).toEqual(['1:DOUBLE_BOOKED']);
    expect(overlap(START + 8, START + 10)).toEqual(['1:DOUBLE_BOOKED']);
    expect(overlap(START + 15, START + 16)).toEqual([]);
    expect(overlap(START + 8, START + 9)).toEqual([]);
    // In person, a one-day overlap at either end is double booking, not a rest period as well.
    const inPerson = (s: number, e: number) => rulesOf([expert()], [request(0, START + 10, START + 14), request(1, s, e)], [...at(0), ...at(1)]);
    expect(inPerson(START + 14, START + 16)).toEqual(['1:DOUBLE_BOOKED']);
    expect(inPerson(START + 8, START + 10)).toEqual(['1:DOUBLE_BOOKED']);
    // A hold whose end date has passed is no longer live: it is COMPLETED, and needs no rest after it.
    const done = [request(0, START + 1, START + 1, { arrival: START - 1 }), request(1, START + 4, START + 5, { arrival: START + 1.5 })];
    const events = (when: number): SimEvent[] => [{ kind: 'arrival', at: START - 1, request: 0 }, { ...offer(0), at: START - 0.5 }, { kind: 'arrival', at: START + 1.5, request: 1 }, { ...offer(1), at: when }];
    expect(rulesOf([expert()], done, events(START + 1.5))).toEqual(['1:REST_PERIOD']); // its last day: still live
    expect(rulesOf([expert()], done, events(START + 2.5))).toEqual([]);
  });

  it('DAY_CAP per calendar year, over the union of held days', () => {
    // Two holds of 5 days and 1 day that overlap, then 2 more days: 5 + 2 = 7 days in the year.
    const capped = [request(0, START + 10, START + 14, { mode: 'REMOTE' }), request(1, START + 12, START + 12, { mode: 'REMOTE' }), request(2, START + 40, START + 41, { mode: 'REMOTE' })];
    const all = [...at(0), ...at(1), ...at(2)];
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 6 })], capped, all)).toEqual(['1:DOUBLE_BOOKED', '2:DAY_CAP']);
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 7 })], capped, all)).toEqual(['1:DOUBLE_BOOKED']);
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 4 })], capped.slice(0, 1), at(0))).toEqual(['0:DAY_CAP']);
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 5 })], capped.slice(0, 1), at(0))).toEqual([]);
    // A request over the new year is counted in each year: 2 days in 2027 and 2 in 2028.
    const newYear = [request(0, day('2027-12-30'), day('2028-01-02'), { mode: 'REMOTE' })];
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 2 })], newYear, at(0))).toEqual([]);
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 1 })], newYear, at(0))).toEqual(['0:DAY_CAP', '0:DAY_CAP']);
    // A hold over the new year counts only its own year's days: 3 in 2028, then 2 more.
    const spanning = [request(0, day('2027-12-28'), day('2028-01-03'), { mode: 'REMOTE' }), request(1, day('2028-01-10'), day('2028-01-11'), { mode: 'REMOTE' })];
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 5 })], spanning, [...at(0), ...at(1)])).toEqual([]);
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 4 })], spanning, [...at(0), ...at(1)])).toEqual(['1:DAY_CAP']);
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 3 })], spanning, [...at(0), ...at(1)])).toEqual(['0:DAY_CAP', '1:DAY_CAP']); // 4 days in 2027
  });

  it('a declined offer holds nothing; a cancelled request frees its days', () => {
    const capped = [request(0, START + 10, START + 14, { mode: 'REMOTE' }), request(1, START + 12, START + 12, { mode: 'REMOTE' })];
    expect(rulesOf([expert()], capped, [arrive(0), offer(0, false), arrive(1), offer(1)])).toEqual([]);
    expect(rulesOf([expert()], capped, [...at(0), { kind: 'cancel', at: START + 0.9, request: 0 }, ...at(1)])).toEqual([]);
    // A cancellation frees only its own request's days.
    const three = [...capped, request(2, START + 13, START + 13, { mode: 'REMOTE' })];
    expect(rulesOf([expert()], three, [...at(0), ...at(1), { kind: 'cancel', at: START + 1.9, request: 1 }, ...at(2)])).toEqual(['1:DOUBLE_BOOKED', '2:DOUBLE_BOOKED']);
  });

  it('CONFLICT_OF_INTEREST by country, or by party in another case, spacing and without accents', () => {
    const parties = [request(0, START + 10, START + 12, { parties: ['Union des forces démocratiques (Guinea)'] })];
    const tie = (country: string | null, party: string | null) => rulesOf([expert({ declaredInterests: [{ country, party }] })], parties, at(0));
    expect(tie(null, 'UNION DES FORCES DEMOCRATIQUES (GUINEA)')).toEqual(['0:CONFLICT_OF_INTEREST']);
    expect(tie(null, '  Union  des forces démocratiques (Guinea) ')).toEqual(['0:CONFLICT_OF_INTEREST']);
    expect(tie('GN', null)).toEqual(['0:CONFLICT_OF_INTEREST']);
    expect(tie('ML', null)).toEqual([]);
    expect(tie(null, 'Union des forces')).toEqual([]);
    // The request's own spelling is folded the same way.
    const padded = [request(0, START + 10, START + 12, { parties: ['  Union  des forces démocratiques (Guinea) '] })];
    expect(rulesOf([expert({ declaredInterests: [{ country: null, party: 'UNION DES FORCES DEMOCRATIQUES (GUINEA)' }] })], padded, at(0))).toEqual(['0:CONFLICT_OF_INTEREST']);
    expect(rulesOf([expert({ declaredInterests: undefined })], padded, at(0))).toEqual([]); // nothing declared
    expect(rulesOf([expert({ declaredInterests: [{ country: null, party: 'x' }] })], one, at(0))).toEqual([]); // a request naming no party
  });

  it('SAME_EXPERT_TWICE and SEAT_COUNT', () => {
    // Offered again after accepting, or after declining.
    expect(rulesOf([expert()], one, [...at(0), offer(0)])).toEqual(['0:SAME_EXPERT_TWICE', '0:SEAT_COUNT']);
    // Its own days are not counted twice toward the cap (3 days, cap 5).
    expect(rulesOf([expert({ maxDeploymentDaysPerYear: 5 })], one, [...at(0), offer(0)])).toEqual(['0:SAME_EXPERT_TWICE', '0:SEAT_COUNT']);
    expect(rulesOf([expert()], one, [arrive(0), offer(0, false), offer(0)])).toEqual(['0:SAME_EXPERT_TWICE']);
    // A second expert for a role of one seat; a declined offer takes no seat.
    const roster = [expert(), expert({ id: 'y' }), expert({ id: 'z' })];
    expect(rulesOf(roster, one, [...at(0), offer(0, true, 'y')])).toEqual(['0:SEAT_COUNT']);
    expect(rulesOf(roster, one, [arrive(0), offer(0, false, 'y'), offer(0), offer(0, false, 'z')])).toEqual(['0:SEAT_COUNT']);
    const twoSeats = [request(0, START + 10, START + 12, { roles: [{ expertise: 'A', minLevel: 3, languages: ['fr'], count: 2 }] })];
    expect(rulesOf(roster, twoSeats, [...at(0), offer(0, true, 'y')])).toEqual([]);
    expect(rulesOf(roster, twoSeats, [...at(0), offer(0, true, 'y'), offer(0, true, 'z')])).toEqual(['0:SEAT_COUNT']);
  });
});
