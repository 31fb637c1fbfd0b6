// The roster: standby-team members first, then roster experts, with nationalities spread over
// every UN subregion, names from each nationality's tradition, languages and gender shares
// filled to quota (so that a 248-expert demo lands on the intended mix, not near it), skewed
// expertise levels and non-overlapping leave calendars.
import { regionOf } from '../server/domain/codes.js';
import { searchKey } from '../server/domain/text.js';
import { emailLocalPart, NameSource } from './names.js';
import { formatDay } from '../server/domain/dates.js';
import { type Rng, seededUuid } from './random.js';
import {
  AREAS,
  type Area,
  type AvailabilityPeriodRow,
  type ExpertExpertiseRow,
  type ExpertLanguageRow,
  type ExpertRow,
  type Gender,
  type Profile,
  type Proficiency,
} from './types.js';
import { FIELD_COUNTRIES, HOME_ZONES, homeLanguages, NATIONALITY_REGIONS, nameTraditions, UN_MEMBERS } from './world.js';

/** Share of the roster speaking each language, and the subregions where it is more often learnt. */
const LANGUAGE_QUOTAS: readonly { code: string; share: number; affinity: readonly string[] }[] = [
  { code: 'fr', share: 0.4, affinity: ['Western Africa', 'Middle Africa', 'Northern Africa', 'Western Europe', 'Eastern Africa', 'Caribbean'] },
  { code: 'ar', share: 0.2, affinity: ['Northern Africa', 'Western Asia', 'Middle Africa', 'Eastern Africa', 'Western Africa'] },
  { code: 'es', share: 0.15, affinity: ['South America', 'Central America', 'North America', 'Southern Europe', 'Caribbean'] },
  { code: 'ru', share: 0.1, affinity: ['Eastern Europe', 'Central Asia', 'Western Asia', 'Southeast Europe', 'Central Europe'] },
  { code: 'pt', share: 0.06, affinity: ['South America', 'Southern Europe', 'Middle Africa', 'Eastern Africa', 'Western Africa'] },
  { code: 'sw', share: 0.04, affinity: ['Eastern Africa', 'Middle Africa'] },
  { code: 'zh', share: 0.03, affinity: ['Eastern Asia', 'South-Eastern Asia'] },
];

const AREA_WEIGHT: Readonly<Record<Area, number>> = {
  PROCESS_DESIGN: 1.4, CONSTITUTION_MAKING: 0.8, POWER_SHARING: 0.8, SECURITY_ARRANGEMENTS: 1.0, NATURAL_RESOURCES: 0.9,
  GENDER_INCLUSION: 1.0, TRANSITIONAL_JUSTICE: 0.8, ELECTORAL_DISPUTES: 0.8, CONFLICT_ANALYSIS: 1.4, DIALOGUE_FACILITATION: 1.4,
};
/** The standby team's areas (domain.md), one lead area per member in turn. */
const STANDBY_LEADS: readonly Area[] = [
  'PROCESS_DESIGN', 'GENDER_INCLUSION', 'CONSTITUTION_MAKING', 'SECURITY_ARRANGEMENTS',
  'TRANSITIONAL_JUSTICE', 'POWER_SHARING', 'NATURAL_RESOURCES', 'ELECTORAL_DISPUTES',
];
const DIASPORA = ['FR', 'GB', 'US', 'CA', 'CH', 'BE', 'SE', 'NL', 'DE', 'NO', 'PT', 'ES', 'IT', 'AU'];
const HUBS = ['Europe/Zurich', 'America/New_York', 'Africa/Nairobi', 'Africa/Addis_Ababa', 'Europe/Brussels', 'Africa/Dakar'];

const MARKS: readonly (readonly [{ status: 'UNAVAILABLE' | 'TENTATIVE'; note: string | null; min: number; max: number }, number])[] = [
  [{ status: 'UNAVAILABLE', note: 'Annual leave', min: 7, max: 21 }, 5],
  [{ status: 'UNAVAILABLE', note: 'Family commitment', min: 3, max: 10 }, 1.5],
  [{ status: 'UNAVAILABLE', note: 'Consultancy with another organisation', min: 14, max: 60 }, 1.5],
  [{ status: 'UNAVAILABLE', note: 'Medical leave', min: 2, max: 14 }, 0.5],
  [{ status: 'UNAVAILABLE', note: null, min: 2, max: 10 }, 0.5],
  [{ status: 'TENTATIVE', note: 'Teaching commitment; could be moved', min: 3, max: 10 }, 2],
  [{ status: 'TENTATIVE', note: 'Conference; could reschedule', min: 2, max: 5 }, 1.5],
  [{ status: 'TENTATIVE', note: 'Mediation training course', min: 5, max: 12 }, 1],
  [{ status: 'TENTATIVE', note: null, min: 2, max: 7 }, 0.5],
];

export interface GeneratedExperts {
  profiles: Profile[];
  experts: ExpertRow[];
  expertLanguages: ExpertLanguageRow[];
  expertExpertise: ExpertExpertiseRow[];
  availabilityPeriods: AvailabilityPeriodRow[];
}

