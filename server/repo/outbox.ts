// The transactional outbox: messages are written in the transaction of the change that caused them
// (enqueue), and claimed by the worker of any instance with FOR UPDATE SKIP LOCKED, each under a
// lease, so that exactly one instance holds a message at a time and a crash loses none.
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { rowsOf } from '../db/rows.js';
import { outboxMessages, type OutboxChannel, type OutboxKind, type OutboxStatus } from '../../schema/index.js';
import { LEASE_MS, afterFailure, retryDelayMs } from '../domain/delivery.js';
import { keysetPage, type Page } from './page.js';

export type OutboxRow = typeof outboxMessages.$inferSelect;

export interface NewMessage {
  kind: OutboxKind;
  channel: OutboxChannel;
  recipient: string;
  subject: string;
  body: Record<string, unknown>;
  /** A message with a key is written once only, whoever tries again (clearance reminders). */
  dedupeKey?: string;
  webhookId?: string;
}

/** Writes messages inside the caller's transaction; a message whose dedupe key exists is skipped. Returns those written. */
export async function enqueue(tx: Db, messages: readonly NewMessage[]): Promise<OutboxRow[]> {
  if (!messages.length) return [];
  return tx
    .insert(outboxMessages)
    .values(messages.map((m) => ({ ...m, dedupeKey: m.dedupeKey ?? null, webhookId: m.webhookId ?? null })))
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning();
}

/**
 * Claims up to `limit` due messages for this worker: their next attempt moves a lease ahead and
 * their attempt count goes up, in one statement, so that another instance skips them.
 */
export async function claimDue(db: Db, limit: number, leaseMs: number = LEASE_MS): Promise<OutboxRow[]> {
  const result = await db.execute(sql`
    update outbox_message m
       set attempts = m.attempts + 1,
           next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
     where m.id in (
       select id from outbox_message
        where status in ('PENDING', 'RETRYING') and next_attempt_at <= now()
        order by next_attempt_at, id
        limit ${limit}
        for update skip locked)
    returning m.id`);
  const ids = rowsOf<{ id: string }>(result).map((r) => r.id);
  if (!ids.length) return [];
  return db.select().from(outboxMessages).where(inArray(outboxMessages.id, ids)).orderBy(outboxMessages.createdAt, outboxMessages.id);
}

export async function markDelivered(db: Db, id: string, status: Extract<OutboxStatus, 'SENT' | 'KEPT'>): Promise<void> {
  await db
    .update(outboxMessages)
    .set({ status, sentAt: status === 'SENT' ? sql`now()` : null, lastError: null })
    .where(eq(outboxMessages.id, id));
}

/** Records a failed attempt: retried after the backoff, or DEAD after the last attempt. */
export async function markFailed(db: Db, row: Pick<OutboxRow, 'id' | 'attempts'>, error: string, baseMs: number): Promise<OutboxStatus> {
  const status = afterFailure(row.attempts);
  await db
    .update(outboxMessages)
    .set({
      status,
      lastError: error.slice(0, 1000),
      nextAttemptAt: sql`now() + make_interval(secs => ${retryDelayMs(row.attempts, baseMs) / 1000})`,
    })
    .where(eq(outboxMessages.id, row.id));
  return status;
}

export interface OutboxFilter {
  status?: OutboxStatus | null;
  kind?: OutboxKind | null;
  recipient?: string | null;
}

/** The outbox, newest first; `after` is the last row's [createdAt, id]. */
export function outboxPage(db: Db, filter: OutboxFilter, first: number, after?: [string, string]): Promise<Page<OutboxRow>> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(outboxMessages.status, filter.status));
  if (filter.kind) where.push(eq(outboxMessages.kind, filter.kind));
  if (filter.recipient) where.push(sql`lower(${outboxMessages.recipient}) = lower(${filter.recipient})`);
  return keysetPage(db, { table: outboxMessages, where, keys: [outboxMessages.createdAt, outboxMessages.id], direction: 'desc', first, after });
}

export async function outboxByIds(db: Db, ids: readonly string[]): Promise<OutboxRow[]> {
  if (!ids.length) return [];
  return db.select().from(outboxMessages).where(inArray(outboxMessages.id, [...ids]));
}
