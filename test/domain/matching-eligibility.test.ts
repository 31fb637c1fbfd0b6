// Eligibility rules of docs/api.md "Proposals", one reason at a time, with their day boundaries.
import { describe, expect, it } from 'vitest';
import { evaluateEligibility, type ExpertCommitment, type MatchExpert, type MatchRequest } from '../../server/domain/matching/index.js';
import { makeExpert, makeRequest, makeRole } from '../../bench/lib/fixtures.js';

const reasons = (expert: MatchExpert, request: MatchRequest = makeRequest(), role = makeRole()) =>
  evaluateEligibility(request, role, expert).reasons;

const commitment = (startDate: string, endDate: string, extra: Partial<ExpertCommitment> = {}): ExpertCommitment => ({
  requestId: 'other',
  startDate,
  endDate,
  mode: 'IN_PERSON',
  status: 'ACCEPTED',
  ...extra,
});

describe('evaluateEligibility', () => {
  it('accepts the base expert', () => {
    expect(evaluateEligibility(makeRequest(), makeRole(), makeExpert())).toEqual({ eligible: true, reasons: [] });
  });

  it('EXPERTISE_MISSING below minLevel or in another area; exactly minLevel is fine', () => {
    expect(reasons(makeExpert({ expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 2 }] }))).toEqual(['EXPERTISE_MISSING']);
    expect(reasons(makeExpert({ expertise: [{ area: 'POWER_SHARING', level: 5 }] }))).toEqual(['EXPERTISE_MISSING']);
    expect(reasons(makeExpert({ expertise: [] }))).toEqual(['EXPERTISE_MISSING']);
    expect(reasons(makeExpert({ expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 3 }] }))).toEqual([]);
  });

  it('LANGUAGE_MISSING below WORKING; the best listed proficiency counts', () => {
    expect(reasons(makeExpert({ languages: [{ code: 'fr', proficiency: 'BASIC' }] }))).toEqual(['LANGUAGE_MISSING']);
    expect(reasons(makeExpert({ languages: [{ code: 'en', proficiency: 'NATIVE' }] }))).toEqual(['LANGUAGE_MISSING']);
    expect(reasons(makeExpert({ languages: [{ code: 'fr', proficiency: 'WORKING' }] }))).toEqual([]);
    expect(
      reasons(makeExpert({ languages: [{ code: 'fr', proficiency: 'BASIC' }, { code: 'fr', proficiency: 'NATIVE' }] })),
    ).toEqual([]);
    const twoLanguages = makeRole({ languages: ['fr', 'en'] });
    expect(reasons(makeExpert(), makeRequest(), twoLanguages)).toEqual(['LANGUAGE_MISSING']);
    expect(reasons(makeExpert({ languages: [] }), makeRequest(), makeRole({ languages: [] }))).toEqual([]);
  });

  it('UNAVAILABLE when any request day is marked, including the first and last day', () => {
    const un = (startDate: string, endDate: string) => reasons(makeExpert({ unavailable: [{ startDate, endDate }] }));
    expect(un('2026-03-01', '2026-03-10')).toEqual(['UNAVAILABLE']);
    expect(un('2026-03-20', '2026-04-01')).toEqual(['UNAVAILABLE']);
    expect(un('2026-03-12', '2026-03-12')).toEqual(['UNAVAILABLE']);
    expect(un('2026-01-01', '2026-12-31')).toEqual(['UNAVAILABLE']);
    expect(un('2026-03-01', '2026-03-09')).toEqual([]);
    expect(un('2026-03-21', '2026-03-30')).toEqual([]);
  });

  it('ALREADY_ASSIGNED for live commitments overlapping the request, not for completed or this request', () => {
    for (const status of ['OFFERED', 'ACCEPTED', 'DEPLOYED'] as const) {
      expect(reasons(makeExpert({ commitments: [commitment('2026-03-20', '2026-03-25', { status, mode: 'REMOTE' })] }))).toEqual([
        'ALREADY_ASSIGNED',
      ]);
    }
    expect(reasons(makeExpert({ commitments: [commitment('2026-03-15', '2026-03-16', { status: 'COMPLETED' })] }))).toEqual([]);
    expect(reasons(makeExpert({ commitments: [commitment('2026-03-10', '2026-03-20', { requestId: 'req' })] }))).toEqual([]);
  });

  it('NATIONALITY_CONFLICT when any nationality is the request country', () => {
    expect(reasons(makeExpert({ nationalities: ['FR', 'GN'] }))).toEqual(['NATIONALITY_CONFLICT']);
    expect(reasons(makeExpert({ nationalities: ['SN'] }))).toEqual([]);
  });

  it('CLEARANCE_EXPIRED in person/hybrid: ending on endDate is fine, the day before or missing is not', () => {
    expect(reasons(makeExpert({ securityTrainingValidUntil: '2026-03-20', medicalClearanceValidUntil: '2026-03-20' }))).toEqual([]);
    expect(reasons(makeExpert({ securityTrainingValidUntil: '2026-03-19' }))).toEqual(['CLEARANCE_EXPIRED']);
    expect(reasons(makeExpert({ medicalClearanceValidUntil: '2026-03-19' }))).toEqual(['CLEARANCE_EXPIRED']);
    expect(reasons(makeExpert({ securityTrainingValidUntil: null }))).toEqual(['CLEARANCE_EXPIRED']);
    expect(reasons(makeExpert({ medicalClearanceValidUntil: null }), makeRequest({ mode: 'HYBRID' }))).toEqual(['CLEARANCE_EXPIRED']);
    expect(reasons(makeExpert({ securityTrainingValidUntil: null, medicalClearanceValidUntil: null }), makeRequest({ mode: 'REMOTE' }))).toEqual([]);
  });

  it('DAY_CAP_EXCEEDED: committed days of the year plus request days above the cap; exactly the cap is fine', () => {
    // The request has 11 days.
    expect(reasons(makeExpert({ maxDeploymentDaysPerYear: 11 }))).toEqual([]);
    expect(reasons(makeExpert({ maxDeploymentDaysPerYear: 10 }))).toEqual(['DAY_CAP_EXCEEDED']);
    // 20 completed days in 2026 + 11 = 31; a 2025 commitment and an overlapping duplicate do not add.
    const commitments = [
      commitment('2026-01-01', '2026-01-20', { status: 'COMPLETED' }),
      commitment('2026-01-05', '2026-01-10', { status: 'COMPLETED' }),
      commitment('2025-06-01', '2025-12-31', { status: 'COMPLETED' }),
      commitment('2025-06-01', '2025-06-02', { status: 'OFFERED', mode: 'REMOTE' }),
    ];
    expect(reasons(makeExpert({ commitments, maxDeploymentDaysPerYear: 31 }))).toEqual([]);
    expect(reasons(makeExpert({ commitments, maxDeploymentDaysPerYear: 30 }))).toEqual(['DAY_CAP_EXCEEDED']);
    // A commitment straddling new year counts only its 2026 days (10 of them).
    const straddle = [commitment('2025-12-20', '2026-01-10', { status: 'DEPLOYED', mode: 'REMOTE' })];
    expect(reasons(makeExpert({ commitments: straddle, maxDeploymentDaysPerYear: 21 }))).toEqual([]);
    expect(reasons(makeExpert({ commitments: straddle, maxDeploymentDaysPerYear: 20 }))).toEqual(['DAY_CAP_EXCEEDED']);
  });

  it('DAY_CAP_EXCEEDED checks every calendar year a request touches', () => {
    // 7 days in 2026 and 5 in 2027.
    const request = makeRequest({ startDate: '2026-12-25', endDate: '2027-01-05', mode: 'REMOTE' });
    const in2027 = [commitment('2027-02-01', '2027-02-10', { status: 'OFFERED', mode: 'REMOTE' })];
    expect(reasons(makeExpert({ maxDeploymentDaysPerYear: 7 }), request)).toEqual([]);
    expect(reasons(makeExpert({ maxDeploymentDaysPerYear: 6 }), request)).toEqual(['DAY_CAP_EXCEEDED']);
    expect(reasons(makeExpert({ commitments: in2027, maxDeploymentDaysPerYear: 15 }), request)).toEqual([]);
    expect(reasons(makeExpert({ commitments: in2027, maxDeploymentDaysPerYear: 14 }), request)).toEqual(['DAY_CAP_EXCEEDED']);
  });

  it('REST_PERIOD: ending 7 days before or starting 7 days after is fine, 6 is not', () => {
    const rest = (c: ExpertCommitment, request = makeRequest()) => reasons(makeExpert({ commitments: [c] }), request);
    // Before 10 March: ending 3 March is 7 days before; ending 4 March is 6 days before.
    expect(rest(commitment('2026-02-20', '2026-03-03'))).toEqual([]);
    expect(rest(commitment('2026-02-20', '2026-03-04'))).toEqual(['REST_PERIOD']);
    expect(rest(commitment('2026-02-20', '2026-03-09', { mode: 'HYBRID' }))).toEqual(['REST_PERIOD']);
    // After 20 March: starting 27 March is 7 days after; starting 26 March is 6 days after.
    expect(rest(commitment('2026-03-27', '2026-04-05'))).toEqual([]);
    expect(rest(commitment('2026-03-26', '2026-04-05'))).toEqual(['REST_PERIOD']);
    // Only live in-person/hybrid commitments, only for in-person/hybrid requests.
    expect(rest(commitment('2026-03-26', '2026-04-05', { mode: 'REMOTE' }))).toEqual([]);
    expect(rest(commitment('2026-03-26', '2026-04-05', { status: 'COMPLETED' }))).toEqual([]);
    expect(rest(commitment('2026-03-26', '2026-04-05'), makeRequest({ mode: 'REMOTE' }))).toEqual([]);
    expect(rest(commitment('2026-03-26', '2026-04-05'), makeRequest({ mode: 'HYBRID' }))).toEqual(['REST_PERIOD']);
    // Overlapping is ALREADY_ASSIGNED only (documented decision).
    expect(rest(commitment('2026-03-15', '2026-03-25'))).toEqual(['ALREADY_ASSIGNED']);
  });

  it('CONFLICT_OF_INTEREST: a declared tie to the country, or to a named party in any case or accent', () => {
    const tied = (country: string | null, party: string | null, request = makeRequest({ parties: ['Front Populaire Ivoirien', 'CNDD'] })) =>
      reasons(makeExpert({ declaredInterests: [{ country, party }] }), request);
    expect(tied('GN', null)).toEqual(['CONFLICT_OF_INTEREST']);
    expect(tied('SN', null)).toEqual([]);
    expect(tied(null, 'front populaire ivoirien')).toEqual(['CONFLICT_OF_INTEREST']);
    expect(tied(null, 'FRONT  POPULAIRE  IVOIRIEN ')).toEqual(['CONFLICT_OF_INTEREST']);
    expect(tied(null, 'Cndd')).toEqual(['CONFLICT_OF_INTEREST']);
    expect(tied('SN', 'C.N.D.D.')).toEqual([]); // punctuation is not folded away: a different name
    expect(tied(null, 'Front Populaire')).toEqual([]); // equality, not a substring
    // Accents either way, composed or decomposed.
    const accented = makeRequest({ parties: ['Coordination des Mouvements de l’Azawad (Kidal)', 'Séléka'] });
    expect(tied(null, 'SELEKA', accented)).toEqual(['CONFLICT_OF_INTEREST']);
    expect(tied(null, 'Se\u0301le\u0301ka', accented)).toEqual(['CONFLICT_OF_INTEREST']);
    expect(tied(null, 'Séléka', makeRequest({ parties: ['seleka'] }))).toEqual(['CONFLICT_OF_INTEREST']);
    // No parties named: only the country can conflict.
    expect(tied(null, 'Séléka', makeRequest())).toEqual([]);
    // Several interests: one is enough; none is fine.
    const two = makeExpert({ declaredInterests: [{ country: 'KE', party: null }, { country: null, party: 'cndd' }] });
    expect(reasons(two, makeRequest({ parties: ['CNDD'] }))).toEqual(['CONFLICT_OF_INTEREST']);
    expect(reasons(makeExpert({ declaredInterests: [] }))).toEqual([]);
  });

  it('lists every reason that applies, in the order of the type', () => {
    const expert = makeExpert({
      expertise: [],
      languages: [],
      unavailable: [{ startDate: '2026-03-11', endDate: '2026-03-11' }],
      commitments: [commitment('2026-03-15', '2026-03-15'), commitment('2026-03-24', '2026-03-25')],
      nationalities: ['GN'],
      securityTrainingValidUntil: null,
      maxDeploymentDaysPerYear: 5,
      declaredInterests: [{ country: 'GN', party: null }],
    });
    expect(evaluateEligibility(makeRequest(), makeRole(), expert)).toEqual({
      eligible: false,
      reasons: [
        'EXPERTISE_MISSING',
        'LANGUAGE_MISSING',
        'UNAVAILABLE',
        'ALREADY_ASSIGNED',
        'NATIONALITY_CONFLICT',
        'CLEARANCE_EXPIRED',
        'DAY_CAP_EXCEEDED',
        'REST_PERIOD',
        'CONFLICT_OF_INTEREST',
      ],
    });
  });
});
