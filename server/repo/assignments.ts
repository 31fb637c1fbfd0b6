// Offers and assignments. Every change locks the request row first (one writer per request);
// double booking across requests is refused by the exclusion constraint on (expert, days), never
// by a read-then-write check here.
import { and, eq, inArray, sql, count } from 'drizzle-orm';
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { EXCLUSION_VIOLATION, sqlState } from '../db/errors.js';
import { assignments, availabilityPeriods, experts, requestRoles } from '../../schema/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.js';
import { acceptsOffers } from '../domain/requestState.js';
import { LIVE_STATUSES } from '../domain/assignmentState.js';
import { lockRequest, transitionRequest, type RequestRow } from './requests.js';
import { keysetPage, type Page } from './page.js';

export type AssignmentRow = typeof assignments.$inferSelect;

export interface OfferResult {
  assignment: AssignmentRow;
  request: RequestRow;
}

/**
 * Offers `expertId` the seat of `roleId`: an OFFERED assignment that holds the request's days at
 * once. The request must still be staffing, the role must have a free seat, and the expert must
 * have none of those days UNAVAILABLE or held by another live assignment.
 */
export async function offerSeat(tx: Db, viewer: Viewer, roleId: string, expertId: string, respondBy: string, request?: RequestRow): Promise<OfferResult> {
  const [role] = await tx.select().from(requestRoles).where(eq(requestRoles.id, roleId));
  if (!role) throw new NotFoundError('No role has this id.', ['input', 'roleId']);
  let current = request ?? (await lockRequest(tx, role.requestId, ['input', 'roleId']));
  if (!acceptsOffers(current.status)) {
    throw new ConflictError(`A ${current.status} request takes no new offers.`, 'INVALID_TRANSITION');
  }
  // FOR SHARE: offers for one expert run side by side, but wait for a setAvailability in flight.
  const [expert] = await tx.select({ id: experts.id }).from(experts).where(eq(experts.id, expertId)).for('share');
  if (!expert) throw new NotFoundError('No expert has this id.', ['input', 'expertId']);
  const range = sql`daterange(${current.startDate}::date, ${current.endDate}::date, '[]')`;
  const unavailable = await tx
    .select({ id: availabilityPeriods.id })
    .from(availabilityPeriods)
    .where(and(eq(availabilityPeriods.expertId, expertId), eq(availabilityPeriods.status, 'UNAVAILABLE'), sql`${availabilityPeriods.days} && ${range}`))
    .limit(1);
  if (unavailable.length) throw new ConflictError('The expert marked some of these days UNAVAILABLE.', 'EXPERT_UNAVAILABLE');
  const [held] = await tx
    .select({ n: count() })
    .from(assignments)
    .where(and(eq(assignments.roleId, roleId), inArray(assignments.status, [...LIVE_STATUSES])));
  if (Number(held?.n ?? 0) >= role.count) {
    throw new ConflictError(`This role has ${role.count} seat(s) and all are offered or filled.`, 'ROLE_FULL');
  }
  let assignment: AssignmentRow;
  try {
    // A savepoint keeps the transaction usable for the caller after a refused insert.
    assignment = await tx.transaction(async (sp) => {
      const [row] = await sp
        .insert(assignments)
        .values({
          requestId: current.id,
          roleId,
          expertId,
          status: 'OFFERED',
          startDate: current.startDate,
          endDate: current.endDate,
          mode: current.mode,
          respondBy,
          offeredByTokenId: viewer.tokenId,
        })
        .returning();
      return row!;
    });
  } catch (error) {
    if (sqlState(error) === EXCLUSION_VIOLATION) {
      throw new ConflictError('The expert already holds an offer or assignment on some of these days.', 'DOUBLE_BOOKED');
    }
    throw error;
  }
  if (current.status === 'SUBMITTED') current = await transitionRequest(tx, viewer, current, 'STAFFING', 'First offer made');
  return { assignment, request: current };
}

/** Locks an assignment and its request (request first, the lock order every writer uses). */
export async function lockAssignment(tx: Db, assignmentId: string): Promise<{ assignment: AssignmentRow; request: RequestRow }> {
  const [peek] = await tx.select({ requestId: assignments.requestId }).from(assignments).where(eq(assignments.id, assignmentId));
  if (!peek) throw new NotFoundError('No assignment has this id.', ['input', 'assignmentId']);
  const request = await lockRequest(tx, peek.requestId, ['input', 'assignmentId']);
  const [assignment] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId)).for('update');
  return { assignment: assignment!, request };
}

