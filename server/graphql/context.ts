// What every resolver receives: the viewer, the database, the event bus and the request's time and base url.
import type { Viewer } from '../auth.js';
import type { Db } from '../db/index.js';
import { PendingEvents, type EventBus } from '../events.js';
import { writeAudit, type AuditEntry } from '../repo/audit.js';
import { notify } from '../notify.js';

export interface Context {
  viewer: Viewer | null;
  db: Db;
  /** Where the reports read: a replica (READ_DATABASE_URL) that may lag behind `db`, else `db`. */
  reportsDb: Db;
  events: EventBus;
  now: Date;
  /** Where this service is reached, for links it hands out. */
  baseUrl: string;
  /** Runs CPU-heavy work (a proposal) in the viewer's turn: at most HEAVY_CONCURRENCY at once per token. */
  heavy<T>(work: () => Promise<T>): Promise<T>;
  /** Offers last this long when respondBy is not given (OFFER_TTL_HOURS). */
  offerTtlHours: number;
  /** Asks this instance's worker to deliver soon (a write just queued messages). */
  wake?: () => void;
  /** An assignment that a one-tap link (not a token) may read in this request's answer. */
  linkGrant?: string;
  /** WEBHOOK_ALLOW_PRIVATE: webhook urls may name loopback and private addresses. */
  webhookAllowPrivate: boolean;
}

/** What write() needs of a context: routes outside GraphQL (one-tap pages) build this much. */
export type WriteContext = Pick<Context, 'viewer' | 'db' | 'events' | 'baseUrl' | 'wake'>;

export interface WriteScope {
  tx: Db;
  viewer: Viewer;
  events: PendingEvents;
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * Runs a mutation's writes in one transaction with its audit rows and the outbox messages they
 * cause (server/notify.ts); events are published only after the commit, so subscribers never see
 * a change that was rolled back. `as` acts for a viewer the request did not sign in (a one-tap link).
 */
export async function write<T>(ctx: WriteContext, fn: (scope: WriteScope) => Promise<T>, as?: Viewer): Promise<T> {
  const viewer = as ?? ctx.viewer;
  if (!viewer) throw new Error('write() needs an authenticated viewer; scope-auth should have refused');
  const events = new PendingEvents(ctx.events);
  let queued = 0;
  const result = await ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const value = await fn({ tx, viewer, events, audit: (entry) => writeAudit(tx, viewer, entry) });
    queued = await notify(tx, events, ctx.baseUrl);
    return value;
  });
  if (queued) ctx.wake?.();
  events.flush();
  return result;
}
