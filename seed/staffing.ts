// Staffing a generated request the way a coordinator would: an eligible expert (expertise at
// the role's level, its languages at WORKING or above, not a national of the country, cleared
// for field work), free on those days and a week either side, clear of marked leave, and within
// the yearly day cap.
import { dayNumber, formatDay, yearOf as yearOfDay } from '../server/domain/dates.js';
import type { Rng } from './random.js';
import { PROFICIENCY_RANK, type Area, type DeploymentMode, type Profile } from './types.js';

export interface RoleSpec {
  expertise: Area;
  minLevel: number;
  languages: string[];
  count: number;
}
export interface RequestSpec {
  title: string;
  requestingEntity: string;
  country: string;
  mode: DeploymentMode;
  /** Day numbers. */
  submitted: number;
  start: number;
  end: number;
  minWomen: number;
  roles: RoleSpec[];
}

const yearOf = (day: number) => yearOfDay(formatDay(day));

/** Who is free when: held engagements and yearly days per expert, and a per-area index to search. */
export class Staffing {
  private readonly held = new Map<number, [number, number][]>();
  private readonly daysByYear = new Map<number, Map<number, number>>();
  private readonly byArea = new Map<Area, number[]>();
  private readonly standbyByArea = new Map<Area, number[]>();

  constructor(
    private readonly rng: Rng,
    private readonly today: number,
    readonly profiles: readonly Profile[],
  ) {
    profiles.forEach((p, i) => {
      for (const area of p.expertise.keys()) {
        for (const index of p.standby ? [this.byArea, this.standbyByArea] : [this.byArea]) {
          const list = index.get(area) ?? [];
          list.push(i);
          index.set(area, list);
        }
      }
    });
    for (const list of [...this.byArea.values(), ...this.standbyByArea.values()]) rng.shuffle(list);
  }

  /**
   * An eligible, free expert for the role, searched from a random point; null when none. The
   * standby team is asked first a third of the time: it carries far more engagements per head.
   */
  find(spec: RequestSpec, role: RoleSpec, female: boolean, exclude: ReadonlySet<number>): number | null {
    if (this.rng.chance(0.35)) {
      const member = this.search(this.standbyByArea.get(role.expertise) ?? [], spec, role, female, exclude);
      if (member !== null) return member;
    }
    return this.search(this.byArea.get(role.expertise) ?? [], spec, role, female, exclude);
  }

  private search(list: readonly number[], spec: RequestSpec, role: RoleSpec, female: boolean, exclude: ReadonlySet<number>): number | null {
    const offset = list.length ? this.rng.int(0, list.length - 1) : 0;
    for (let j = 0; j < list.length; j++) {
      const i = list[(offset + j) % list.length]!;
      if (!exclude.has(i) && this.fits(this.profiles[i]!, i, spec, role, female)) return i;
    }
    return null;
  }

  private fits(p: Profile, i: number, spec: RequestSpec, role: RoleSpec, female: boolean): boolean {
    if ((p.expertise.get(role.expertise) ?? 0) < role.minLevel) return false;
    if (female && p.gender !== 'FEMALE') return false;
    if (p.nationalities.includes(spec.country)) return false;
    for (const code of role.languages) {
      const spoken = p.languages.get(code);
      if (!spoken || PROFICIENCY_RANK[spoken] < PROFICIENCY_RANK.WORKING) return false;
    }
    if (spec.mode !== 'REMOTE' && spec.end >= this.today && !((p.securityUntil ?? -Infinity) >= spec.end && (p.medicalUntil ?? -Infinity) >= spec.end)) return false;
    if (p.unavailable.some(([s, e]) => s <= spec.end && e >= spec.start)) return false;
    // A week apart from any other engagement: no overlap and no rest-period clash.
    if ((this.held.get(i) ?? []).some(([s, e]) => s <= spec.end + 7 && e >= spec.start - 7)) return false;
    for (const [year, days] of splitByYear(spec.start, spec.end)) {
      if ((this.daysByYear.get(i)?.get(year) ?? 0) + days > p.maxDays) return false;
    }
    return true;
  }

  book(i: number, start: number, end: number): void {
    const held = this.held.get(i) ?? [];
    held.push([start, end]);
    this.held.set(i, held);
    const years = this.daysByYear.get(i) ?? new Map<number, number>();
    for (const [year, days] of splitByYear(start, end)) years.set(year, (years.get(year) ?? 0) + days);
    this.daysByYear.set(i, years);
  }

  release(i: number, start: number, end: number): void {
    const held = this.held.get(i) ?? [];
    const k = held.findIndex(([s, e]) => s === start && e === end);
    if (k >= 0) held.splice(k, 1);
    const years = this.daysByYear.get(i);
    for (const [year, days] of splitByYear(start, end)) years?.set(year, (years.get(year) ?? 0) - days);
  }
}

function splitByYear(start: number, end: number): [number, number][] {
  const first = yearOf(start);
  const last = yearOf(end);
  if (first === last) return [[first, end - start + 1]];
  const boundary = dayNumber(`${last}-01-01`);
  return [
    [first, boundary - start],
    [last, end - boundary + 1],
  ];
}
