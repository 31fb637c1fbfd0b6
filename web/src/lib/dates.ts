// Dates in the reader's language and time zone (luxon). A GraphQL `Date` is a calendar day and
// is shown as that day everywhere; a `DateTime` is an instant, shown in the browser's time zone.
import { DateTime } from 'luxon';

export function formatDate(isoDate: string, locale: string): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).setLocale(locale).toLocaleString(DateTime.DATE_MED);
}

export function formatDateTime(isoInstant: string, locale: string, zone?: string): string {
  const at = DateTime.fromISO(isoInstant, { setZone: false });
  return (zone ? at.setZone(zone) : at).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}

/** Whole days from `today` to `isoDate` (negative when past). */
export function daysUntil(isoDate: string, today: DateTime = DateTime.local()): number {
  return Math.round(DateTime.fromISO(isoDate, { zone: 'utc' }).diff(DateTime.fromISO(today.toISODate()!, { zone: 'utc' }), 'days').days);
}
