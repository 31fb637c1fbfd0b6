/**
 * Deterministic synthetic rosters and deployment requests for the matching benchmark and the
 * solver cross-check tests. A seeded PRNG (mulberry32) makes every run see the same experts, so
 * timings are comparable across machines and commits. The shapes aim at realism rather than
 * worst cases: ~45% women, expertise levels skewed low, a minority of experts with marked
 * unavailability, live or past commitments, missing clearances or a busy year.
 */
import type {
  DeploymentMode,
  ExpertCommitment,
  Gender,
  MatchExpert,
  MatchRequest,
  MatchRole,
  Proficiency,
} from '../../server/domain/matching/index.js';
import { dayNumber, formatDay } from '../../server/domain/dates.js';
import { mulberry32 } from '../../seed/random.js';

export { mulberry32 };

export type Rng = () => number;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** Weighted choice: `weights[i]` is the relative weight of `xs[i]`. */
export function weighted<T>(rng: Rng, xs: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng() * total;
  for (let i = 0; i < xs.length; i++) {
    x -= weights[i]!;
    if (x < 0) return xs[i]!;
  }
  return xs[xs.length - 1]!;
}

import { AREAS } from '../../seed/types.js';

export { AREAS };

/** A slice of the UN M49 subregions, enough for regional experience to matter. */
export const REGIONS: Readonly<Record<string, string>> = Object.freeze({
  GN: 'Western Africa', ML: 'Western Africa', NG: 'Western Africa', SN: 'Western Africa', CI: 'Western Africa',
  SL: 'Western Africa', LR: 'Western Africa', BF: 'Western Africa', NE: 'Western Africa', GH: 'Western Africa',
  KE: 'Eastern Africa', ET: 'Eastern Africa', SO: 'Eastern Africa', SS: 'Eastern Africa', UG: 'Eastern Africa',
  CD: 'Middle Africa', CF: 'Middle Africa', CM: 'Middle Africa', TD: 'Middle Africa',
  LY: 'Northern Africa', SD: 'Northern Africa', EG: 'Northern Africa', MA: 'Northern Africa', TN: 'Northern Africa',
  YE: 'Western Asia', SY: 'Western Asia', IQ: 'Western Asia', LB: 'Western Asia', GE: 'Western Asia', AM: 'Western Asia',
  AF: 'Southern Asia', LK: 'Southern Asia', NP: 'Southern Asia', PK: 'Southern Asia',
  MM: 'South-eastern Asia', PH: 'South-eastern Asia', TH: 'South-eastern Asia',
  CO: 'South America', VE: 'South America', BR: 'South America',
  GT: 'Central America', HN: 'Central America', SV: 'Central America',
  UA: 'Eastern Europe', MD: 'Eastern Europe',
  NO: 'Northern Europe', SE: 'Northern Europe', GB: 'Northern Europe', IE: 'Northern Europe',
  CH: 'Western Europe', DE: 'Western Europe', FR: 'Western Europe', NL: 'Western Europe',
});
export const regionOf = (country: string): string | undefined => REGIONS[country];

const FIELD_COUNTRIES = Object.keys(REGIONS).filter((c) => !/^(NO|SE|GB|IE|CH|DE|FR|NL)$/.test(c));
const NATIONALITIES = Object.keys(REGIONS);
const LANGUAGES = ['en', 'fr', 'ar', 'es', 'ru', 'pt', 'sw'] as const;
const LANGUAGE_SHARE = [0.9, 0.45, 0.2, 0.2, 0.1, 0.08, 0.06];
const PROFICIENCIES: Proficiency[] = ['BASIC', 'WORKING', 'FLUENT', 'NATIVE'];
const FIRST = ['Amina', 'Jean', 'Leila', 'Omar', 'Sofia', 'Pierre', 'Fatou', 'Ivan', 'Maria', 'Kwame', 'Ana', 'Lars', 'Nadia', 'Tomas', 'Aisha', 'Élodie'];
const LAST = ['Diallo', 'Martin', 'Haddad', 'Okafor', 'García', 'Nielsen', 'Kovač', 'Traoré', 'Silva', 'Mensah', 'Rossi', 'Andersson', 'Nguyen', 'Öztürk'];

function day(base: number, offset: number): string {
  return formatDay(base + offset);
}

/** Epoch day of 2026-01-01, the generated calendars centre on 2026. */
export const BASE_DAY = dayNumber('2026-01-01');

