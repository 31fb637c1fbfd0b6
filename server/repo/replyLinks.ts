// One-tap reply links and email confirmations: the rows their signed secrets name (server/links.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { emailChanges, replyLinks } from '../../schema/index.js';

export type ReplyLinkRow = typeof replyLinks.$inferSelect;
export type EmailChangeRow = typeof emailChanges.$inferSelect;

export async function createReplyLink(tx: Db, assignmentId: string, expertId: string, expiresAt: string): Promise<string> {
  const [row] = await tx.insert(replyLinks).values({ assignmentId, expertId, expiresAt }).returning({ id: replyLinks.id });
  return row!.id;
}

export async function replyLink(db: Db, id: string, lock = false): Promise<ReplyLinkRow | undefined> {
  const query = db.select().from(replyLinks).where(eq(replyLinks.id, id));
  return (await (lock ? query.for('update') : query))[0];
}

/** Marks the link used; false when another request used it first. */
export async function useReplyLink(tx: Db, id: string): Promise<boolean> {
  const rows = await tx.update(replyLinks).set({ usedAt: sql`now()` }).where(and(eq(replyLinks.id, id), isNull(replyLinks.usedAt))).returning({ id: replyLinks.id });
  return rows.length === 1;
}

export async function createEmailChange(tx: Db, expertId: string, newEmail: string, hours: number): Promise<EmailChangeRow> {
  const [row] = await tx
    .insert(emailChanges)
    .values({ expertId, newEmail, expiresAt: sql`now() + make_interval(hours => ${hours})` as unknown as string })
    .returning();
  return row!;
}

export async function emailChange(db: Db, id: string, lock = false): Promise<EmailChangeRow | undefined> {
  const query = db.select().from(emailChanges).where(eq(emailChanges.id, id));
  return (await (lock ? query.for('update') : query))[0];
}

export async function useEmailChange(tx: Db, id: string): Promise<boolean> {
  const rows = await tx.update(emailChanges).set({ usedAt: sql`now()` }).where(and(eq(emailChanges.id, id), isNull(emailChanges.usedAt))).returning({ id: emailChanges.id });
  return rows.length === 1;
}
