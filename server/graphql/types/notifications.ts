// Notifications (docs/api.md, "Notifications"): the outbox as staff read it, one-tap replies,
// and the clearances that end soon.
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { isUuid } from '../ids.js';
import { resolveConnection } from '../pagination.js';
import { DateScalar, DateTimeScalar, describedEnum } from './common.js';
import { ExpertRef } from './expert.js';
import { AssignmentRef } from './assignment.js';
import { outboxChannelEnum, outboxKindEnum, outboxStatusEnum } from '../../../schema/index.js';
import { InvalidInputError } from '../../domain/errors.js';
import { isPlainText, noteSchema, parseInput } from '../../domain/validation.js';
import { answerByLink } from '../../replies.js';
import { offersExpiringWithin } from '../../repo/assignments.js';
import { outboxByIds, outboxPage, type OutboxRow } from '../../repo/outbox.js';
import { expiringClearances, type ExpiringClearance } from '../../repo/reminders.js';

export const OutboxStatusEnum = describedEnum('OutboxStatus', outboxStatusEnum.enumValues, {
  PENDING: 'Waiting for its first delivery.',
  SENT: 'Delivered: the SMTP server or the webhook receiver accepted it.',
  RETRYING: 'An attempt failed; tried again after an exponential backoff.',
  DEAD: 'Every attempt (8) failed; it will not be tried again.',
  KEPT: 'Mail kept, not sent, because SMTP_URL is not set: readable here.',
});

export const OutboxKindEnum = describedEnum('OutboxKind', outboxKindEnum.enumValues, {
  OFFER_MADE: 'To the expert: an offer, with one-tap Accept and Decline links and an iCalendar invitation.',
  OFFER_CLOSED: 'To the expert: their offer was withdrawn, expired, or cancelled with its request.',
  OFFER_ANSWERED: 'To the coordinator who made the offer: the expert accepted or declined.',
  OFFER_EXPIRED: 'To the coordinator who made the offer: nobody answered by respondBy.',
  REQUEST_UPDATED: 'A request’s status changed: mail to its requester, or a webhook delivery.',
  CLEARANCE_EXPIRING: 'To the expert: a security training or medical clearance ends in 30 days, or in 7.',
  EMAIL_CONFIRMATION: 'To an expert’s new address: the link that confirms it.',
  OFFER_UPDATED: 'A webhook delivery: an assignment of one of the requester’s requests changed.',
});

export const OutboxChannelEnum = describedEnum('OutboxChannel', outboxChannelEnum.enumValues, {
  EMAIL: 'Mail, over SMTP_URL.',
  WEBHOOK: 'A signed POST to a webhook’s url.',
});

