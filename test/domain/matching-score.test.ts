// fitScore: range, rounding, the documented formula, monotonicity in each factor, and reasons.
import { describe, expect, it } from 'vitest';
import { APPRAISAL_WEIGHT, FIT_WEIGHTS, fitScore, type ExpertCommitment, type MatchExpert } from '../../server/domain/matching/index.js';
import { makeExpert, makeRequest, makeRole, testRegionOf } from '../../bench/lib/fixtures.js';

const options = { regionOf: testRegionOf };
const score = (expert: MatchExpert, request = makeRequest(), role = makeRole()) => fitScore(request, role, expert, options).score;
const deployed = (days: number): ExpertCommitment[] =>
  days === 0
    ? []
    : [{ requestId: 'past', startDate: '2026-01-01', endDate: `2026-01-${String(days).padStart(2, '0')}`, mode: 'IN_PERSON', status: 'COMPLETED' }];

describe('fitScore', () => {
  it('follows the documented formula and weights', () => {
    const positive = Object.values(FIT_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(positive).toBeCloseTo(1, 12);
    // Level 4 vs minLevel 3: E = 2/3; fluent fr: L = 2/3; no country/region; not short notice; no load.
    const expected = FIT_WEIGHTS.expertise * (2 / 3) + FIT_WEIGHTS.language * (2 / 3) + FIT_WEIGHTS.lowLoad;
    expect(score(makeExpert())).toBe(Math.round(expected * 10_000) / 10_000);
  });

  it('stays in [0, 1] with at most 4 decimals', () => {
    const best = makeExpert({
      tier: 'STANDBY_TEAM',
      expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 5 }],
      languages: [{ code: 'fr', proficiency: 'NATIVE' }],
      countryExperience: ['GN'],
    });
    const request = makeRequest({ now: '2026-03-09T00:00:00Z' });
    expect(score(best, request)).toBe(1);
    const worst = makeExpert({ expertise: [], languages: [], commitments: deployed(31), maxDeploymentDaysPerYear: 10 });
    expect(score(worst)).toBe(0);
    for (const level of [1, 2, 3, 4, 5]) {
      const s = score(makeExpert({ expertise: [{ area: 'SECURITY_ARRANGEMENTS', level }] }), makeRequest(), makeRole({ minLevel: 2 }));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(Math.round(s * 10_000) / 10_000).toBe(s);
    }
  });

  it('rises with expertise level above minLevel', () => {
    const at = (level: number) => score(makeExpert({ expertise: [{ area: 'SECURITY_ARRANGEMENTS', level }] }));
    expect(at(3)).toBeLessThan(at(4));
    expect(at(4)).toBeLessThan(at(5));
    expect(at(2)).toBeLessThan(at(3));
  });

  it('rises with proficiency in the role languages; neutral when the role needs none', () => {
    const at = (proficiency: 'BASIC' | 'WORKING' | 'FLUENT' | 'NATIVE') => score(makeExpert({ languages: [{ code: 'fr', proficiency }] }));
    expect(at('BASIC')).toBeLessThan(at('WORKING'));
    expect(at('WORKING')).toBeLessThan(at('FLUENT'));
    expect(at('FLUENT')).toBeLessThan(at('NATIVE'));
    const none = makeRole({ languages: [] });
    expect(score(makeExpert({ languages: [] }), makeRequest(), none)).toBe(
      score(makeExpert({ languages: [{ code: 'fr', proficiency: 'NATIVE' }, { code: 'en', proficiency: 'NATIVE' }] }), makeRequest(), none),
    );
  });

  it('rewards experience in the country most, then in its region', () => {
    const none = score(makeExpert({ countryExperience: ['KE'] }));
    const region = score(makeExpert({ countryExperience: ['SN'] }));
    const country = score(makeExpert({ countryExperience: ['GN'] }));
    expect(none).toBeLessThan(region);
    expect(region).toBeLessThan(country);
    expect(score(makeExpert({ countryExperience: ['GN', 'SN'] }))).toBe(country);
    // Without a region table only the country counts.
    expect(fitScore(makeRequest(), makeRole(), makeExpert({ countryExperience: ['SN'] })).score).toBe(none);
  });

  it('favours the standby team only within 72 hours of the start', () => {
    const standby = makeExpert({ tier: 'STANDBY_TEAM' });
    const roster = makeExpert({ tier: 'ROSTER' });
    const exactly72h = makeRequest({ now: '2026-03-07T00:00:00Z' });
    const justOver = makeRequest({ now: '2026-03-06T23:59:59.999Z' });
    const started = makeRequest({ now: '2026-03-12T10:00:00Z' });
    expect(score(standby, exactly72h)).toBeGreaterThan(score(roster, exactly72h));
    expect(score(standby, started)).toBeGreaterThan(score(roster, started));
    expect(score(standby, justOver)).toBe(score(roster, justOver));
    expect(score(standby)).toBe(score(roster));
  });

  it('falls with deployed days this year, relative to the cap, and stops at the cap', () => {
    const at = (days: number) => score(makeExpert({ commitments: deployed(days), maxDeploymentDaysPerYear: 20 }));
    expect(at(0)).toBeGreaterThan(at(5));
    expect(at(5)).toBeGreaterThan(at(10));
    expect(at(20)).toBe(at(31));
    // Offered/accepted days are not deployed days; other years do not count.
    const offered: ExpertCommitment[] = [{ requestId: 'x', startDate: '2026-01-01', endDate: '2026-01-10', mode: 'REMOTE', status: 'ACCEPTED' }];
    const lastYear: ExpertCommitment[] = [{ requestId: 'x', startDate: '2025-01-01', endDate: '2025-01-10', mode: 'REMOTE', status: 'COMPLETED' }];
    expect(score(makeExpert({ commitments: offered, maxDeploymentDaysPerYear: 20 }))).toBe(at(0));
    expect(score(makeExpert({ commitments: lastYear, maxDeploymentDaysPerYear: 20 }))).toBe(at(0));
  });

  it('moves by at most ±0.05 with appraisals, shrunk toward 3, and leaves experts without any as they were', () => {
    const rated = (count: number, sum: number) => score(makeExpert({ appraisals: { count, sum } }));
    const unrated = score(makeExpert());
    // The base expert's raw score (see 'follows the documented formula'), before rounding.
    const raw = FIT_WEIGHTS.expertise * (2 / 3) + FIT_WEIGHTS.language * (2 / 3) + FIT_WEIGHTS.lowLoad;
    const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
    expect(rated(0, 0)).toBe(unrated);
    // Exactly neutral: a mean of 3 changes nothing, whatever the count.
    expect(rated(1, 3)).toBe(unrated);
    expect(rated(10, 30)).toBe(unrated);
    // One 5: m = (5 + 6) / 3, A = (m − 3) / 2 = 1/3.
    expect(rated(1, 5)).toBe(round4(raw + APPRAISAL_WEIGHT / 3));
    // Four 5s: m = 26 / 6, A = 2/3; four 1s: A = −2/3.
    expect(rated(4, 20)).toBe(round4(raw + (APPRAISAL_WEIGHT * 2) / 3));
    expect(rated(4, 4)).toBe(round4(raw - (APPRAISAL_WEIGHT * 2) / 3));
    // Monotone in the mean and, for a good mean, in the evidence; bounded by the weight.
    expect(rated(2, 6)).toBeLessThan(rated(2, 8));
    expect(rated(1, 5)).toBeLessThan(rated(8, 40));
    expect(rated(1000, 5000) - unrated).toBeLessThanOrEqual(APPRAISAL_WEIGHT);
    expect(unrated - rated(1000, 1000)).toBeLessThanOrEqual(APPRAISAL_WEIGHT);
    // A perfect expert stays at 1; weight 0 switches the term off.
    const best = makeExpert({ tier: 'STANDBY_TEAM', expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 5 }], languages: [{ code: 'fr', proficiency: 'NATIVE' }], countryExperience: ['GN'], appraisals: { count: 3, sum: 15 } });
    expect(score(best, makeRequest({ now: '2026-03-09T00:00:00Z' }))).toBe(1);
    expect(fitScore(makeRequest(), makeRole(), makeExpert({ appraisals: { count: 4, sum: 20 } }), { ...options, weights: { appraisal: 0 } }).score).toBe(unrated);
    expect(fitScore(makeRequest(), makeRole(), makeExpert({ appraisals: { count: 2, sum: 9 } }), options).reasons).toContain('rated 4.5 on average by 2 appraisals');
  });

  it('explains itself in short phrases', () => {
    const expert = makeExpert({
      tier: 'STANDBY_TEAM',
      expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 5 }],
      countryExperience: ['GN', 'ML'],
      commitments: deployed(31).concat([{ requestId: 'p', startDate: '2026-02-01', endDate: '2026-02-01', mode: 'REMOTE', status: 'DEPLOYED' }]),
    });
    const { reasons } = fitScore(makeRequest({ now: '2026-03-08T12:00:00Z' }), makeRole(), expert, options);
    expect(reasons).toEqual([
      'level 5 in SECURITY_ARRANGEMENTS (needs 3)',
      'fluent fr',
      'worked in GN',
      'worked in Western Africa',
      'standby team, short notice',
      '32 deployed days this year',
    ]);
  });

  it('depends on nothing but the expert, role and request', () => {
    const a = fitScore(makeRequest(), makeRole(), makeExpert(), options);
    const b = fitScore(makeRequest({ minWomen: 3, roles: [] }), makeRole({ count: 5, held: ['x'] }), makeExpert(), options);
    expect(a).toEqual(b);
  });
});
