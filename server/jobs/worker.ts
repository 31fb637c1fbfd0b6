// The worker that runs inside every instance, every JOB_INTERVAL_MS (and at once when a write
// queued mail): it expires offers past their respondBy, writes the clearance reminders that are
// due, and delivers due outbox messages. Every step is safe with any number of instances: rows are
// claimed with FOR UPDATE SKIP LOCKED, reminders carry a unique key, and a delivery holds a lease
// so that a crash (kill -9 included) leaves the message due again, never lost.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/index.js';
import { PendingEvents, type EventBus } from '../events.js';
import { notify, emailMessage } from '../notify.js';
import { clearanceExpiring } from '../mail/messages.js';
import { createMailer, type MailBody, type Mailer } from '../mail/transport.js';
import { expireDueOffers } from '../repo/assignments.js';
import { claimDue, enqueue, markDelivered, markFailed, type OutboxRow } from '../repo/outbox.js';
import { dueReminders } from '../repo/reminders.js';
import type { OutboxChannel } from '../../schema/index.js';

/** Delivers one message of a channel; throws to have it retried. 'KEPT' when it is kept rather than sent. */
export type Deliver = (message: OutboxRow) => Promise<void | 'KEPT'>;

const channels = new Map<OutboxChannel, (deps: WorkerDeps) => Deliver>();

/** Registers how a channel delivers (EMAIL here; WEBHOOK in server/webhooks). */
export function registerChannel(channel: OutboxChannel, make: (deps: WorkerDeps) => Deliver): void {
  channels.set(channel, make);
}

export interface WorkerDeps {
  database: Database;
  config: Config;
  events: EventBus;
  log?: FastifyBaseLogger;
}

export interface RunStats {
  expired: number;
  reminders: number;
  delivered: number;
  failed: number;
}

export interface Worker {
  /** One pass of every job; `reminders: true` looks for due reminders whatever the time since the last look. */
  runOnce(options?: { reminders?: boolean }): Promise<RunStats>;
  /** Asks for a pass soon (a write just queued messages). */
  wake(): void;
  stop(): Promise<void>;
}

const BATCH = 20;
const REMINDER_EVERY_MS = 60_000;

registerChannel('EMAIL', ({ config }) => {
  const mailer: Mailer | undefined = createMailer(config.mail.smtpUrl, config.mail.from);
  return async (message) => {
    if (!mailer) return 'KEPT';
    await mailer.send(message.recipient, message.body as MailBody, message.id);
  };
});

export function baseUrlOf(config: Config): string {
  return config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}

export function createWorker(deps: WorkerDeps): Worker {
  const { database, config, events } = deps;
  const db = database.db;
  const deliverers = new Map([...channels].map(([channel, make]) => [channel, make(deps)]));
  let lastReminders = 0;
  let running: Promise<RunStats> | undefined;
  let again = false;
  let stopped = false;

  async function expire(): Promise<number> {
    const pending = new PendingEvents(events);
    const expired = await db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const rows = await expireDueOffers(tx, 100);
      for (const a of rows) {
        pending.add('requestUpdated', a.requestId, { requestId: a.requestId });
        pending.add('offerUpdated', a.expertId, { assignmentId: a.id });
      }
      await notify(tx, pending, baseUrlOf(config));
      return rows.length;
    });
    pending.flush();
    return expired;
  }

  async function remind(): Promise<number> {
    const due = await dueReminders(db, 200);
    const written = await enqueue(
      db,
      due.map((r) =>
        emailMessage('CLEARANCE_EXPIRING', r.expertEmail, clearanceExpiring({ expertName: r.expertName, clearance: r.clearance, validUntil: r.validUntil, days: r.daysLeft, language: r.language }), r.dedupeKey),
      ),
    );
    return written.length;
  }

  async function deliverOne(message: OutboxRow): Promise<boolean> {
    const deliver = deliverers.get(message.channel);
    try {
      if (!deliver) throw new Error(`no deliverer for channel ${message.channel}`);
      const outcome = await deliver(message);
      await markDelivered(db, message.id, outcome === 'KEPT' ? 'KEPT' : 'SENT');
      return true;
    } catch (error) {
      const status = await markFailed(db, message, error instanceof Error ? error.message : String(error), config.jobIntervalMs);
      deps.log?.warn({ messageId: message.id, channel: message.channel, attempts: message.attempts, status }, 'outbox: delivery failed');
      return false;
    }
  }

  async function deliver(stats: RunStats): Promise<void> {
    for (;;) {
      const claimed = await claimDue(db, BATCH, config.outboxLeaseMs);
      for (const ok of await Promise.all(claimed.map(deliverOne))) ok ? stats.delivered++ : stats.failed++;
      if (claimed.length < BATCH || stopped) return;
    }
  }

  async function pass(options: { reminders?: boolean }): Promise<RunStats> {
    const stats: RunStats = { expired: 0, reminders: 0, delivered: 0, failed: 0 };
    stats.expired = await expire();
    if (options.reminders || Date.now() - lastReminders >= REMINDER_EVERY_MS) {
      lastReminders = Date.now();
      stats.reminders = await remind();
    }
    await deliver(stats);
    return stats;
  }

  function runOnce(options: { reminders?: boolean } = {}): Promise<RunStats> {
    if (running) {
      // One pass at a time per instance; a pass asked for meanwhile runs right after.
      return running.then(() => runOnce(options));
    }
    running = pass(options).finally(() => {
      running = undefined;
    });
    return running;
  }

  const tick = () => {
    if (stopped) return;
    runOnce().catch((error) => deps.log?.error({ err: error }, 'outbox: worker pass failed'));
  };
  const timer = config.jobs ? setInterval(tick, config.jobIntervalMs) : undefined;
  timer?.unref();
  let woken: NodeJS.Timeout | undefined;

  return {
    runOnce,
    wake() {
      if (stopped || woken || !config.jobs) return;
      again = true;
      woken = setTimeout(() => {
        woken = undefined;
        if (again) {
          again = false;
          tick();
        }
      }, 0);
      woken.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (woken) clearTimeout(woken);
      await running?.catch(() => undefined);
    },
  };
}
