// The audit trail: one row per successful mutation, written in the mutation's own transaction so
// that a failed mutation leaves none.
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { auditLog } from '../../schema/index.js';

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
