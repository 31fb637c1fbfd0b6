// iCalendar (RFC 5545) feeds of an expert's assignments and unavailable periods, as all-day
// events with stable UIDs, served at GET /calendar/<feed-token>.ics. The feed token is separate
// from API tokens, read-only, and replaced by regenerateCalendarFeed.
import { and, eq, inArray } from 'drizzle-orm';
import ical from 'ical-generator';
import type { Db } from './db/index.js';
import { hashSecret } from './auth.js';
import { addDays } from './domain/dates.js';
import { LIVE_STATUSES } from './domain/assignmentState.js';
import { assignments, availabilityPeriods, calendarFeeds, deploymentRequests, experts } from '../schema/index.js';

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

/** The expert behind a feed token, or null if it is unknown or replaced. */
export async function feedOwner(db: Db, token: string): Promise<{ id: string; fullName: string } | null> {
  const [row] = await db
    .select({ id: experts.id, fullName: experts.fullName })
    .from(calendarFeeds)
    .innerJoin(experts, eq(experts.id, calendarFeeds.expertId))
    .where(and(eq(calendarFeeds.tokenHash, hashSecret(token)), eq(calendarFeeds.active, true)));
  return row ?? null;
}

export async function calendarEntries(db: Db, expertId: string): Promise<CalendarEntry[]> {
  const held = await db
    .select({ id: assignments.id, status: assignments.status, startDate: assignments.startDate, endDate: assignments.endDate, title: deploymentRequests.title, country: deploymentRequests.country, mode: assignments.mode })
    .from(assignments)
    .innerJoin(deploymentRequests, eq(deploymentRequests.id, assignments.requestId))
    .where(and(eq(assignments.expertId, expertId), inArray(assignments.status, [...LIVE_STATUSES])));
  const away = await db
    .select()
    .from(availabilityPeriods)
    .where(and(eq(availabilityPeriods.expertId, expertId), eq(availabilityPeriods.status, 'UNAVAILABLE')));
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
