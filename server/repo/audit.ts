// The audit trail: one row per successful mutation, written in the mutation's own transaction so
// that a failed mutation leaves none; read newest first by ADMIN and COORDINATOR.
import { eq, type SQL } from 'drizzle-orm';
import { keysetPage, type Page } from './page.js';
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { auditLog } from '../../schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown>;
}

export async function writeAudit(tx: Db, viewer: Viewer, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorTokenId: viewer.tokenId,
    actorRole: viewer.role,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: redact(entry.changes ?? {}),
  });
}

// Secrets never reach the audit log, whatever a caller passes.
function redact(changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) out[key] = /token|secret|hash/i.test(key) ? '[redacted]' : value;
  return out;
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorTokenId?: string;
}

/** Newest first; `after` is the last row's [id]. */
export function findAudit(db: Db, filter: AuditFilter, first: number, after?: [number]): Promise<Page<AuditRow>> {
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorTokenId) where.push(eq(auditLog.actorTokenId, filter.actorTokenId));
  return keysetPage(db, { table: auditLog, where, keys: [auditLog.id], direction: 'desc', first, after });
}
