/**
 * An independent oracle for proposals, written from docs/api.md ("Proposals": "Who is eligible",
 * "fitScore", "The team, and why it is the best"; "Declared interests" for the folding of party
 * names) and the public contract alone. It imports NOTHING from server/ (test/oracle/imports.test.ts
 * enforces it) and deliberately works differently from the engine:
 * - days are sets of day numbers, not intervals; every rule is a direct reading of its table row;
 * - fitScore is computed in exact rational arithmetic (BigInt fractions) and rounded half up
 *   exactly, so a float slip or a changed constant in the engine shows as a different value;
 * - the best team is found by exhaustive search over seat assignments (no flow, no reduction).
 * Its input shapes are the engine's plain data shapes, declared here again structurally.
 */

export type Proficiency = 'BASIC' | 'WORKING' | 'FLUENT' | 'NATIVE';
export type Mode = 'IN_PERSON' | 'HYBRID' | 'REMOTE';

export interface ORole {
  id: string;
  expertise: string;
  minLevel: number;
  languages: string[];
  count: number;
  held: string[];
}
export interface ORequest {
  id: string;
  country: string;
  mode: Mode;
  startDate: string;
  endDate: string;
  minWomen: number;
  roles: ORole[];
  now: string;
  parties?: string[];
}
export interface OCommitment {
  requestId: string;
  startDate: string;
  endDate: string;
  mode: Mode;
  status: 'OFFERED' | 'ACCEPTED' | 'DEPLOYED' | 'COMPLETED';
}
export interface OExpert {
  id: string;
  fullName: string;
  tier: 'STANDBY_TEAM' | 'ROSTER';
  gender: 'FEMALE' | 'MALE' | 'OTHER' | 'UNDISCLOSED';
  nationalities: string[];
  countryExperience: string[];
  securityTrainingValidUntil: string | null;
  medicalClearanceValidUntil: string | null;
  maxDeploymentDaysPerYear: number;
  languages: { code: string; proficiency: Proficiency }[];
  expertise: { area: string; level: number }[];
  unavailable: { startDate: string; endDate: string }[];
  commitments: OCommitment[];
  declaredInterests?: { country: string | null; party: string | null }[];
  appraisals?: { count: number; sum: number };
}
export type RegionOf = (country: string) => string | undefined;

/** docs/api.md "Who is eligible": the reasons, in the order they are listed. */
export const REASONS = [
  'EXPERTISE_MISSING',
  'LANGUAGE_MISSING',
  'UNAVAILABLE',
  'ALREADY_ASSIGNED',
  'NATIONALITY_CONFLICT',
  'CLEARANCE_EXPIRED',
  'DAY_CAP_EXCEEDED',
  'REST_PERIOD',
  'CONFLICT_OF_INTEREST',
] as const;
export type Reason = (typeof REASONS)[number];

// ---- days ---------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearOfDay = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();
function daysOf(startDate: string, endDate: string): number[] {
  const out: number[] = [];
  for (let d = dayOf(startDate); d <= dayOf(endDate); d++) out.push(d);
  return out;
}
const shareADay = (a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }) =>
  dayOf(a.startDate) <= dayOf(b.endDate) && dayOf(b.startDate) <= dayOf(a.endDate);

const LIVE = new Set(['OFFERED', 'ACCEPTED', 'DEPLOYED']);
const RANK: Record<Proficiency, number> = { BASIC: 1, WORKING: 2, FLUENT: 3, NATIVE: 4 };

/** "Declared interests": NFKD, marks removed, lower case, the listed letters, spaces collapsed, trimmed. */
export function fold(text: string): string {
  const letters: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th' };
  let out = '';
  for (const ch of text.normalize('NFKD').toLowerCase()) {
    if (/\p{M}/u.test(ch)) continue;
    out += letters[ch] ?? ch;
  }
  return out.split(/\s+/).filter((w) => w !== '').join(' ');
}