export function generateExpert(rng: Rng, id: string): MatchExpert {
  const gender: Gender = weighted(rng, ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED'] as Gender[], [45, 50, 2, 3]);
  const areas = new Set<string>();
  const nAreas = weighted(rng, [1, 2, 3], [45, 40, 15]);
  while (areas.size < nAreas) areas.add(pick(rng, AREAS));
  const expertise = [...areas].map((area) => ({ area, level: weighted(rng, [1, 2, 3, 4, 5], [20, 30, 27, 15, 8]) }));
  const languages: MatchExpert['languages'] = [];
  LANGUAGES.forEach((code, i) => {
    if (rng() < LANGUAGE_SHARE[i]!) languages.push({ code, proficiency: weighted(rng, PROFICIENCIES, [15, 35, 35, 15]) });
  });
  const countryExperience = new Set<string>();
  const nCountries = weighted(rng, [0, 1, 2, 3, 5], [20, 30, 25, 15, 10]);
  while (countryExperience.size < nCountries) countryExperience.add(pick(rng, FIELD_COUNTRIES));
  const clearance = (): string | null => (rng() < 0.1 ? null : day(BASE_DAY, int(rng, -60, 900)));
  const unavailable = [];
  for (let k = weighted(rng, [0, 1, 2, 3], [65, 20, 10, 5]); k > 0; k--) {
    const s = int(rng, -30, 400);
    unavailable.push({ startDate: day(BASE_DAY, s), endDate: day(BASE_DAY, s + int(rng, 0, 20)) });
  }
  const commitments: ExpertCommitment[] = [];
  for (let k = weighted(rng, [0, 1, 2, 4], [55, 25, 12, 8]); k > 0; k--) {
    const s = int(rng, -200, 400);
    const past = s < 0;
    commitments.push({
      requestId: `other-${int(rng, 1, 5000)}`,
      startDate: day(BASE_DAY, s),
      endDate: day(BASE_DAY, s + int(rng, 3, 45)),
      mode: weighted(rng, ['IN_PERSON', 'REMOTE', 'HYBRID'] as DeploymentMode[], [55, 30, 15]),
      status: past ? weighted(rng, ['COMPLETED', 'DEPLOYED'] as const, [85, 15]) : weighted(rng, ['OFFERED', 'ACCEPTED', 'DEPLOYED'] as const, [30, 60, 10]),
    });
  }
  return {
    id,
    fullName: `${pick(rng, FIRST)} ${pick(rng, LAST)}`,
    tier: rng() < 0.15 ? 'STANDBY_TEAM' : 'ROSTER',
    gender,
    nationalities: rng() < 0.1 ? [pick(rng, NATIONALITIES), pick(rng, NATIONALITIES)] : [pick(rng, NATIONALITIES)],
    countryExperience: [...countryExperience],
    securityTrainingValidUntil: clearance(),
    medicalClearanceValidUntil: clearance(),
    maxDeploymentDaysPerYear: weighted(rng, [60, 90, 120, 180], [20, 35, 30, 15]),
    languages,
    expertise,
    unavailable,
    commitments,
  };
}

export function generateRoster(size: number, seed: number): MatchExpert[] {
  const rng = mulberry32(seed);
  const experts: MatchExpert[] = [];
  for (let i = 0; i < size; i++) experts.push(generateExpert(rng, `e${String(i).padStart(6, '0')}`));
  return experts;
}

/** A request with `seats` seats split into 1..min(seats, 4) roles. */
export function generateRequest(rng: Rng, id: string, seats: number): MatchRequest {
  const nRoles = int(rng, 1, Math.min(seats, 4));
  const counts = new Array<number>(nRoles).fill(1);
  for (let s = nRoles; s < seats; s++) counts[int(rng, 0, nRoles - 1)]!++;
  const roles: MatchRole[] = counts.map((count, r) => ({
    id: `${id}-r${r}`,
    expertise: pick(rng, AREAS),
    minLevel: weighted(rng, [1, 2, 3, 4], [15, 35, 35, 15]),
    languages: weighted(rng, [[], ['en'], ['fr'], ['en', 'fr'], ['ar']], [30, 35, 15, 12, 8]),
    count,
    held: [],
  }));
  const start = int(rng, 20, 300);
  return {
    id,
    country: pick(rng, FIELD_COUNTRIES),
    mode: weighted(rng, ['IN_PERSON', 'REMOTE', 'HYBRID'] as DeploymentMode[], [50, 30, 20]),
    startDate: day(BASE_DAY, start),
    endDate: day(BASE_DAY, start + int(rng, 2, 30)),
    minWomen: Math.min(seats, weighted(rng, [0, 1, 2, 3], [25, 35, 25, 15])),
    roles,
    now: `${formatDay(BASE_DAY + start - (rng() < 0.3 ? 2 : 30))}T00:00:00.000Z`,
  };
}
