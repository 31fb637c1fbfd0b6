// SQL of console sessions (server/session.ts). Every lookup re-checks, in the database and at
// its clock, that the session is neither idle too long nor past its absolute end, and that its
// token is not revoked; nothing is cached, so a revocation ends the session on the next request.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { Role } from '../auth.js';
import { apiTokens, sessions } from '../../schema/index.js';

export interface SessionRow {
  tokenId: string | null;
  bootstrapProof: string | null;
  role: Role | null;
  tokenName: string | null;
  expertId: string | null;
  /** Seconds since the session was last used, to touch it at most once a minute. */
  idleSeconds: number;
}

const live = (idleMinutes: number) =>
  and(
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${idleMinutes})`),
    or(isNull(sessions.tokenId), isNull(apiTokens.revokedAt)),
  );

/** Opens a session and clears the ones that have ended, so the table stays small without a job. */
export async function insertSession(
  db: Db,
  session: { secretHash: string; tokenId: string | null; bootstrapProof: string | null; maxHours: number; idleMinutes: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, sql`now()`), lt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${session.idleMinutes})`)));
    await tx.insert(sessions).values({
      secretHash: session.secretHash,
      tokenId: session.tokenId,
      bootstrapProof: session.bootstrapProof,
      expiresAt: sql`now() + make_interval(hours => ${session.maxHours})`,
    });
  });
}

/** The live session with this secret hash and its token's role, or null. */
export async function findLiveSession(db: Db, secretHash: string, idleMinutes: number): Promise<SessionRow | null> {
  const [row] = await db
    .select({
      tokenId: sessions.tokenId,
      bootstrapProof: sessions.bootstrapProof,
      role: apiTokens.role,
      tokenName: apiTokens.name,
      expertId: apiTokens.expertId,
      idleSeconds: sql<number>`extract(epoch from now() - ${sessions.lastSeenAt})::float8`,
    })
    .from(sessions)
    .leftJoin(apiTokens, eq(apiTokens.id, sessions.tokenId))
    .where(and(eq(sessions.secretHash, secretHash), live(idleMinutes)))
    .limit(1);
  return row ? { ...row, idleSeconds: Number(row.idleSeconds) } : null;
}

/** Whether the session still exists, is not past its absolute end and its token is not revoked. */
export async function sessionIsOpen(db: Db, secretHash: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(sessions)
    .leftJoin(apiTokens, eq(apiTokens.id, sessions.tokenId))
    .where(and(eq(sessions.secretHash, secretHash), gt(sessions.expiresAt, sql`now()`), or(isNull(sessions.tokenId), isNull(apiTokens.revokedAt))));
  return row !== undefined;
}

export async function touchSession(db: Db, secretHash: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.secretHash, secretHash));
}

export async function deleteSession(db: Db, secretHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.secretHash, secretHash));
}
