// A month as weeks of days, with each day's availability status and the assignments on it: what
// the expert page's calendar draws (and any other month calendar may). Pure; tests beside it.
import { DateTime } from 'luxon';

export type DayStatus = 'AVAILABLE' | 'TENTATIVE' | 'UNAVAILABLE' | 'ASSIGNED';

export interface Period {
  startDate: string;
  endDate: string;
  status: DayStatus;
}

export interface Dated {
  startDate: string;
  endDate: string;
}

export interface CalendarDay<A> {
  date: string;
  day: number;
  status: DayStatus | undefined;
  items: A[];
}

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

/** The first and last day of a month 'YYYY-MM'. */
export function monthRange(month: string): { from: string; to: string } {
  const first = day(`${month}-01`);
  return { from: first.toISODate()!, to: first.endOf('month').toISODate()! };
}

/** 'YYYY-MM' moved by `by` months. */
export function shiftMonth(month: string, by: number): string {
  return day(`${month}-01`).plus({ months: by }).toFormat('yyyy-MM');
}

export function isMonth(value: string | null): value is string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/**
 * Weeks (Monday first) covering the month; days outside it are null. ISO dates compare as
 * strings, so a day is in a period when startDate ≤ date ≤ endDate.
 */
export function monthGrid<A extends Dated>(month: string, periods: readonly Period[], items: readonly A[]): (CalendarDay<A> | null)[][] {
  const { from, to } = monthRange(month);
  const first = day(from);
  const last = day(to).day;
  const cells: (CalendarDay<A> | null)[] = Array.from({ length: first.weekday - 1 }, () => null);
  for (let n = 1; n <= last; n++) {
    const date = first.set({ day: n }).toISODate()!;
    cells.push({
      date,
      day: n,
      status: periods.find((p) => p.startDate <= date && date <= p.endDate)?.status,
      items: items.filter((i) => i.startDate <= date && date <= i.endDate),
    });
  }
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}
