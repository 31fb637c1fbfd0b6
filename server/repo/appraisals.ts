// Appraisals of a deployment: one rating (1–5) per COMPLETED assignment and author token, enforced
// by a unique index; reads by expert or assignment, and the per-expert count and sum that
// fitScore's appraisal term needs.
import { count, desc, eq, inArray, sum, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { appraisals, assignments } from '../../schema/index.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { requestsByIds, type RequestRow } from './requests.js';
import type { AssignmentRow } from './assignments.js';

export type AppraisalRow = typeof appraisals.$inferSelect & { expertId: string };

const columns = {
  id: appraisals.id,
  assignmentId: appraisals.assignmentId,
  authorPrincipal: appraisals.authorPrincipal,
  authorRole: appraisals.authorRole,
  rating: appraisals.rating,
  comment: appraisals.comment,
  createdAt: appraisals.createdAt,
  expertId: assignments.expertId,
};

/** The assignment to appraise and its request, or NOT_FOUND at ["input", "assignmentId"]. */
export async function assignmentToAppraise(db: Db, assignmentId: string): Promise<{ assignment: AssignmentRow; request: RequestRow }> {
  const [assignment] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!assignment) throw new NotFoundError('No assignment has this id.', ['input', 'assignmentId']);
  const [request] = await requestsByIds(db, [assignment.requestId]);
  return { assignment, request: request! };
}

/**
 * Records `viewer`'s appraisal of a COMPLETED assignment. COMPLETED is final, so reading the status
 * first cannot race; a second appraisal by the same principal is refused by the unique index.
 */
export async function insertAppraisal(tx: Db, viewer: Viewer, assignment: AssignmentRow, rating: number, comment: string | null): Promise<AppraisalRow> {
  if (assignment.status !== 'COMPLETED') {
    throw new ConflictError(`This assignment is ${assignment.status}; only a COMPLETED assignment can be appraised.`, 'NOT_COMPLETED');
  }
  const [row] = await tx
    .insert(appraisals)
    .values({ assignmentId: assignment.id, authorPrincipal: viewer.principal, authorRole: viewer.role, rating, comment })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError('You have already appraised this assignment.', 'ALREADY_APPRAISED');
  return { ...row, expertId: assignment.expertId };
}

export async function appraisalsByIds(db: Db, ids: readonly string[]): Promise<AppraisalRow[]> {
  if (!ids.length) return [];
  return db.select(columns).from(appraisals).innerJoin(assignments, eq(assignments.id, appraisals.assignmentId)).where(inArray(appraisals.id, [...ids]));
}

/** Appraisals of these experts, newest first. */
export async function appraisalsByExpert(db: Db, expertIds: readonly string[]): Promise<AppraisalRow[]> {
  if (!expertIds.length) return [];
  return newestFirst(db, inArray(assignments.expertId, [...expertIds]));
}

/** Appraisals of these assignments, newest first. */
export async function appraisalsByAssignment(db: Db, assignmentIds: readonly string[]): Promise<AppraisalRow[]> {
  if (!assignmentIds.length) return [];
  return newestFirst(db, inArray(appraisals.assignmentId, [...assignmentIds]));
}

function newestFirst(db: Db, where: SQL): Promise<AppraisalRow[]> {
  return db
    .select(columns)
    .from(appraisals)
    .innerJoin(assignments, eq(assignments.id, appraisals.assignmentId))
    .where(where)
    .orderBy(desc(appraisals.createdAt), desc(appraisals.id));
}

/** How many appraisals each expert has and the sum of their ratings (experts without any are absent). */
export async function appraisalTotals(db: Db, expertIds: readonly string[] | SQLWrapper): Promise<Map<string, { count: number; sum: number }>> {
  const rows = await db
    .select({ expertId: assignments.expertId, count: count(), sum: sum(appraisals.rating) })
    .from(appraisals)
    .innerJoin(assignments, eq(assignments.id, appraisals.assignmentId))
    .where(inArray(assignments.expertId, Array.isArray(expertIds) ? [...expertIds] : (expertIds as SQLWrapper)))
    .groupBy(assignments.expertId);
  return new Map(rows.map((r) => [r.expertId, { count: Number(r.count), sum: Number(r.sum) }]));
}
