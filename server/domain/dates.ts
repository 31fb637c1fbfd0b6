// Calendar-day arithmetic. A day is an ISO 'YYYY-MM-DD' string at the edges and an integer
// count of days since 1970-01-01 inside, so that interval maths is plain integer maths.
import { DateTime } from 'luxon';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar day written as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

export function toDayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

export function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return fromDayNumber(toDayNumber(day) + n);
}

/** Number of days in the inclusive range start..end. */
export function daysInclusive(startDate: string, endDate: string): number {
  return toDayNumber(endDate) - toDayNumber(startDate) + 1;
}

/** Today's date in UTC. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
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
