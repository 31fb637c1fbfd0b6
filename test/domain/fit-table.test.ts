// Exact fitScore values, table-driven, for every proficiency, every level distance and every term
// of the formula in docs/api.md ("fitScore"). The expected numbers are written out by hand from
// the documented formula (not computed by the engine); each row also goes through the independent
// oracle (test/oracle/oracle.ts), which computes in exact fractions, so the table, the oracle and
// the engine must all agree. Baseline: a REMOTE request in GN starting 2027-03-10, role with
// minLevel 3 and no language, expert at level 5, ROSTER tier, cap 120, nothing else:
// E = 1 (0.35) + L = 1 (0.20) + (1 − D) = 1 (0.10) = 0.65.
import { describe, expect, it } from 'vitest';
import { fitScore, type MatchExpert, type MatchRequest, type MatchRole } from '../../server/domain/matching/index.js';
import { fitUnits } from '../oracle/oracle.js';

const REGIONS: Record<string, string> = { GN: 'Western Africa', SN: 'Western Africa', ML: 'Western Africa', KE: 'Eastern Africa' };
const regionOf = (c: string) => REGIONS[c];

const role = (over: Partial<MatchRole> = {}): MatchRole => ({ id: 'r', expertise: 'X', minLevel: 3, languages: [], count: 1, held: [], ...over });
const request = (over: Partial<MatchRequest> = {}): MatchRequest => ({
  id: 'req',
  country: 'GN',
  mode: 'REMOTE',
  startDate: '2027-03-10',
  endDate: '2027-03-19',
  minWomen: 0,
  roles: [],
  now: '2027-01-01T00:00:00.000Z',
  ...over,
});
const expert = (over: Partial<MatchExpert> = {}): MatchExpert => ({
  id: 'e',
  fullName: 'E',
  tier: 'ROSTER',
  gender: 'FEMALE',
  nationalities: [],
  countryExperience: [],
  securityTrainingValidUntil: null,
  medicalClearanceValidUntil: null,
  maxDeploymentDaysPerYear: 120,
  languages: [],
  expertise: [{ area: 'X', level: 5 }],
  unavailable: [],
  commitments: [],
  ...over,
});
const done = (startDate: string, endDate: string, status: MatchExpert['commitments'][number]['status'] = 'DEPLOYED', requestId = 'other') => ({
  requestId,
  startDate,
  endDate,
  mode: 'IN_PERSON' as const,
  status,
});

interface Row {
  name: string;
  expected: number;
  request?: Partial<MatchRequest>;
  role?: Partial<MatchRole>;
  expert?: Partial<MatchExpert>;
}

function check(row: Row) {
  const req = request(row.request);
  const r = role(row.role);
  const e = expert(row.expert);
  expect(fitScore(req, r, e, { regionOf }).score, 'engine').toBe(row.expected);
  expect(fitUnits(req, r, e, regionOf) / 10_000, 'oracle').toBe(row.expected);
}

const fr = (proficiency: 'BASIC' | 'WORKING' | 'FLUENT' | 'NATIVE') => [{ code: 'fr', proficiency }];

