/**
 * The inputs of the year simulation from the demo seed: the roster (`generateRoster`, as the
 * engine sees it: skills, clearances, caps and marked leave) and the world the request stream is
 * drawn from (the seed's field countries, their languages and how often each area is asked for).
 * Shared by `npm run simulate` and its small version in the test suite.
 */
import { generateRoster, DEFAULT_SEED } from '../../seed/demo.js';
import { REQUEST_AREA_WEIGHT } from '../../seed/requests.js';
import { FIELD_COUNTRIES, homeLanguages } from '../../seed/world.js';
import type { MatchExpert } from '../../server/domain/matching/index.js';
import type { StreamWorld } from '../../server/domain/simulation/index.js';

/** The first day of the simulated year: fixed, so that a seed gives the same year on any day. */
export const YEAR_START = '2027-01-04';

export const DEMO_WORLD: StreamWorld = {
  countries: FIELD_COUNTRIES,
  areas: Object.entries(REQUEST_AREA_WEIGHT),
  localLanguage: (country) => homeLanguages(country).first,
};

/** The demo roster of `experts` experts (seed 730, as `npm start` loads it), leave placed around the year's start. */
export function demoExperts(experts: number, today = YEAR_START): MatchExpert[] {
  const roster = generateRoster({ experts, requests: 0, seed: DEFAULT_SEED, today });
  const byId = new Map<string, MatchExpert>();
  for (const e of roster.experts) {
    byId.set(e.id, {
      id: e.id,
      fullName: e.fullName,
      tier: e.tier,
      gender: e.gender,
      nationalities: e.nationalities ?? [],
      countryExperience: e.countryExperience ?? [],
      securityTrainingValidUntil: e.securityTrainingValidUntil ?? null,
      medicalClearanceValidUntil: e.medicalClearanceValidUntil ?? null,
      maxDeploymentDaysPerYear: e.maxDeploymentDaysPerYear,
      languages: [],
      expertise: [],
      unavailable: [],
      commitments: [],
    });
  }
  for (const l of roster.expertLanguages) byId.get(l.expertId)!.languages.push({ code: l.code, proficiency: l.proficiency });
  for (const x of roster.expertExpertise) byId.get(x.expertId)!.expertise.push({ area: x.areaCode, level: x.level });
  for (const p of roster.availabilityPeriods) {
    if (p.status === 'UNAVAILABLE') byId.get(p.expertId)!.unavailable.push({ startDate: p.startDate, endDate: p.endDate });
  }
  return [...byId.values()];
}
