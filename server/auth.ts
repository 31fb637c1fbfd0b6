// Bearer tokens. A token is shown once at creation; only its SHA-256 is stored. Tokens are
// 256-bit random, so a fast hash is enough, and lookups go by the hash (no timing signal on the
// secret); the bootstrap ADMIN_TOKEN is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db/index.js';
import { liveTokenByHash } from './repo/tokens.js';
import type { Role } from '../schema/index.js';

export type { Role };

export interface Viewer {
  role: Role;
  /** null for the bootstrap ADMIN_TOKEN, which has no row. */
  tokenId: string | null;
  tokenName: string;
  expertId: string | null;
  /** Who owns the requests this viewer creates: the token id, or 'bootstrap'. */
  principal: string;
  /** The session's secret hash when the console's cookie signed this viewer in (server/session.ts). */
  session?: string;
}

/** ADMIN or COORDINATOR: the mediation support unit's staff. */
export function isStaff(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN' || viewer.role === 'COORDINATOR';
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(prefix: 'sb' | 'cal' | 'whsec'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Constant-time comparison of two secrets (of their hashes, so that lengths do not show). */
export function sameSecret(a: string, b: string): boolean {
  const ha = Buffer.from(hashSecret(a), 'hex');
  const hb = Buffer.from(hashSecret(b), 'hex');
  return timingSafeEqual(ha, hb);
}

/** The viewer behind a bearer token, or null for none, an unknown or a revoked token. */
export async function resolveViewer(db: Db, token: string | undefined, adminToken: string | undefined): Promise<Viewer | null> {
  if (!token || token.length > 200) return null;
  if (adminToken && sameSecret(token, adminToken)) {
    return { role: 'ADMIN', tokenId: null, tokenName: 'ADMIN_TOKEN', expertId: null, principal: 'bootstrap' };
  }
  const hash = hashSecret(token);
  const row = await liveTokenByHash(db, hash);
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return { role: row.role, tokenId: row.id, tokenName: row.name, expertId: row.expertId, principal: row.id };
}