describe('fitScore, exact values', () => {
  describe('L: every proficiency (role needs fr; 0.45 + 0.20·credit)', () => {
    it.each<Row>([
      { name: 'no fr at all: 0', expected: 0.45, role: { languages: ['fr'] } },
      { name: 'BASIC: 0', expected: 0.45, role: { languages: ['fr'] }, expert: { languages: fr('BASIC') } },
      { name: 'WORKING: 1/3', expected: 0.5167, role: { languages: ['fr'] }, expert: { languages: fr('WORKING') } },
      { name: 'FLUENT: 2/3', expected: 0.5833, role: { languages: ['fr'] }, expert: { languages: fr('FLUENT') } },
      { name: 'NATIVE: 1', expected: 0.65, role: { languages: ['fr'] }, expert: { languages: fr('NATIVE') } },
      { name: 'another language only: 0', expected: 0.45, role: { languages: ['fr'] }, expert: { languages: [{ code: 'en', proficiency: 'NATIVE' }] } },
      {
        name: 'mean of two: NATIVE fr + WORKING ar = 2/3',
        expected: 0.5833,
        role: { languages: ['fr', 'ar'] },
        expert: { languages: [{ code: 'fr', proficiency: 'NATIVE' }, { code: 'ar', proficiency: 'WORKING' }] },
      },
      {
        name: 'mean of two: WORKING fr + WORKING ar = 1/3',
        expected: 0.5167,
        role: { languages: ['fr', 'ar'] },
        expert: { languages: [{ code: 'ar', proficiency: 'WORKING' }, { code: 'fr', proficiency: 'WORKING' }] },
      },
      {
        name: 'mean of three: NATIVE, FLUENT, none = 5/9',
        expected: 0.5611,
        role: { languages: ['fr', 'ar', 'pt'] },
        expert: { languages: [{ code: 'fr', proficiency: 'NATIVE' }, { code: 'ar', proficiency: 'FLUENT' }] },
      },
      { name: 'role names no language: 1 for everyone', expected: 0.65, expert: { languages: [] } },
    ])('$name → $expected', check);
  });

  describe('E: every minLevel and level (0.30 + 0.35·E)', () => {
    const rows: Row[] = [];
    const table: Record<number, number[]> = {
      // expected fitScore for levels 0..5
      1: [0.3, 0.37, 0.44, 0.51, 0.58, 0.65],
      2: [0.3, 0.3, 0.3875, 0.475, 0.5625, 0.65],
      3: [0.3, 0.3, 0.3, 0.4167, 0.5333, 0.65],
      4: [0.3, 0.3, 0.3, 0.3, 0.475, 0.65],
      5: [0.3, 0.3, 0.3, 0.3, 0.3, 0.65],
    };
    for (const [minLevel, byLevel] of Object.entries(table)) {
      byLevel.forEach((expected, level) =>
        rows.push({
          name: `minLevel ${minLevel}, level ${level}`,
          expected,
          role: { minLevel: Number(minLevel) },
          expert: { expertise: level === 0 ? [] : [{ area: 'X', level }] },
        }),
      );
    }
    it.each(rows)('$name → $expected', check);
    it.each<Row>([
      { name: 'the best of two levels in the area counts', expected: 0.5333, expert: { expertise: [{ area: 'X', level: 2 }, { area: 'X', level: 4 }] } },
      { name: 'a level in another area does not', expected: 0.3, expert: { expertise: [{ area: 'Y', level: 5 }] } },
    ])('$name → $expected', check);
  });

  describe('C and R: country and region experience', () => {
    it.each<Row>([
      { name: 'worked in the request country: C + R', expected: 0.9, expert: { countryExperience: ['GN'] } },
      { name: 'worked next door (SN, same subregion): R only', expected: 0.75, expert: { countryExperience: ['SN'] } },
      { name: 'worked in the country and next door: still C + R', expected: 0.9, expert: { countryExperience: ['SN', 'GN', 'ML'] } },
      { name: 'worked in another subregion: nothing', expected: 0.65, expert: { countryExperience: ['KE'] } },
      { name: 'request country without a known region: C only', expected: 0.8, request: { country: 'AQ' }, expert: { countryExperience: ['AQ'] } },
    ])('$name → $expected', check);
  });

  describe('S: standby team on short notice', () => {
    const standby = { tier: 'STANDBY_TEAM' as const };
    it.each<Row>([
      { name: 'starts exactly 72 h from now', expected: 0.75, request: { now: '2027-03-07T00:00:00.000Z' }, expert: standby },
      { name: 'starts 72 h and 1 ms from now', expected: 0.65, request: { now: '2027-03-06T23:59:59.999Z' }, expert: standby },
      { name: 'has already started', expected: 0.75, request: { now: '2027-03-12T10:00:00.000Z' }, expert: standby },
      { name: 'weeks away', expected: 0.65, expert: standby },
      { name: 'a ROSTER expert on short notice', expected: 0.65, request: { now: '2027-03-09T23:00:00.000Z' } },
    ])('$name → $expected', check);
  });

  describe('D: load of the start year', () => {
    it.each<Row>([
      { name: '30 of 120 days DEPLOYED', expected: 0.625, expert: { commitments: [done('2027-01-01', '2027-01-30')] } },
      { name: '30 of 120 days COMPLETED', expected: 0.625, expert: { commitments: [done('2027-01-01', '2027-01-30', 'COMPLETED')] } },
      { name: 'ACCEPTED days do not count', expected: 0.65, expert: { commitments: [done('2027-01-01', '2027-01-30', 'ACCEPTED')] } },
      { name: 'OFFERED days do not count', expected: 0.65, expert: { commitments: [done('2027-01-01', '2027-01-30', 'OFFERED')] } },
      {
        name: 'overlapping assignments count their days once (30)',
        expected: 0.625,
        expert: { commitments: [done('2027-01-01', '2027-01-20'), done('2027-01-11', '2027-01-30', 'COMPLETED')] },
      },
      { name: 'days of the previous year do not count', expected: 0.65, expert: { commitments: [done('2026-12-01', '2026-12-31')] } },
      { name: 'an assignment across new year counts its 10 days in 2027', expected: 0.6417, expert: { commitments: [done('2026-12-22', '2027-01-10')] } },
      { name: 'an assignment on this very request does not count', expected: 0.65, expert: { commitments: [done('2027-01-01', '2027-01-30', 'DEPLOYED', 'req')] } },
      { name: 'more days than the cap: D capped at 1', expected: 0.55, expert: { maxDeploymentDaysPerYear: 20, commitments: [done('2027-01-01', '2027-01-30')] } },
      { name: 'cap 0 and no days: D = 0', expected: 0.65, expert: { maxDeploymentDaysPerYear: 0 } },
      { name: 'cap 0 and one day: divided by at least 1, D = 1', expected: 0.55, expert: { maxDeploymentDaysPerYear: 0, commitments: [done('2027-01-05', '2027-01-05')] } },
      { name: 'a start year other than now: the start year counts', expected: 0.625, request: { now: '2026-11-01T00:00:00.000Z' }, expert: { commitments: [done('2027-01-01', '2027-01-30')] } },
    ])('$name → $expected', check);
  });

  describe('A: appraisals', () => {
    const rated = (count: number, sum: number) => ({ appraisals: { count, sum } });
    it.each<Row>([
      { name: 'never appraised: A = 0', expected: 0.65, expert: {} },
      { name: 'zero appraisals recorded: A = 0', expected: 0.65, expert: rated(0, 0) },
      { name: 'one 5: A = 1/3', expected: 0.6667, expert: rated(1, 5) },
      { name: 'four 5s: A = 2/3', expected: 0.6833, expert: rated(4, 20) },
      { name: 'four 1s: A = −2/3', expected: 0.6167, expert: rated(4, 4) },
      { name: 'one 1: A = −1/3', expected: 0.6333, expert: rated(1, 1) },
      { name: 'mean 3: A = 0', expected: 0.65, expert: rated(2, 6) },
      { name: 'three summing 12: A = 0.3', expected: 0.665, expert: rated(3, 12) },
    ])('$name → $expected', check);
  });

  describe('clamp01 and round4 (halves up)', () => {
    const perfect = { tier: 'STANDBY_TEAM' as const, countryExperience: ['GN'] };
    const soon = { now: '2027-03-09T00:00:00.000Z' };
    it.each<Row>([
      { name: 'a perfect expert: exactly 1', expected: 1, request: soon, expert: perfect },
      { name: 'a perfect expert rated 5: clamped to 1', expected: 1, request: soon, expert: { ...perfect, appraisals: { count: 1, sum: 5 } } },
      { name: 'a perfect expert rated 1: 1 − 0.05/3', expected: 0.9833, request: soon, expert: { ...perfect, appraisals: { count: 1, sum: 1 } } },
      { name: 'nothing at all: 0.10 (load only)', expected: 0.1, role: { languages: ['fr'] }, expert: { expertise: [] } },
      { name: 'nothing, busy and poorly rated: clamped to 0', expected: 0, role: { languages: ['fr'] }, expert: { expertise: [], maxDeploymentDaysPerYear: 1, commitments: [done('2027-01-01', '2027-01-02')], appraisals: { count: 4, sum: 4 } } },
      { name: '0.64375 (D = 1/16) rounds up to 0.6438', expected: 0.6438, expert: { maxDeploymentDaysPerYear: 16, commitments: [done('2027-01-05', '2027-01-05')] } },
      { name: '0.65625 (A = 1/8) rounds up to 0.6563', expected: 0.6563, expert: { appraisals: { count: 2, sum: 7 } } },
      {
        // found by the oracle: the float sum of these terms is 0.848749999…, which rounded down
        name: '0.84875 (E = 4/5, C + R, A = 3/8) rounds up to 0.8488',
        expected: 0.8488,
        role: { minLevel: 1 },
        expert: { expertise: [{ area: 'X', level: 4 }], countryExperience: ['GN'], appraisals: { count: 2, sum: 9 } },
      },
    ])('$name → $expected', check);
  });

  describe("docs/api.md's two worked examples", () => {
    it.each<Row>([
      {
        name: 'level 5 of 3, native fr, worked in SN',
        expected: 0.75,
        request: { mode: 'IN_PERSON' },
        role: { languages: ['fr'] },
        expert: { languages: fr('NATIVE'), countryExperience: ['SN'] },
      },
      {
        name: 'level 4 of 2, worked in GN, 30 of 120 days deployed',
        expected: 0.7875,
        role: { minLevel: 2 },
        expert: { expertise: [{ area: 'X', level: 4 }], countryExperience: ['GN'], commitments: [done('2027-01-01', '2027-01-30')] },
      },
    ])('$name → $expected', check);
  });
});
