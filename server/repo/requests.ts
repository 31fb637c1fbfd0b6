// Deployment requests: creation (idempotent per requester and key), reads, and status changes
// through the pure state machine, each recorded with its actor.
import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { assignments, deploymentRequests, requestRoles, requestTransitions, type DeploymentMode } from '../../schema/index.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { canTransition, type RequestStatus } from '../domain/requestState.js';
import { keysetPage, type Page } from './page.js';

export type RequestRow = typeof deploymentRequests.$inferSelect;
export type RoleRow = typeof requestRoles.$inferSelect;
export type TransitionRow = typeof requestTransitions.$inferSelect;

export interface NewRequest {
  title: string;
  requestingEntity: string;
  country: string;
  mode: DeploymentMode;
  startDate: string;
  endDate: string;
  minWomen: number;
  roles: { expertise: string; minLevel: number; languages: string[]; count: number }[];
  /** The actors involved, as named (may be empty). */
  parties: string[];
}

/** A stable fingerprint of a request's content, to tell a replay from a different request. */
export function requestFingerprint(input: NewRequest): string {
  const canonical = JSON.stringify([
    input.title,
    input.requestingEntity,
    input.country,
    input.mode,
    input.startDate,
    input.endDate,
    input.minWomen,
    input.roles.map((r) => [r.expertise, r.minLevel, [...r.languages].sort(), r.count]),
    // Only when named, so that requests made before parties existed keep their fingerprint.
    ...(input.parties.length ? [input.parties] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Inserts the request with its roles and first transition, or returns the request already made
 * with the same idempotency key by the same principal. The unique index decides races: the
 * loser's insert does nothing and it reads the winner's row.
 */
export async function insertRequest(
  tx: Db,
  viewer: Viewer,
  input: NewRequest,
  idempotencyKey: string | null,
): Promise<{ request: RequestRow; replayed: boolean }> {
  const inputHash = requestFingerprint(input);
  const values = { ...input, ownerPrincipal: viewer.principal, idempotencyKey, inputHash };
  const inserted = await tx
    .insert(deploymentRequests)
    .values(values)
    .onConflictDoNothing({ target: [deploymentRequests.ownerPrincipal, deploymentRequests.idempotencyKey] })
    .returning();
  if (!inserted.length) {
    const [existing] = await tx
      .select()
      .from(deploymentRequests)
      .where(and(eq(deploymentRequests.ownerPrincipal, viewer.principal), eq(deploymentRequests.idempotencyKey, idempotencyKey!)));
    if (!existing) throw new ConflictError('The idempotency key is being used by a request still in progress; retry.', 'IDEMPOTENCY_KEY_REUSED');
    if (existing.inputHash !== inputHash) {
      throw new ConflictError('This idempotency key was already used for a different request.', 'IDEMPOTENCY_KEY_REUSED');
    }
    return { request: existing, replayed: true };
  }
  const request = inserted[0]!;
  await tx.insert(requestRoles).values(
    input.roles.map((r, position) => ({
      requestId: request.id,
      position,
      expertiseCode: r.expertise,
      minLevel: r.minLevel,
      languages: r.languages,
      count: r.count,
    })),
  );
  await tx.insert(requestTransitions).values({
    requestId: request.id,
    fromStatus: null,
    toStatus: 'SUBMITTED',
    actorTokenId: viewer.tokenId,
    actorRole: viewer.role,
  });
  return { request, replayed: false };
}

/** Locks the request row for the rest of the transaction; every change to a request starts here. */
export async function lockRequest(tx: Db, requestId: string, field: (string | number)[] = ['input', 'requestId']): Promise<RequestRow> {
  const [row] = await tx.select().from(deploymentRequests).where(eq(deploymentRequests.id, requestId)).for('update');
  if (!row) throw new NotFoundError('No deployment request has this id.', field);
  return row;
}

/** Moves a locked request to `to` if the state machine allows it, recording who did it. */
export async function transitionRequest(tx: Db, viewer: Viewer, request: RequestRow, to: RequestStatus, note: string | null = null): Promise<RequestRow> {
  if (!canTransition(request.status, to)) {
    throw new ConflictError(`A ${request.status} request cannot become ${to}.`, 'INVALID_TRANSITION');
  }
  const [updated] = await tx
    .update(deploymentRequests)
    .set({ status: to, updatedAt: sql`now()` })
    .where(eq(deploymentRequests.id, request.id))
    .returning();
  await tx.insert(requestTransitions).values({
    requestId: request.id,
    fromStatus: request.status,
    toStatus: to,
    actorTokenId: viewer.tokenId,
    actorRole: viewer.role,
    note,
  });
  return updated!;
}

export async function requestsByIds(db: Db, ids: readonly string[]): Promise<RequestRow[]> {
  if (!ids.length) return [];
  return db.select().from(deploymentRequests).where(inArray(deploymentRequests.id, [...ids]));
}

export async function rolesByRequest(db: Db, requestIds: readonly string[]): Promise<RoleRow[]> {
  if (!requestIds.length) return [];
  return db.select().from(requestRoles).where(inArray(requestRoles.requestId, [...requestIds])).orderBy(requestRoles.requestId, requestRoles.position);
}

export async function rolesByIds(db: Db, ids: readonly string[]): Promise<RoleRow[]> {
  if (!ids.length) return [];
  return db.select().from(requestRoles).where(inArray(requestRoles.id, [...ids]));
}

export async function transitionsByRequest(db: Db, requestIds: readonly string[]): Promise<TransitionRow[]> {
  if (!requestIds.length) return [];
  return db
    .select()
    .from(requestTransitions)
    .where(inArray(requestTransitions.requestId, [...requestIds]))
    .orderBy(requestTransitions.requestId, requestTransitions.id);
}

export interface RequestFilter {
  statuses?: RequestStatus[];
  country?: string;
  /** Requests whose dates touch from..to. */
  from?: string;
  to?: string;
  /** REQUESTERs see only their own. */
  ownerPrincipal?: string;
  /** EXPERTs see only requests they hold an assignment on. */
  expertId?: string;
}

function requestConditions(filter: RequestFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.statuses?.length) where.push(inArray(deploymentRequests.status, filter.statuses));
  if (filter.country) where.push(eq(deploymentRequests.country, filter.country));
  if (filter.to) where.push(lte(deploymentRequests.startDate, filter.to));
  if (filter.from) where.push(gte(deploymentRequests.endDate, filter.from));
  if (filter.ownerPrincipal !== undefined) where.push(eq(deploymentRequests.ownerPrincipal, filter.ownerPrincipal));
  if (filter.expertId !== undefined) {
    where.push(sql`exists (select 1 from ${assignments} a where a.request_id = ${deploymentRequests.id} and a.expert_id = ${filter.expertId})`);
  }
  return where;
}

/** Newest first: ordered by submission time descending, then id descending; `after` is the last row's [submittedAt, id]. */
export function findRequests(db: Db, filter: RequestFilter, first: number, after?: [string, string]): Promise<Page<RequestRow>> {
  const keys = [deploymentRequests.submittedAt, deploymentRequests.id];
  return keysetPage(db, { table: deploymentRequests, where: requestConditions(filter), keys, direction: 'desc', first, after });
}

