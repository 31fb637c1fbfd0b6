// The words of fitScore (docs/api.md, "fitScore": `reasons` in this order: level, one phrase per
// language, country, region, standby, deployed days, appraisals) and the formula's one-line
// statement that the schema describes `fitScore` with.
import { describe, expect, it } from 'vitest';
import { FIT_FORMULA, fitScore, type MatchExpert, type MatchRequest, type MatchRole } from '../../server/domain/matching/index.js';

const REGIONS: Record<string, string> = { GN: 'Western Africa', SN: 'Western Africa', KE: 'Eastern Africa' };
const regionOf = (c: string) => REGIONS[c];
const request: MatchRequest = { id: 'req', country: 'GN', mode: 'REMOTE', startDate: '2027-03-10', endDate: '2027-03-19', minWomen: 0, roles: [], now: '2027-01-01T00:00:00.000Z' };
const role: MatchRole = { id: 'r', expertise: 'ELECTORAL_DISPUTES', minLevel: 3, languages: [], count: 1, held: [] };
const expert: MatchExpert = {
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
  expertise: [{ area: 'ELECTORAL_DISPUTES', level: 5 }],
  unavailable: [],
  commitments: [],
};
const deployed = (startDate: string, endDate: string) => ({ requestId: 'x', startDate, endDate, mode: 'IN_PERSON' as const, status: 'COMPLETED' as const });

describe('fitScore reasons', () => {
  it.each<[string, Partial<MatchRequest>, Partial<MatchRole>, Partial<MatchExpert>, string[]]>([
    ['the level alone', {}, {}, {}, ['level 5 in ELECTORAL_DISPUTES (needs 3)']],
    ['no expertise', {}, {}, { expertise: [] }, ['no ELECTORAL_DISPUTES expertise (needs 3)']],
    ['a level in another area only', {}, {}, { expertise: [{ area: 'PROCESS_DESIGN', level: 4 }] }, ['no ELECTORAL_DISPUTES expertise (needs 3)']],
    [
      'every proficiency word, in the role order',
      {},
      { languages: ['fr', 'ar', 'pt', 'en', 'es'] },
      {
        languages: [
          { code: 'es', proficiency: 'BASIC' },
          { code: 'en', proficiency: 'FLUENT' },
          { code: 'ar', proficiency: 'WORKING' },
          { code: 'fr', proficiency: 'NATIVE' },
        ],
      },
      ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'native fr', 'working ar', 'no pt', 'fluent en', 'basic es'],
    ],
    ['country (with its region, unnamed)', {}, {}, { countryExperience: ['GN'] }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'worked in GN']],
    ['region from another country', {}, {}, { countryExperience: ['KE', 'SN'] }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'worked in Western Africa']],
    ['country and another country of the region', {}, {}, { countryExperience: ['SN', 'GN'] }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'worked in GN', 'worked in Western Africa']],
    ['another region only', {}, {}, { countryExperience: ['KE'] }, ['level 5 in ELECTORAL_DISPUTES (needs 3)']],
    ['standby on short notice', { now: '2027-03-08T00:00:00.000Z' }, {}, { tier: 'STANDBY_TEAM' }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'standby team, short notice']],
    ['standby, not short notice', {}, {}, { tier: 'STANDBY_TEAM' }, ['level 5 in ELECTORAL_DISPUTES (needs 3)']],
    ['deployed days in a start year other than now', { now: '2026-12-01T00:00:00.000Z' }, {}, { commitments: [deployed('2027-01-01', '2027-01-30')] }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', '30 deployed days in 2027']],
    [
      'deployed days this year',
      { now: '2027-02-01T00:00:00.000Z' },
      {},
      { commitments: [deployed('2027-01-01', '2027-01-30')] },
      ['level 5 in ELECTORAL_DISPUTES (needs 3)', '30 deployed days this year'],
    ],
    ['one appraisal', {}, {}, { appraisals: { count: 1, sum: 4 } }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'rated 4.0 on average by 1 appraisal']],
    ['several appraisals', {}, {}, { appraisals: { count: 3, sum: 14 } }, ['level 5 in ELECTORAL_DISPUTES (needs 3)', 'rated 4.7 on average by 3 appraisals']],
    ['zero appraisals recorded', {}, {}, { appraisals: { count: 0, sum: 0 } }, ['level 5 in ELECTORAL_DISPUTES (needs 3)']],
    [
      'everything, in the documented order',
      { now: '2027-02-01T00:00:00.000Z', startDate: '2027-02-02', endDate: '2027-02-05' },
      { languages: ['fr'] },
      {
        tier: 'STANDBY_TEAM',
        languages: [{ code: 'fr', proficiency: 'FLUENT' }],
        countryExperience: ['GN', 'SN'],
        commitments: [deployed('2027-01-05', '2027-01-06')],
        appraisals: { count: 2, sum: 9 },
      },
      [
        'level 5 in ELECTORAL_DISPUTES (needs 3)',
        'fluent fr',
        'worked in GN',
        'worked in Western Africa',
        'standby team, short notice',
        '2 deployed days this year',
        'rated 4.5 on average by 2 appraisals',
      ],
    ],
  ])('%s', (_name, req, r, e, reasons) => {
    expect(fitScore({ ...request, ...req }, { ...role, ...r }, { ...expert, ...e }, { regionOf }).reasons).toEqual(reasons);
  });
});

describe('the formula as the schema states it', () => {
  it('is the documented formula with the served weights', () => {
    expect(FIT_FORMULA).toBe(
      'fitScore = round4(clamp01(0.35·expertise + 0.2·language + 0.15·worked in country + 0.1·worked in region + ' +
        '0.1·standby team on short notice (≤72 h) + 0.1·(1 − min(1, deployed days this year / annual cap)) + 0.05·appraisal)), ' +
        'round4 rounding to 4 decimals (halves up) and clamp01 bounding to 0–1; expertise = (level − minLevel + 1)/(6 − minLevel), ' +
        '0 below minLevel; language = mean over role languages of WORKING 1/3, FLUENT 2/3, NATIVE 1 (1 when the role needs none); ' +
        'appraisal = 0 without appraisals, else (m − 3)/2 with m = (sum of ratings + 2·3)/(number of appraisals + 2) ' +
        '(no penalty for an expert never appraised)',
    );
  });
});