const others = (request: ORequest, expert: OExpert) => expert.commitments.filter((c) => c.requestId !== request.id);
const bestLevelIn = (expert: OExpert, area: string) => Math.max(0, ...expert.expertise.filter((x) => x.area === area).map((x) => x.level));
const bestRankIn = (expert: OExpert, code: string) => Math.max(0, ...expert.languages.filter((l) => l.code === code).map((l) => RANK[l.proficiency]));

// ---- eligibility --------------------------------------------------------------------------------

/** Every reason of the table that applies, in table order (empty: eligible). */
export function reasons(request: ORequest, role: ORole, expert: OExpert): Reason[] {
  const applies: Record<Reason, boolean> = {
    EXPERTISE_MISSING: bestLevelIn(expert, role.expertise) < role.minLevel,
    LANGUAGE_MISSING: role.languages.some((code) => bestRankIn(expert, code) < RANK.WORKING),
    UNAVAILABLE: expert.unavailable.some((u) => shareADay(u, request)),
    ALREADY_ASSIGNED: others(request, expert).some((c) => LIVE.has(c.status) && shareADay(c, request)),
    NATIONALITY_CONFLICT: expert.nationalities.includes(request.country),
    CLEARANCE_EXPIRED: request.mode !== 'REMOTE' && !clearedUntil(expert, request.endDate),
    DAY_CAP_EXCEEDED: overCap(request, expert),
    REST_PERIOD: request.mode !== 'REMOTE' && tooLittleRest(request, expert),
    CONFLICT_OF_INTEREST: conflictOfInterest(request, expert),
  };
  return REASONS.filter((r) => applies[r]);
}

function clearedUntil(expert: OExpert, endDate: string): boolean {
  const ok = (d: string | null) => d !== null && dayOf(d) >= dayOf(endDate);
  return ok(expert.securityTrainingValidUntil) && ok(expert.medicalClearanceValidUntil);
}

function overCap(request: ORequest, expert: OExpert): boolean {
  const held = new Set<number>();
  for (const c of others(request, expert)) for (const d of daysOf(c.startDate, c.endDate)) held.add(d);
  const asked = daysOf(request.startDate, request.endDate);
  const years = new Set(asked.map(yearOfDay));
  for (const y of years) {
    const already = [...held].filter((d) => yearOfDay(d) === y).length;
    const more = asked.filter((d) => yearOfDay(d) === y).length;
    if (already + more > expert.maxDeploymentDaysPerYear) return true;
  }
  return false;
}

function tooLittleRest(request: ORequest, expert: OExpert): boolean {
  const start = dayOf(request.startDate);
  const end = dayOf(request.endDate);
  return others(request, expert).some((c) => {
    if (!LIVE.has(c.status) || c.mode === 'REMOTE' || shareADay(c, request)) return false;
    const endsBefore = dayOf(c.endDate) < start && start - dayOf(c.endDate) < 7;
    const startsAfter = dayOf(c.startDate) > end && dayOf(c.startDate) - end < 7;
    return endsBefore || startsAfter;
  });
}

function conflictOfInterest(request: ORequest, expert: OExpert): boolean {
  const parties = new Set((request.parties ?? []).map(fold).filter((p) => p !== ''));
  return (expert.declaredInterests ?? []).some(
    (i) => (i.country !== null && i.country === request.country) || (i.party !== null && parties.has(fold(i.party))),
  );
}

// ---- fitScore, exactly --------------------------------------------------------------------------