export function standbyTeamSize(experts: number): number {
  return Math.min(experts, Math.max(8, Math.round(experts * 0.03)));
}

export function generateExperts(rng: Rng, seed: number, count: number, today: number): GeneratedExperts {
  const standby = standbyTeamSize(count);
  const genders = genderQuota(rng, count, standby);
  const nationalities = drawNationalities(rng, count, standby);
  const languages = drawLanguages(rng, nationalities, standby);
  const names = new NameSource(rng);
  const result: GeneratedExperts = { profiles: [], experts: [], expertLanguages: [], expertExpertise: [], availabilityPeriods: [] };

  for (let i = 0; i < count; i++) {
    const id = seededUuid(seed, 'expert', i);
    const isStandby = i < standby;
    const gender = genders[i]!;
    const countries = nationalities[i]!;
    const home = countries[0]!;
    const sex = gender === 'FEMALE' ? 'female' : gender === 'MALE' ? 'male' : rng.chance(0.5) ? 'female' : 'male';
    const name = names.name(home, nameTraditions(home), sex);
    const expertise = drawExpertise(rng, isStandby, gender, i);
    const validity = () => (isStandby || rng.chance(0.86) ? today + rng.int(isStandby ? 150 : 60, 730) : rng.chance(0.6) ? today - rng.int(1, 400) : null);
    const securityUntil = validity();
    const medicalUntil = validity();
    const maxDays = isStandby ? rng.weighted([[200, 3], [210, 1], [220, 1]]) : 120 + 10 * rng.int(0, 8);
    const periods = drawCalendar(rng, today);

    result.experts.push({
      id,
      fullName: name.full,
      nameKey: searchKey(name.full),
      email: `${emailLocalPart(name.given, name.family)}.${i + 1}@example.org`,
      tier: isStandby ? 'STANDBY_TEAM' : 'ROSTER',
      gender,
      nationalities: countries,
      homeTimeZone: homeZone(rng, countries),
      countryExperience: drawExperience(rng, countries, isStandby),
      securityTrainingValidUntil: securityUntil === null ? null : formatDay(securityUntil),
      medicalClearanceValidUntil: medicalUntil === null ? null : formatDay(medicalUntil),
      maxDeploymentDaysPerYear: maxDays,
    });
    for (const [code, proficiency] of languages[i]!) result.expertLanguages.push({ expertId: id, code, proficiency });
    for (const [areaCode, level] of expertise) result.expertExpertise.push({ expertId: id, areaCode, level });
    for (const p of periods) {
      result.availabilityPeriods.push({
        id: seededUuid(seed, 'period', result.availabilityPeriods.length),
        expertId: id,
        startDate: formatDay(p.start),
        endDate: formatDay(p.end),
        status: p.status,
        note: p.note,
      });
    }
    result.profiles.push({
      id,
      gender,
      standby: isStandby,
      nationalities: countries,
      languages: languages[i]!,
      expertise,
      securityUntil,
      medicalUntil,
      maxDays,
      unavailable: periods.filter((p) => p.status === 'UNAVAILABLE').map((p) => [p.start, p.end]),
    });
  }
  return result;
}

/** ~45% women (half the standby team), a few OTHER and UNDISCLOSED, shuffled over the roster. */
function genderQuota(rng: Rng, count: number, standby: number): Gender[] {
  const team: Gender[] = Array.from({ length: standby }, (_, i) => (i % 2 === 0 ? 'FEMALE' : 'MALE'));
  const rosterSize = count - standby;
  const women = Math.max(0, Math.round(count * 0.45) - Math.ceil(standby / 2));
  const other = count >= 40 ? Math.round(count * 0.008) : 0;
  const undisclosed = count >= 40 ? Math.round(count * 0.012) : 0;
  const roster: Gender[] = Array.from({ length: rosterSize }, (_, i) =>
    i < women ? 'FEMALE' : i < women + other ? 'OTHER' : i < women + other + undisclosed ? 'UNDISCLOSED' : 'MALE',
  );
  return [...team, ...rng.shuffle(roster)];
}

function drawNationalities(rng: Rng, count: number, standby: number): string[][] {
  const byRegion = new Map<string, (readonly [string, number])[]>();
  for (const n of UN_MEMBERS) {
    const list = byRegion.get(n.region) ?? [];
    list.push([n.code, n.weight]);
    byRegion.set(n.region, list);
  }
  // The standby team comes from as many different subregions as it has members.
  const teamRegions = rng.sampleWeighted(NATIONALITY_REGIONS, standby, ([, w]) => w).map(([r]) => r);
  const result: string[][] = [];
  for (let i = 0; i < count; i++) {
    const region = teamRegions[i] ?? rng.weighted(NATIONALITY_REGIONS);
    const first = rng.weighted(byRegion.get(region)!);
    const countries = [first];
    if (rng.chance(0.07)) {
      const second = rng.chance(0.6) ? rng.pick(DIASPORA) : rng.weighted(byRegion.get(region)!);
      if (second !== first) countries.push(second);
    }
    result.push(countries);
  }
  return result;
}

