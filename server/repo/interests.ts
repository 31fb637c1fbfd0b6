// Declared interests: an expert's ties to a country and/or a party. The folded party key is
// stored beside the text (server/domain/interests.ts partyKey) so that SQL can compare it with a
// request's parties; the same tie declared twice is refused by a unique index.
import { asc, eq, inArray, type SQLWrapper } from 'drizzle-orm';
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { declaredInterests, experts } from '../../schema/index.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { partyKey } from '../domain/interests.js';

export type InterestRow = typeof declaredInterests.$inferSelect;

export interface NewInterest {
  expertId: string;
  country: string | null;
  party: string | null;
  note: string | null;
}

export async function insertInterest(tx: Db, viewer: Viewer, input: NewInterest): Promise<InterestRow> {
  const [expert] = await tx.select({ id: experts.id }).from(experts).where(eq(experts.id, input.expertId));
  if (!expert) throw new NotFoundError('No expert has this id.', ['input', 'expertId']);
  const [row] = await tx
    .insert(declaredInterests)
    .values({ ...input, partyKey: input.party === null ? null : partyKey(input.party), declaredByRole: viewer.role })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError('This expert has already declared this interest.', 'ALREADY_DECLARED');
  return row;
}

export async function interestsByIds(db: Db, ids: readonly string[]): Promise<InterestRow[]> {
  if (!ids.length) return [];
  return db.select().from(declaredInterests).where(inArray(declaredInterests.id, [...ids]));
}

/** Interests of these experts (ids, or a subquery of ids), oldest first. */
export async function interestsByExpert(db: Db, expertIds: readonly string[] | SQLWrapper): Promise<InterestRow[]> {
  if (Array.isArray(expertIds) && !expertIds.length) return [];
  return db
    .select()
    .from(declaredInterests)
    .where(inArray(declaredInterests.expertId, Array.isArray(expertIds) ? [...expertIds] : (expertIds as SQLWrapper)))
    .orderBy(asc(declaredInterests.createdAt), asc(declaredInterests.id));
}

/** Deletes one interest and returns it, or NOT_FOUND at ["input", "id"]. */
export async function deleteInterest(tx: Db, id: string): Promise<InterestRow> {
  const [row] = await tx.delete(declaredInterests).where(eq(declaredInterests.id, id)).returning();
  if (!row) throw new NotFoundError('No declared interest has this id.', ['input', 'id']);
  return row;
}