/** A non-negative-denominator fraction of BigInts. */
export class Q {
  readonly n: bigint;
  readonly d: bigint;
  constructor(n: bigint | number, d: bigint | number = 1n) {
    let nn = BigInt(n);
    let dd = BigInt(d);
    if (dd < 0n) [nn, dd] = [-nn, -dd];
    const g = gcd(nn < 0n ? -nn : nn, dd);
    this.n = g === 0n ? 0n : nn / g;
    this.d = g === 0n ? 1n : dd / g;
  }
  add(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Q): Q {
    return new Q(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return new Q(this.n * o.d, this.d * o.n);
  }
  lt(o: Q): boolean {
    return this.n * o.d < o.n * this.d;
  }
}
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
const q = (n: number, d = 1) => new Q(n, d);
const ZERO = q(0);
const ONE = q(1);

/** The weights of docs/api.md's formula, as exact fractions. */
export const WEIGHTS = { E: q(35, 100), L: q(20, 100), C: q(15, 100), R: q(10, 100), S: q(10, 100), D: q(10, 100), A: q(5, 100) };

export interface Terms {
  E: Q;
  L: Q;
  C: Q;
  R: Q;
  S: Q;
  D: Q;
  A: Q;
}

/** The seven terms of the formula, each as the docs define it. */
export function terms(request: ORequest, role: ORole, expert: OExpert, regionOf: RegionOf = () => undefined): Terms {
  const level = bestLevelIn(expert, role.expertise);
  const E = level < role.minLevel ? ZERO : q(level - role.minLevel + 1, 6 - role.minLevel);
  const credit = [ZERO, ZERO, q(1, 3), q(2, 3), ONE];
  const L =
    role.languages.length === 0
      ? ONE
      : role.languages.reduce((sum, code) => sum.add(credit[bestRankIn(expert, code)]!), ZERO).div(q(role.languages.length));
  const C = expert.countryExperience.includes(request.country) ? ONE : ZERO;
  const region = regionOf(request.country);
  const R = region !== undefined && expert.countryExperience.some((c) => c === request.country || regionOf(c) === region) ? ONE : ZERO;
  const hoursToStart = (dayOf(request.startDate) * DAY_MS - Date.parse(request.now)) / 3_600_000;
  const S = expert.tier === 'STANDBY_TEAM' && hoursToStart <= 72 ? ONE : ZERO;
  const startYear = yearOfDay(dayOf(request.startDate));
  const deployed = new Set<number>();
  for (const c of others(request, expert)) {
    if (c.status !== 'DEPLOYED' && c.status !== 'COMPLETED') continue;
    for (const d of daysOf(c.startDate, c.endDate)) if (yearOfDay(d) === startYear) deployed.add(d);
  }
  const ratio = q(deployed.size, Math.max(1, expert.maxDeploymentDaysPerYear));
  const D = ONE.lt(ratio) ? ONE : ratio;
  const n = expert.appraisals?.count ?? 0;
  const A = n === 0 ? ZERO : q(expert.appraisals!.sum + 2 * 3, n + 2).sub(q(3)).div(q(2));
  return { E, L, C, R, S, D, A };
}

/** The sum inside clamp01, exact. */
export function rawScore(t: Terms): Q {
  const W = WEIGHTS;
  return W.E.mul(t.E).add(W.L.mul(t.L)).add(W.C.mul(t.C)).add(W.R.mul(t.R)).add(W.S.mul(t.S)).add(W.D.mul(ONE.sub(t.D))).add(W.A.mul(t.A));
}

/** round4(clamp01(x)) as integer ten-thousandths, halves up. */
export function units(x: Q): number {
  const c = x.lt(ZERO) ? ZERO : ONE.lt(x) ? ONE : x;
  const scaled = c.mul(q(10_000)).add(q(1, 2)); // floor(x + 1/2): halves go up
  return Number(scaled.n / scaled.d); // c ≥ 0, so BigInt division is the floor
}

export function fitUnits(request: ORequest, role: ORole, expert: OExpert, regionOf?: RegionOf): number {
  return units(rawScore(terms(request, role, expert, regionOf)));
}

// ---- the best team ------------------------------------------------------------------------------

export interface TeamValue {
  /** Seats filled, pinned ones included. */
  seats: number;
  /** FEMALE members, counted up to minWomen. */
  women: number;
  /** Sum of the members' fitScore × 10,000. */
  total: number;
}

export interface OracleProposal {
  /** Per role (role order): eligible experts' ids with their fitScore units. */
  eligible: Map<string, number>[];
  /** Per role: ineligible experts' ids with their reasons. */
  excluded: Map<string, Reason[]>[];
  /** The value of the best team ("The team, and why it is the best", criteria 1–3). */
  best: TeamValue;
  /** Whether a complete team exists: every seat filled and minWomen met. */
  complete: boolean;
  /** The pinned seats: experts held on this request, each in the first role holding them. */
  pinned: { roleId: string; expertId: string }[];
}

const betterValue = (a: TeamValue, b: TeamValue) =>
  a.seats !== b.seats ? a.seats > b.seats : a.women !== b.women ? a.women > b.women : a.total > b.total;

/**
 * The oracle's proposal: eligibility and scores for every pair, then the best team by exhaustive
 * search. Pinned experts (held on this request) keep their seat, count toward women and the total,
 * and are candidates for no other seat. Exponential: keep the eligible sets small.
 */
export function propose(request: ORequest, experts: OExpert[], regionOf?: RegionOf): OracleProposal {
  const byId = new Map(experts.map((e) => [e.id, e]));
  const pinnedIds = new Set<string>();
  const pinned: { roleId: string; expertId: string }[] = [];
  let base: TeamValue = { seats: 0, women: 0, total: 0 };
  let pinnedWomen = 0;
  const free: number[] = [];
  let allSeats = 0;
  for (const role of request.roles) {
    let seats = 0;
    for (const id of role.held) {
      if (pinnedIds.has(id)) continue;
      pinnedIds.add(id);
      pinned.push({ roleId: role.id, expertId: id });
      seats++;
      const e = byId.get(id);
      if (e) {
        base = { ...base, total: base.total + fitUnits(request, role, e, regionOf) };
        if (e.gender === 'FEMALE') pinnedWomen++;
      }
    }
    base = { ...base, seats: base.seats + seats };
    free.push(Math.max(0, role.count - seats));
    allSeats += seats + Math.max(0, role.count - seats);
  }

  const eligible = request.roles.map(() => new Map<string, number>());
  const excluded = request.roles.map(() => new Map<string, Reason[]>());
  request.roles.forEach((role, r) => {
    for (const e of experts) {
      const why = reasons(request, role, e);
      if (why.length === 0) eligible[r]!.set(e.id, fitUnits(request, role, e, regionOf));
      else excluded[r]!.set(e.id, why);
    }
  });

  // Exhaustive search: each free seat of each role takes an unused eligible, non-pinned expert or
  // stays empty; within a role, experts are taken in increasing list position (no permutations).
  const lists = request.roles.map((_, r) => [...eligible[r]!].filter(([id]) => !pinnedIds.has(id)));
  const used = new Set<string>();
  let best: TeamValue = { seats: -1, women: 0, total: 0 };
  const walk = (r: number, from: number, left: number, seats: number, women: number, total: number) => {
    if (r === request.roles.length) {
      const v = { seats: base.seats + seats, women: Math.min(request.minWomen, pinnedWomen + women), total: base.total + total };
      if (betterValue(v, best)) best = v;
      return;
    }
    // stop filling this role here
    walk(r + 1, 0, free[r + 1] ?? 0, seats, women, total);
    if (left === 0) return;
    const list = lists[r]!;
    for (let i = from; i < list.length; i++) {
      const [id, u] = list[i]!;
      if (used.has(id)) continue;
      used.add(id);
      walk(r, i + 1, left - 1, seats + 1, women + (byId.get(id)!.gender === 'FEMALE' ? 1 : 0), total + u);
      used.delete(id);
    }
  };
  walk(0, 0, free[0] ?? 0, 0, 0, 0);
  return { eligible, excluded, best, complete: best.seats >= allSeats && best.women >= request.minWomen, pinned };
}