function drawLanguages(rng: Rng, nationalities: readonly string[][], standby: number): Map<string, Proficiency>[] {
  const spoken = nationalities.map((countries) => {
    const map = new Map<string, Proficiency>();
    for (const [k, country] of countries.entries()) {
      const { first, second } = homeLanguages(country);
      if (!map.has(first)) map.set(first, k === 0 ? 'NATIVE' : 'FLUENT');
      if (second && !map.has(second) && rng.chance(0.7)) map.set(second, 'FLUENT');
    }
    return map;
  });
  const n = spoken.length;
  const regions = nationalities.map((c) => regionOf(c[0]!) ?? '');
  const learnt = (): Proficiency => rng.weighted([['FLUENT', 40], ['WORKING', 45], ['BASIC', 15]]);

  // English: all but ~3%, who are more often native speakers of another UN language.
  const withoutEnglish = new Set(
    rng.sampleWeighted(
      [...spoken.keys()].filter((i) => i >= standby && !spoken[i]!.has('en')),
      n - Math.round(n * 0.97),
      (i) => (['fr', 'es', 'ru', 'ar', 'pt', 'zh'].includes([...spoken[i]!.keys()][0]!) ? 3 : 1),
    ),
  );
  for (let i = 0; i < n; i++) {
    if (spoken[i]!.has('en') || withoutEnglish.has(i)) continue;
    const level: Proficiency = i < standby ? 'FLUENT' : rng.weighted([['FLUENT', 55], ['WORKING', 38], ['BASIC', 7]]);
    spoken[i]!.set('en', level);
  }
  for (const quota of LANGUAGE_QUOTAS) {
    const have = spoken.filter((m) => m.has(quota.code)).length;
    const need = Math.round(n * quota.share) - have;
    if (need <= 0) continue;
    const candidates = [...spoken.keys()].filter((i) => !spoken[i]!.has(quota.code));
    for (const i of rng.sampleWeighted(candidates, need, (i) => (quota.affinity.includes(regions[i]!) ? 4 : 1))) {
      spoken[i]!.set(quota.code, learnt());
    }
  }
  return spoken;
}

function drawExpertise(rng: Rng, standby: boolean, gender: Gender, index: number): Map<Area, number> {
  const result = new Map<Area, number>();
  const size = standby ? rng.int(3, 4) : rng.weighted([[1, 20], [2, 35], [3, 30], [4, 15]]);
  if (standby) result.set(STANDBY_LEADS[index % STANDBY_LEADS.length]!, 5);
  const weight = (a: Area) => (result.has(a) ? 0 : AREA_WEIGHT[a] * (a === 'GENDER_INCLUSION' && gender === 'FEMALE' ? 1.8 : 1));
  for (const area of rng.sampleWeighted(AREAS, size - result.size, weight)) {
    const level = standby ? rng.weighted([[3, 20], [4, 50], [5, 30]]) : rng.weighted([[1, 10], [2, 35], [3, 33], [4, 16], [5, 6]]);
    result.set(area, level);
  }
  return new Map([...result].sort(([a], [b]) => AREAS.indexOf(a) - AREAS.indexOf(b)));
}

function homeZone(rng: Rng, countries: readonly string[]): string {
  if (rng.chance(0.05)) return rng.pick(HUBS);
  const country = countries.length > 1 && rng.chance(0.5) ? countries[1]! : countries[0]!;
  const zones = HOME_ZONES.get(country) ?? ['UTC'];
  return zones.length > 1 && rng.chance(0.35) ? rng.pick(zones.slice(1)) : zones[0]!;
}

function drawExperience(rng: Rng, nationalities: readonly string[], standby: boolean): string[] {
  const size = standby ? rng.int(4, 8) : rng.weighted([[1, 10], [2, 20], [3, 22], [4, 18], [5, 12], [6, 8], [7, 6], [8, 4]]);
  const homeRegion = regionOf(nationalities[0]!);
  const places = FIELD_COUNTRIES.filter(([c]) => !nationalities.includes(c));
  return rng
    .sampleWeighted(places, size, ([c, w]) => w * (regionOf(c) === homeRegion ? 3 : 1))
    .map(([c]) => c)
    .sort();
}

interface Mark {
  start: number;
  end: number;
  status: 'UNAVAILABLE' | 'TENTATIVE';
  note: string | null;
}

/** Leave and tentative commitments over today−90..today+365, apart from each other. */
function drawCalendar(rng: Rng, today: number): Mark[] {
  if (rng.chance(0.15)) return [];
  const marks: Mark[] = [];
  let cursor = today - 90 + rng.int(0, 60);
  while (cursor <= today + 365) {
    const kind = rng.weighted(MARKS);
    const end = Math.min(cursor + rng.int(kind.min, kind.max) - 1, today + 365);
    marks.push({ start: cursor, end, status: kind.status, note: kind.note });
    cursor = end + rng.int(30, 200);
  }
  return marks;
}
