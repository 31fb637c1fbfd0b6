// Reading the audit trail, newest first, for ADMIN and COORDINATOR.
import { and, count, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { auditLog } from '../../schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorTokenId?: string;
}

export async function findAudit(db: Db, filter: AuditFilter, first: number, afterId?: number) {
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorTokenId) where.push(eq(auditLog.actorTokenId, filter.actorTokenId));
  const page = afterId !== undefined ? [...where, lt(auditLog.id, afterId)] : where;
  const rows = await db.select().from(auditLog).where(and(...page)).orderBy(desc(auditLog.id)).limit(first + 1);
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    count: async () => Number((await db.select({ n: count() }).from(auditLog).where(and(...where)))[0]?.n ?? 0),
  };
}