export const OutboxMessageRef = builder.loadableNode('OutboxMessage', {
  description: 'A message of the outbox (ADMIN, COORDINATOR). Only ADMIN reads its body, which may hold one-tap links.',
  id: { resolve: (m: OutboxRow) => m.id },
  load: (ids: string[], ctx: Context) => outboxByIds(ctx.db, ids),
  sort: (m) => m.id,
  authScopes: { staff: true },
  fields: (t) => ({
    kind: t.expose('kind', { type: OutboxKindEnum }),
    channel: t.expose('channel', { type: OutboxChannelEnum }),
    recipient: t.exposeString('recipient', { description: 'An email address, or a webhook’s url.' }),
    subject: t.exposeString('subject'),
    status: t.expose('status', { type: OutboxStatusEnum }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
    sentAt: t.expose('sentAt', { type: DateTimeScalar, nullable: true }),
    body: t.field({
      type: 'String',
      nullable: true,
      description: 'ADMIN only: the message as delivered (JSON: a mail’s subject, text, html and calendar parts; a webhook’s payload).',
      authScopes: { admin: true },
      resolve: (m) => JSON.stringify(m.body),
    }),
  }),
});

const OutboxFilter = builder.inputType('OutboxFilter', {
  fields: (t) => ({
    status: t.field({ type: OutboxStatusEnum }),
    kind: t.field({ type: OutboxKindEnum }),
    recipient: t.string({ description: 'An exact address or url (case-insensitive).' }),
  }),
});

const ClearanceEnum = builder.enumType('Clearance', {
  values: { SECURITY_TRAINING: { description: 'Security training (securityTrainingValidUntil).' }, MEDICAL: { description: 'Medical clearance (medicalClearanceValidUntil).' } },
});

const ExpiringClearanceRef = builder.objectRef<ExpiringClearance>('ExpiringClearance').implement({
  description: 'A clearance that ends soon.',
  fields: (t) => ({
    expert: t.field({ type: ExpertRef, resolve: (c) => c.expertId }),
    clearance: t.expose('clearance', { type: ClearanceEnum }),
    validUntil: t.expose('validUntil', { type: DateScalar, description: 'Its last valid day.' }),
    daysLeft: t.exposeInt('daysLeft', { description: 'Days from today (UTC) to validUntil; 0: it ends today.' }),
  }),
});

const MAX_WITHIN_DAYS = 366;

builder.queryFields((t) => ({
  outbox: t.connection({
    type: OutboxMessageRef,
    description: 'The outbox, newest first (ADMIN, COORDINATOR): every mail and webhook delivery, with its status.',
    authScopes: { staff: true },
    args: { filter: t.arg({ type: OutboxFilter }) },
    resolve: (_r, args, ctx) => {
      const recipient = args.filter?.recipient;
      if (recipient != null && recipient.length > 2048) throw new InvalidInputError(['filter', 'recipient'], 'recipient: at most 2,048 characters');
      return resolveConnection(
        args,
        { arity: 2, valid: ([at, id]: [string, string]) => !Number.isNaN(Date.parse(at)) && isUuid(id), keyOf: (m: OutboxRow): [string, string] => [m.createdAt, m.id] },
        (first, after) => outboxPage(ctx.db, { status: args.filter?.status, kind: args.filter?.kind, recipient }, first, after),
      );
    },
  }),
  expiringOffers: t.field({
    type: [AssignmentRef],
    description: 'Offers still OFFERED whose respondBy falls within the next `withinHours` hours (1–720), soonest first; at most 500 (ADMIN, COORDINATOR).',
    authScopes: { staff: true },
    args: { withinHours: t.arg.int({ required: true }) },
    resolve: (_r, { withinHours }, ctx) => {
      if (withinHours < 1 || withinHours > 720) throw new InvalidInputError(['withinHours'], 'withinHours: must be between 1 and 720');
      return offersExpiringWithin(ctx.db, withinHours, 500);
    },
  }),
  expiringClearances: t.field({
    type: [ExpiringClearanceRef],
    description: `Security trainings and medical clearances that end within \`withinDays\` days (0–${MAX_WITHIN_DAYS}), soonest first; at most 500 (ADMIN, COORDINATOR).`,
    authScopes: { staff: true },
    args: { withinDays: t.arg.int({ required: true }) },
    resolve: (_r, { withinDays }, ctx) => {
      if (withinDays < 0 || withinDays > MAX_WITHIN_DAYS) throw new InvalidInputError(['withinDays'], `withinDays: must be between 0 and ${MAX_WITHIN_DAYS}`);
      return expiringClearances(ctx.db, withinDays, 500);
    },
  }),
}));

const RespondToOfferByLinkInput = builder.inputType('RespondToOfferByLinkInput', {
  fields: (t) => ({
    secret: t.string({ required: true, description: 'The secret of a one-tap link: the last part of `/respond/{secret}`.' }),
    accept: t.boolean({ required: true }),
    note: t.string({ description: 'Up to 2,000 characters.' }),
  }),
});

const RespondToOfferByLinkPayload = builder.objectRef<{ assignment: { id: string } }>('RespondToOfferByLinkPayload').implement({
  fields: (t) => ({ assignment: t.field({ type: AssignmentRef, resolve: (p) => p.assignment as never }) }),
});

builder.mutationFields((t) => ({
  respondToOfferByLink: t.field({
    type: RespondToOfferByLinkPayload,
    description:
      'Answers an offer with the secret of its one-tap link; needs no Authorization. FORBIDDEN with extensions.reason ' +
      'LINK_INVALID (altered or never issued), LINK_USED or LINK_EXPIRED (past respondBy); CONFLICT when the offer is no longer OFFERED.',
    args: { input: t.arg({ type: RespondToOfferByLinkInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const note = parseInput(noteSchema, input).note ?? null;
      // Malformed text is bad input like any other field's; a well-formed string that is not a live link is FORBIDDEN below.
      if (input.secret.length > 200) throw new InvalidInputError(['input', 'secret'], 'secret: at most 200 characters');
      if (!isPlainText(input.secret) || /[\u0000-\u001f\u007f]/.test(input.secret)) throw new InvalidInputError(['input', 'secret'], 'secret: must not contain control characters or lone surrogates');
      const assignment = await answerByLink(ctx, input.secret, input.accept, note);
      // The link, not a token, authorises reading this one assignment in the answer.
      ctx.linkGrant = assignment.id;
      return { assignment };
    },
  }),
}));
