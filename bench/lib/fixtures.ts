/**
 * Hand-made fixtures for the matching tests: one request, one role and one expert who is exactly
 * eligible, each overridable field by field, so a test changes the single fact it is about. Kept
 * here (beside the generated rosters) because the test folder only takes `*.test.ts` files.
 */
import type { MatchExpert, MatchRequest, MatchRole } from '../../server/domain/matching/index.js';

export function makeRole(overrides: Partial<MatchRole> = {}): MatchRole {
  return {
    id: 'r1',
    expertise: 'SECURITY_ARRANGEMENTS',
    minLevel: 3,
    languages: ['fr'],
    count: 1,
    held: [],
    ...overrides,
  };
}

/** 2026-03-10..2026-03-20 (11 days) in GN, in person, evaluated well before the start. */
export function makeRequest(overrides: Partial<MatchRequest> = {}): MatchRequest {
  return {
    id: 'req',
    country: 'GN',
    mode: 'IN_PERSON',
    startDate: '2026-03-10',
    endDate: '2026-03-20',
    minWomen: 0,
    roles: [makeRole()],
    now: '2026-01-15T09:00:00Z',
    ...overrides,
  };
}

export function makeExpert(overrides: Partial<MatchExpert> = {}): MatchExpert {
  return {
    id: 'e1',
    fullName: 'Ada Example',
    tier: 'ROSTER',
    gender: 'FEMALE',
    nationalities: ['FR'],
    countryExperience: [],
    securityTrainingValidUntil: '2027-01-01',
    medicalClearanceValidUntil: '2027-01-01',
    maxDeploymentDaysPerYear: 120,
    languages: [{ code: 'fr', proficiency: 'FLUENT' }],
    expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 4 }],
    unavailable: [],
    commitments: [],
    ...overrides,
  };
}

export const TEST_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  GN: 'Western Africa',
  SN: 'Western Africa',
  ML: 'Western Africa',
  KE: 'Eastern Africa',
  FR: 'Western Europe',
});
export const testRegionOf = (country: string): string | undefined => TEST_REGIONS[country];