export async function respond(tx: Db, viewer: Viewer, assignmentId: string, accept: boolean, note: string | null): Promise<OfferResult> {
  const { assignment, request } = await lockAssignment(tx, assignmentId);
  if (viewer.role === 'EXPERT' && viewer.expertId !== assignment.expertId) {
    throw new ForbiddenError('Only the expert offered, or a coordinator on their behalf, may answer this offer.');
  }
  if (assignment.status !== 'OFFERED') {
    throw new ConflictError(`This offer is ${assignment.status}, not OFFERED; it can no longer be answered.`, 'INVALID_TRANSITION');
  }
  const [updated] = await tx
    .update(assignments)
    .set({ status: accept ? 'ACCEPTED' : 'DECLINED', respondedAt: sql`now()`, respondedByRole: viewer.role, note, updatedAt: sql`now()` })
    .where(eq(assignments.id, assignmentId))
    .returning();
  return { assignment: updated!, request };
}

export async function withdraw(tx: Db, viewer: Viewer, assignmentId: string, note: string | null): Promise<OfferResult> {
  const { assignment, request } = await lockAssignment(tx, assignmentId);
  if (assignment.status !== 'OFFERED' && assignment.status !== 'ACCEPTED') {
    throw new ConflictError(`This assignment is ${assignment.status}; only OFFERED or ACCEPTED ones can be withdrawn.`, 'INVALID_TRANSITION');
  }
  if (!acceptsOffers(request.status)) {
    throw new ConflictError(`The request is ${request.status}; its team can no longer change.`, 'INVALID_TRANSITION');
  }
  const [updated] = await tx
    .update(assignments)
    .set({ status: 'WITHDRAWN', respondedAt: sql`now()`, respondedByRole: viewer.role, note, updatedAt: sql`now()` })
    .where(eq(assignments.id, assignmentId))
    .returning();
  return { assignment: updated!, request };
}

/**
 * Expires every offer still OFFERED past its respondBy (at most `limit`, skipping rows another
 * instance is changing): EXPIRED frees the days. Returns the rows changed.
 */
export async function expireDueOffers(tx: Db, limit: number): Promise<AssignmentRow[]> {
  return tx
    .update(assignments)
    .set({ status: 'EXPIRED', respondedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      inArray(
        assignments.id,
        tx
          .select({ id: assignments.id })
          .from(assignments)
          .where(and(eq(assignments.status, 'OFFERED'), sql`${assignments.respondBy} <= now()`))
          .limit(limit)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning();
}

/** Offers still OFFERED whose respondBy falls within the next `hours` hours, soonest first. */
export async function offersExpiringWithin(db: Db, hours: number, limit: number): Promise<AssignmentRow[]> {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.status, 'OFFERED'), sql`${assignments.respondBy} <= now() + make_interval(hours => ${hours})`))
    .orderBy(assignments.respondBy, assignments.id)
    .limit(limit);
}

/** Moves every assignment of the request in one of `from` to `to`; returns the rows changed. */
export async function moveAssignments(tx: Db, requestId: string, from: readonly AssignmentRow['status'][], to: AssignmentRow['status']): Promise<AssignmentRow[]> {
  return tx
    .update(assignments)
    .set({ status: to, updatedAt: sql`now()` })
    .where(and(eq(assignments.requestId, requestId), inArray(assignments.status, [...from])))
    .returning();
}

export async function assignmentsByRequest(db: Db, requestIds: readonly string[]): Promise<AssignmentRow[]> {
  if (!requestIds.length) return [];
  return db.select().from(assignments).where(inArray(assignments.requestId, [...requestIds])).orderBy(assignments.offeredAt, assignments.id);
}

export async function assignmentsByRole(db: Db, roleIds: readonly string[]): Promise<AssignmentRow[]> {
  if (!roleIds.length) return [];
  return db.select().from(assignments).where(inArray(assignments.roleId, [...roleIds])).orderBy(assignments.offeredAt, assignments.id);
}

export async function assignmentsByIds(db: Db, ids: readonly string[]): Promise<AssignmentRow[]> {
  if (!ids.length) return [];
  return db.select().from(assignments).where(inArray(assignments.id, [...ids]));
}

/** An expert's assignments, latest start first; `after` is the last row's [startDate, id]. */
export function expertAssignments(db: Db, expertId: string, first: number, after?: [string, string]): Promise<Page<AssignmentRow>> {
  const keys = [assignments.startDate, assignments.id];
  return keysetPage(db, { table: assignments, where: [eq(assignments.expertId, expertId)], keys, direction: 'desc', first, after });
}
