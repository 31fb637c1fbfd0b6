// Webhooks: created by a REQUESTER or staff, listed and deleted by their owner (ADMIN: any), and
// the listeners of an event. The secret is read only by the delivery worker.
import { and, arrayContains, desc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { apiTokens, deploymentRequests, webhooks, type Role, type WebhookEvent } from '../../schema/index.js';

export type WebhookRow = Omit<typeof webhooks.$inferSelect, 'secret'>;

const publicColumns = {
  id: webhooks.id,
  ownerPrincipal: webhooks.ownerPrincipal,
  ownerRole: webhooks.ownerRole,
  url: webhooks.url,
  events: webhooks.events,
  createdAt: webhooks.createdAt,
};

export async function insertWebhook(tx: Db, row: { ownerPrincipal: string; ownerRole: Role; url: string; events: WebhookEvent[]; secret: string }): Promise<WebhookRow> {
  const [created] = await tx.insert(webhooks).values(row).returning(publicColumns);
  return created!;
}

/** The webhooks of `ownerPrincipal`, or every webhook when it is null; newest first. */
export async function listWebhooks(db: Db, ownerPrincipal: string | null): Promise<WebhookRow[]> {
  return db
    .select(publicColumns)
    .from(webhooks)
    .where(ownerPrincipal === null ? undefined : eq(webhooks.ownerPrincipal, ownerPrincipal))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
}

/** Deletes the webhook (only `ownerPrincipal`'s unless null) and returns it, or undefined when there is none. */
export async function deleteWebhook(tx: Db, id: string, ownerPrincipal: string | null): Promise<WebhookRow | undefined> {
  const [row] = await tx
    .delete(webhooks)
    .where(and(eq(webhooks.id, id), ownerPrincipal === null ? undefined : eq(webhooks.ownerPrincipal, ownerPrincipal)))
    .returning(publicColumns);
  return row;
}

/**
 * The webhooks that hear `event` about each of these requests: staff webhooks hear every request,
 * a REQUESTER's only those its token created. A revoked owner's webhooks fall silent.
 */
export async function listenersFor(db: Db, event: WebhookEvent, requestIds: readonly string[]): Promise<{ webhookId: string; url: string; requestId: string }[]> {
  if (!requestIds.length) return [];
  return db
    .select({ webhookId: webhooks.id, url: webhooks.url, requestId: deploymentRequests.id })
    .from(webhooks)
    .innerJoin(deploymentRequests, or(ne(webhooks.ownerRole, 'REQUESTER'), eq(webhooks.ownerPrincipal, deploymentRequests.ownerPrincipal)))
    .leftJoin(apiTokens, sql`${apiTokens.id}::text = ${webhooks.ownerPrincipal}`)
    .where(
      and(
        inArray(deploymentRequests.id, [...requestIds]),
        arrayContains(webhooks.events, [event]),
        or(eq(webhooks.ownerPrincipal, 'bootstrap'), and(isNotNull(apiTokens.id), isNull(apiTokens.revokedAt))),
      ),
    )
    .orderBy(webhooks.createdAt, webhooks.id);
}

/** What the delivery worker needs: the url and the signing secret; undefined once deleted. */
export async function webhookTarget(db: Db, id: string): Promise<{ url: string; secret: string } | undefined> {
  const [row] = await db.select({ url: webhooks.url, secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, id));
  return row;
}
