// API tokens: issued once (GraphQL's createApiToken, the demo seed and the benchmark all call
// issueToken), looked up by the SHA-256 of the secret, revoked by stamping revoked_at.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hashSecret, newSecret } from '../auth.js';
import type { Db } from '../db/index.js';
import { apiTokens, type Role } from '../../schema/index.js';

export type TokenRow = typeof apiTokens.$inferSelect;

/** Stores a new token's hash and returns its secret (shown once, never stored) with the row. */
export async function issueToken(tx: Db, token: { role: Role; name: string; expertId: string | null; email?: string | null }): Promise<{ secret: string; row: TokenRow }> {
  const secret = newSecret('sb');
  const [row] = await tx.insert(apiTokens).values({ ...token, tokenHash: hashSecret(secret) }).returning();
  return { secret, row: row! };
}

/** The live (not revoked) token whose secret hashes to `hash`. */
export async function liveTokenByHash(db: Db, hash: string): Promise<Pick<TokenRow, 'id' | 'role' | 'name' | 'expertId' | 'tokenHash'> | undefined> {
  const [row] = await db
    .select({ id: apiTokens.id, role: apiTokens.role, name: apiTokens.name, expertId: apiTokens.expertId, tokenHash: apiTokens.tokenHash })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .limit(1)
    // Every request with a token runs this: a named prepared statement, parsed once per connection.
    .prepare('live_token_by_hash')
    .execute();
  return row;
}

/** Whether the token is still valid (not revoked); open subscriptions re-check it on every event. */
export async function tokenIsLive(db: Db, tokenId: string): Promise<boolean> {
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)));
  return row !== undefined;
}

/** Whether a live token of this role and name exists (the demo seed issues each demo token once). */
export async function liveTokenNamed(db: Db, role: Role, name: string): Promise<boolean> {
  const rows = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.role, role), eq(apiTokens.name, name), isNull(apiTokens.revokedAt)))
    .limit(1);
  return rows.length > 0;
}

export async function tokensByIds(db: Db, ids: readonly string[]): Promise<TokenRow[]> {
  if (!ids.length) return [];
  return db.select().from(apiTokens).where(inArray(apiTokens.id, [...ids]));
}

/** Revokes a token (a second revocation keeps the first time); undefined when there is none. */
export async function revokeToken(tx: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, id))
    .returning();
  return row;
}
