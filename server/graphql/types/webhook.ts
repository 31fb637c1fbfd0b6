// Webhooks for requesters' own systems (docs/api.md, "Webhooks"): createWebhook (REQUESTER and
// staff; the secret is shown once), webhooks (the caller's own; ADMIN all), deleteWebhook.
import { builder } from '../builder.js';
import { write } from '../context.js';
import { decodeId, globalId } from '../ids.js';
import { DateTimeScalar } from './common.js';
import { newSecret } from '../../auth.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { deleteWebhook, insertWebhook, listWebhooks, type WebhookRow } from '../../repo/webhooks.js';
import { checkWebhookTarget, WebhookUrlRefused } from '../../webhooks/guard.js';
import { webhookEventEnum, type WebhookEvent } from '../../../schema/index.js';
import type { Viewer } from '../../auth.js';

export const WebhookEventEnum = builder.enumType('WebhookEvent', {
  description: 'What a webhook hears.',
  values: {
    REQUEST_UPDATED: { description: 'A deployment request changed status.' },
    OFFER_UPDATED: { description: 'An offer on a request was made, answered, withdrawn or expired.' },
  } satisfies Record<(typeof webhookEventEnum.enumValues)[number], { description: string }>,
});

const WebhookRef = builder.objectRef<WebhookRow>('Webhook').implement({
  description:
    'A url that receives a signed POST for each event it listens to. A REQUESTER’s webhook hears only its own requests; staff webhooks hear every request.',
  fields: (t) => ({
    id: t.id({ resolve: (w) => globalId('Webhook', w.id) }),
    url: t.exposeString('url'),
    events: t.field({ type: [WebhookEventEnum], resolve: (w) => w.events }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
  }),
});

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({
      required: true,
      description:
        'http or https, at most 2048 characters. Link-local addresses and 0.0.0.0 are refused, loopback and private ones unless WEBHOOK_ALLOW_PRIVATE=1; a hostname is checked against what it resolves to, now and at each delivery.',
    }),
    events: t.field({ type: [WebhookEventEnum], required: true, description: 'At least one.' }),
  }),
});

const CreateWebhookPayload = builder.objectRef<{ webhook: WebhookRow; secret: string }>('CreateWebhookPayload').implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, resolve: (p) => p.webhook }),
    secret: t.exposeString('secret', {
      description: 'Signs every delivery (`Standby-Signature`, HMAC-SHA256). Shown only this once: store it now.',
    }),
  }),
});

const DeleteWebhookInput = builder.inputType('DeleteWebhookInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const DeleteWebhookPayload = builder.objectRef<WebhookRow>('DeleteWebhookPayload').implement({
  fields: (t) => ({ webhook: t.field({ type: WebhookRef, resolve: (w) => w }) }),
});

/** Whose webhooks the viewer may list and delete: its own, or (ADMIN) all of them. */
function scopeOf(viewer: Viewer): string | null {
  return viewer.role === 'ADMIN' ? null : viewer.principal;
}

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    description: 'The caller’s own webhooks (ADMIN: every webhook), newest first.',
    authScopes: { $any: { staff: true, requester: true } },
    resolve: (_r, _a, ctx) => listWebhooks(ctx.db, scopeOf(ctx.viewer!)),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    description: 'Registers a webhook (REQUESTER and staff). Its secret is returned once.',
    authScopes: { $any: { staff: true, requester: true } },
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const events = [...new Set(input.events)] as WebhookEvent[];
      if (events.length === 0) throw new InvalidInputError(['input', 'events'], 'events: name at least one event');
      let url: string;
      try {
        url = (await checkWebhookTarget(input.url, { allowPrivate: ctx.webhookAllowPrivate })).url.href;
      } catch (error) {
        if (error instanceof WebhookUrlRefused) throw new InvalidInputError(['input', 'url'], `url: ${error.message}`);
        throw error;
      }
      const secret = newSecret('whsec');
      return write(ctx, async ({ tx, viewer, audit }) => {
        const webhook = await insertWebhook(tx, { ownerPrincipal: viewer.principal, ownerRole: viewer.role, url, events, secret });
        await audit({ action: 'createWebhook', entityType: 'Webhook', entityId: webhook.id, changes: { url, events } });
        return { webhook, secret };
      });
    },
  }),
  deleteWebhook: t.field({
    type: DeleteWebhookPayload,
    description: 'Deletes one of the caller’s webhooks (ADMIN: any); it hears nothing more.',
    authScopes: { $any: { staff: true, requester: true } },
    args: { input: t.arg({ type: DeleteWebhookInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeId(String(input.id), 'Webhook', ['input', 'id']);
      return write(ctx, async ({ tx, viewer, audit }) => {
        const row = await deleteWebhook(tx, id, scopeOf(viewer));
        if (!row) throw new NotFoundError('You have no webhook with this id.', ['input', 'id']);
        await audit({ action: 'deleteWebhook', entityType: 'Webhook', entityId: id });
        return row;
      });
    },
  }),
}));
