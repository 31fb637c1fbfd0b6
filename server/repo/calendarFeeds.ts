// The secret behind each expert's iCalendar feed url (one per expert, replaced on regeneration),
// and what the feed shows: the expert's live assignments and UNAVAILABLE periods.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { LIVE_STATUSES } from '../domain/assignmentState.js';
import { assignments, availabilityPeriods, calendarFeeds, deploymentRequests, experts } from '../../schema/index.js';

/** Makes `tokenHash` the expert's only feed secret; the previous url stops working. */
export async function replaceFeedSecret(tx: Db, expertId: string, tokenHash: string): Promise<void> {
  await tx
    .insert(calendarFeeds)
    .values({ expertId, tokenHash })
    .onConflictDoUpdate({ target: calendarFeeds.expertId, set: { tokenHash, createdAt: sql`now()`, active: true } });
}

/** The expert behind an active feed secret's hash, or null. */
export async function feedOwner(db: Db, tokenHash: string): Promise<{ id: string; fullName: string } | null> {
  const [row] = await db
    .select({ id: experts.id, fullName: experts.fullName })
    .from(calendarFeeds)
    .innerJoin(experts, eq(experts.id, calendarFeeds.expertId))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), eq(calendarFeeds.active, true)));
  return row ?? null;
}

/** The expert's live assignments, with their request's title and country. */
export async function feedAssignments(db: Db, expertId: string) {
  return db
    .select({
      id: assignments.id,
      status: assignments.status,
      startDate: assignments.startDate,
      endDate: assignments.endDate,
      title: deploymentRequests.title,
      country: deploymentRequests.country,
      mode: assignments.mode,
    })
    .from(assignments)
    .innerJoin(deploymentRequests, eq(deploymentRequests.id, assignments.requestId))
    .where(and(eq(assignments.expertId, expertId), inArray(assignments.status, [...LIVE_STATUSES])));
}

/** The expert's UNAVAILABLE periods. */
export async function feedUnavailable(db: Db, expertId: string) {
  return db
    .select({ startDate: availabilityPeriods.startDate, endDate: availabilityPeriods.endDate })
    .from(availabilityPeriods)
    .where(and(eq(availabilityPeriods.expertId, expertId), eq(availabilityPeriods.status, 'UNAVAILABLE')));
}
