// Calendar-day arithmetic, the one module for it (the matching engine, availability, validation
// and the seed use it). A day is an ISO 'YYYY-MM-DD' string at the edges and an integer count of
// days since 1970-01-01 inside, so that interval maths is plain integer maths: eligibility runs
// over tens of thousands of experts per proposal, where luxon objects would cost too much. Where
// only order matters, zero-padded ISO days compare as strings in calendar order.
import { DateTime } from 'luxon';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar day written as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Epoch day of a `YYYY-MM-DD` string (extra characters after the day are ignored). Throws on garbage. */
export function dayNumber(date: string): number {
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31) || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    throw new RangeError(`not a YYYY-MM-DD day: ${JSON.stringify(date)}`);
  }
  // Date.UTC handles the Gregorian leap rules; the integers in and out keep it cheap.
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(dayNumber(day) + n);
}

/** Number of days in the inclusive range start..end. */
export function daysInclusive(startDate: string, endDate: string): number {
  return dayNumber(endDate) - dayNumber(startDate) + 1;
}

/** Today's date in UTC. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Calendar year of a `YYYY-MM-DD` string. */
export function yearOf(date: string): number {
  return digits(date, 0, 4);
}

/** Epoch days of 1 January and 31 December of `year`. */
export function yearBounds(year: number): [number, number] {
  return [Date.UTC(year, 0, 1) / MS_PER_DAY, Date.UTC(year, 11, 31) / MS_PER_DAY];
}

/**
 * Number of days in [lo, hi] covered by at least one of the inclusive intervals. Overlapping
 * intervals count once: a day is either covered or not, whatever the bookkeeping upstream.
 */
export function coveredDays(intervals: [number, number][], lo: number, hi: number): number {
  const clipped: [number, number][] = [];
  for (const [s, e] of intervals) {
    const a = s < lo ? lo : s;
    const b = e > hi ? hi : e;
    if (a <= b) clipped.push([a, b]);
  }
  if (clipped.length === 0) return 0;
  clipped.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [curS, curE] = clipped[0]!;
  for (let i = 1; i < clipped.length; i++) {
    const [s, e] = clipped[i]!;
    if (s > curE + 1) {
      total += curE - curS + 1;
      curS = s;
      curE = e;
    } else if (e > curE) {
      curE = e;
    }
  }
  return total + (curE - curS + 1);
}

/**
 * An instant from PostgreSQL's text form of a timestamptz ("2026-11-26 13:32:27.763+00"): ISO 8601
 * wants a T and the offset as ±hh:mm. ISO strings pass through unchanged.
 */
export function parseTimestamp(text: string): Date {
  return new Date(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
}

export function isValidTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && DateTime.local().setZone(zone).isValid;
}
