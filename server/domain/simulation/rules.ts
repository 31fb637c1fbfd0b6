/**
 * An independent check of a simulated year against the contract's rules (CONTRACT.md, Proposals;
 * docs/api.md). It replays a run's event log and judges every offer at the instant it was made,
 * written from the rules' wording and sharing no code with the engine (server/domain/matching/):
 * its own day arithmetic, its own proficiency order, and Intl's collator (case- and accent-blind
 * at base strength) for party names. A violation is an offer that breaks a rule; a correct engine
 * and a correct greedy both score 0. Team-level minWomen is a goal, not a rule, so it is a figure
 * of the report (report.ts), not a violation.
 */
import type { SimEvent, SimExpert, SimRequest } from './types.js';

export type Rule =
  | 'EXPERTISE'
  | 'LANGUAGE'
  | 'UNAVAILABLE'
  | 'DOUBLE_BOOKED'
  | 'NATIONALITY'
  | 'CLEARANCE'
  | 'DAY_CAP'
  | 'REST_PERIOD'
  | 'CONFLICT_OF_INTEREST'
  | 'SEAT_COUNT'
  | 'SAME_EXPERT_TWICE'
  | 'OFFER_TIMING';

export interface Violation {
  rule: Rule;
  request: number;
  expert: string;
  at: number;
}

const LEVEL: Record<string, number> = { BASIC: 0, WORKING: 1, FLUENT: 2, NATIVE: 3 };
const REST = 7;
const collator = new Intl.Collator('en', { sensitivity: 'base' });
const sameParty = (a: string, b: string) => collator.compare(a.trim().replace(/\s+/g, ' '), b.trim().replace(/\s+/g, ' ')) === 0;
const dayOf = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
const yearOfDay = (day: number) => new Date(day * 86_400_000).getUTCFullYear();
const firstOfYear = (year: number) => Date.UTC(year, 0, 1) / 86_400_000;

interface Held {
  request: number;
  start: number;
  end: number;
  inPerson: boolean;
}

/** Days of [lo, hi] covered by the union of `spans`. */
function covered(spans: readonly [number, number][], lo: number, hi: number): number {
  const days = new Set<number>();
  for (const [s, e] of spans) for (let d = Math.max(s, lo); d <= Math.min(e, hi); d++) days.add(d);
  return days.size;
}

/** Every rule broken by the offers of `events`, in event order. */
export function checkYear(roster: readonly SimExpert[], stream: readonly SimRequest[], events: readonly SimEvent[]): Violation[] {
  const experts = new Map(roster.map((e) => [e.id, e]));
  const held = new Map<string, Held[]>();
  const cancelled = new Set<number>();
  const arrived = new Set<number>();
  const refusedBy = new Map<number, Set<string>>();
  const seatedIn = new Map<string, number>(); // "request:role" -> accepted offers
  const out: Violation[] = [];

  for (const ev of events) {
    if (ev.kind === 'arrival') arrived.add(ev.request);
    if (ev.kind === 'cancel') {
      cancelled.add(ev.request);
      for (const [id, list] of held) held.set(id, list.filter((h) => h.request !== ev.request));
    }
    if (ev.kind !== 'offer') continue;
    const r = stream[ev.request]!;
    const role = r.roles[ev.role]!;
    const e = experts.get(ev.expert)!;
    const today = Math.floor(ev.at);
    const inPerson = r.mode !== 'REMOTE';
    const mine = held.get(e.id) ?? [];
    const broke = (rule: Rule) => out.push({ rule, request: r.index, expert: e.id, at: ev.at });

    if (!arrived.has(r.index) || cancelled.has(r.index) || ev.at < r.arrival || today >= r.start) broke('OFFER_TIMING');
    if (!e.expertise.some((x) => x.area === role.expertise && x.level >= role.minLevel)) broke('EXPERTISE');
    if (!role.languages.every((code) => e.languages.some((l) => l.code === code && LEVEL[l.proficiency]! >= LEVEL.WORKING!))) broke('LANGUAGE');
    if (e.unavailable.some((u) => dayOf(u.startDate) <= r.end && dayOf(u.endDate) >= r.start)) broke('UNAVAILABLE');
    // Live: held and not yet over (an assignment is COMPLETED once its end date has passed).
    const live = mine.filter((h) => h.request !== r.index && h.end >= today);
    if (live.some((h) => h.start <= r.end && h.end >= r.start)) broke('DOUBLE_BOOKED');
    if (e.nationalities.includes(r.country)) broke('NATIONALITY');
    if (inPerson) {
      const until = (v: string | null) => (v === null ? -Infinity : dayOf(v));
      if (until(e.securityTrainingValidUntil) < r.end || until(e.medicalClearanceValidUntil) < r.end) broke('CLEARANCE');
      // Fewer than REST days between the other's end and this start, or this end and the other's start.
      if (live.some((h) => h.inPerson && ((h.end < r.start && r.start - h.end < REST) || (h.start > r.end && h.start - r.end < REST)))) broke('REST_PERIOD');
    }
    for (let y = yearOfDay(r.start); y <= yearOfDay(r.end); y++) {
      const lo = firstOfYear(y);
      const hi = firstOfYear(y + 1) - 1;
      const others = mine.filter((h) => h.request !== r.index).map((h): [number, number] => [h.start, h.end]);
      const days = covered(others, lo, hi) + (Math.min(hi, r.end) - Math.max(lo, r.start) + 1);
      if (days > e.maxDeploymentDaysPerYear) broke('DAY_CAP');
    }
    const ties = e.declaredInterests ?? [];
    if (ties.some((t) => t.country === r.country || (t.party !== null && r.parties.some((p) => sameParty(p, t.party!))))) broke('CONFLICT_OF_INTEREST');
    if (mine.some((h) => h.request === r.index) || refusedBy.get(r.index)?.has(e.id)) broke('SAME_EXPERT_TWICE');
    const seat = `${r.index}:${ev.role}`;
    if ((seatedIn.get(seat) ?? 0) >= role.count) broke('SEAT_COUNT');

    if (ev.accepted) {
      held.set(e.id, [...mine, { request: r.index, start: r.start, end: r.end, inPerson }]);
      seatedIn.set(seat, (seatedIn.get(seat) ?? 0) + 1);
    } else {
      refusedBy.set(r.index, (refusedBy.get(r.index) ?? new Set()).add(e.id));
    }
  }
  return out;
}
