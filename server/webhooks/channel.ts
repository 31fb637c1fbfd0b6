// Webhooks in the outbox: each change that notify() turns into messages (server/notify.ts) also
// becomes one WEBHOOK message per listening webhook, in the same transaction; the worker's WEBHOOK
// channel delivers it (server/webhooks/deliver.ts). The outbox message's id is the delivery id, so
// every retry carries the same `Standby-Delivery`.
import { globalId } from '../graphql/ids.js';
import { registerChannel } from '../jobs/worker.js';
import { onChanges } from '../notify.js';
import type { NewMessage } from '../repo/outbox.js';
import { listenersFor, webhookTarget } from '../repo/webhooks.js';
import { deliverWebhook } from './deliver.js';
import type { WebhookEvent } from '../../schema/index.js';

/** What a delivery carries besides its id: `{ event, occurredAt, data }` (the outbox body). */
interface WebhookBody {
  event: WebhookEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}

function message(event: WebhookEvent, webhookId: string, url: string, body: WebhookBody, about: string): NewMessage {
  return { kind: event, channel: 'WEBHOOK', recipient: url, subject: `${event} ${about}`, body: { ...body }, webhookId };
}

onChanges(async (tx, { assignments, transitions }) => {
  const occurredAt = new Date().toISOString();
  const out: NewMessage[] = [];
  const requestHooks = await listenersFor(tx, 'REQUEST_UPDATED', [...new Set(transitions.map((t) => t.requestId))]);
  for (const t of transitions) {
    const request = { id: globalId('DeploymentRequest', t.requestId), status: t.toStatus, previousStatus: t.fromStatus };
    for (const hook of requestHooks.filter((h) => h.requestId === t.requestId)) {
      out.push(message('REQUEST_UPDATED', hook.webhookId, hook.url, { event: 'REQUEST_UPDATED', occurredAt, data: { request } }, request.id));
    }
  }
  const offerHooks = await listenersFor(tx, 'OFFER_UPDATED', [...new Set(assignments.map((a) => a.requestId))]);
  for (const a of assignments) {
    // Only what every listener may know: the request's owner sees an assignment's id and status;
    // who the expert is stays behind the API's own rules.
    const assignment = { id: globalId('Assignment', a.id), status: a.status, respondBy: a.respondBy, request: { id: globalId('DeploymentRequest', a.requestId) } };
    for (const hook of offerHooks.filter((h) => h.requestId === a.requestId)) {
      out.push(message('OFFER_UPDATED', hook.webhookId, hook.url, { event: 'OFFER_UPDATED', occurredAt, data: { assignment } }, assignment.id));
    }
  }
  return out;
});

registerChannel('WEBHOOK', ({ database, config }) => async (row) => {
  if (!row.webhookId) throw new Error('a WEBHOOK message without a webhook');
  const target = await webhookTarget(database.db, row.webhookId);
  if (!target) throw new Error('the webhook was deleted');
  const body = row.body as unknown as WebhookBody;
  const result = await deliverWebhook(target.url, target.secret, { id: row.id, event: body.event, occurredAt: body.occurredAt, data: body.data }, { allowPrivate: config.webhookAllowPrivate });
  if (!result.ok) throw new Error(result.error);
});
