// iCalendar (RFC 5545) feeds of an expert's assignments and unavailable periods, as all-day
// events with stable UIDs, served at GET /calendar/<feed-token>.ics. The feed token is separate
// from API tokens, read-only, and replaced by regenerateCalendarFeed.
import ical from 'ical-generator';
import type { Db } from './db/index.js';
import { hashSecret } from './auth.js';
import { addDays } from './domain/dates.js';
import { feedAssignments, feedOwner, feedUnavailable } from './repo/calendarFeeds.js';

export interface CalendarEntry {
  uid: string;
  summary: string;
  description: string | null;
  startDate: string;
  endDate: string;
}

/** The feed as text. DTEND of an all-day event is exclusive, hence endDate + 1. */
export function renderCalendar(name: string, entries: readonly CalendarEntry[]): string {
  const calendar = ical({ name, prodId: { company: 'Standby', product: 'roster', language: 'EN' }, timezone: 'UTC' });
  for (const e of entries) {
    calendar.createEvent({
      id: e.uid,
      allDay: true,
      start: new Date(`${e.startDate}T00:00:00Z`),
      end: new Date(`${addDays(e.endDate, 1)}T00:00:00Z`),
      summary: e.summary,
      description: e.description ?? undefined,
      timezone: 'UTC',
    });
  }
  return calendar.toString();
}

export async function calendarEntries(db: Db, expertId: string): Promise<CalendarEntry[]> {
  const [held, away] = await Promise.all([feedAssignments(db, expertId), feedUnavailable(db, expertId)]);
  return [
    ...held.map((a) => ({
      uid: `assignment-${a.id}@standby`,
      summary: `${a.status === 'OFFERED' ? 'Offered: ' : ''}${a.title} (${a.country})`,
      description: `${a.status} · ${a.mode.replace('_', ' ').toLowerCase()}`,
      startDate: a.startDate,
      endDate: a.endDate,
    })),
    // A marked period's id changes when it is split or merged; its UID follows its first day, which is stable.
    ...away.map((p) => ({ uid: `unavailable-${expertId}-${p.startDate}@standby`, summary: 'Unavailable', description: null, startDate: p.startDate, endDate: p.endDate })),
  ].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.uid.localeCompare(b.uid));
}

/** The feed behind a feed token, or null if the token is unknown or was replaced. */
export async function calendarFeed(db: Db, token: string): Promise<string | null> {
  const owner = await feedOwner(db, hashSecret(token));
  return owner ? renderCalendar(`Standby: ${owner.fullName}`, await calendarEntries(db, owner.id)) : null;
}
