// What every resolver receives: the viewer, the database, the event bus and the request's time and base url.
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { PendingEvents, type EventBus } from '../events.js';
import { writeAudit, type AuditEntry } from '../repo/audit.js';

export interface Context {
  viewer: Viewer | null;
  db: Db;
  events: EventBus;
  now: Date;
  /** Where this service is reached, for links it hands out. */
  baseUrl: string;
  /** Runs CPU-heavy work (a proposal) in the viewer's turn: at most HEAVY_CONCURRENCY at once per token. */
  heavy<T>(work: () => Promise<T>): Promise<T>;
  /** WEBHOOK_ALLOW_PRIVATE: webhook urls may name loopback and private addresses. */
  webhookAllowPrivate: boolean;
}

export interface WriteScope {
  tx: Db;
  viewer: Viewer;
  events: PendingEvents;
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * Runs a mutation's writes in one transaction with its audit rows; events are published only
 * after the commit, so subscribers never see a change that was rolled back.
 */
export async function write<T>(ctx: Context, fn: (scope: WriteScope) => Promise<T>): Promise<T> {
  const viewer = ctx.viewer;
  if (!viewer) throw new Error('write() needs an authenticated viewer; scope-auth should have refused');
  const events = new PendingEvents(ctx.events);
  const result = await ctx.db.transaction(async (tx) =>
    fn({ tx: tx as unknown as Db, viewer, events, audit: (entry) => writeAudit(tx as unknown as Db, viewer, entry) }),
  );
  events.flush();
  return result;
}
