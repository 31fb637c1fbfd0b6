// Deployment requests: the type, its roles and history, the `deploymentRequests` query, and the
// lifecycle mutations (create, approve, mark deployed, complete, cancel).
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId, isUuid } from '../ids.js';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { resolveConnection } from '../pagination.js';
import { DateScalar, DateTimeScalar, DeploymentModeEnum, describedEnum, RoleEnum } from './common.js';
import { requestStatusEnum } from '../../../schema/index.js';
import { ExpertiseAreaRef } from './expert.js';
import { isStaff } from '../../auth.js';
import { InvalidInputError } from '../../domain/errors.js';
import { isCountryCode } from '../../domain/codes.js';
import { daysInclusive, today } from '../../domain/dates.js';
import { checkDayRange, createRequestSchema, LIMITS, parseInput } from '../../domain/validation.js';
import { assertAreaCodes } from '../../repo/experts.js';
import {
  findRequests,
  insertRequest,
  requestsByIds,
  rolesByIds,
  rolesByRequest,
  transitionsByRequest,
  type NewRequest,
  type RequestRow,
  type RoleRow,
  type TransitionRow,
} from '../../repo/requests.js';
import { assignmentsByRequest } from '../../repo/assignments.js';

/** PostgreSQL's text form of a timestamptz, as stored in request cursors. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

export const RequestStatusEnum = describedEnum(
  'RequestStatus',
  requestStatusEnum.enumValues,
  {
    SUBMITTED: 'Received; no offer made yet.',
    STAFFING: 'At least one offer made (the first offer moves a request here).',
    APPROVED: 'Every seat ACCEPTED and minWomen met; approved by a coordinator.',
    DEPLOYED: 'The team is deployed (markDeployed).',
    COMPLETED: 'The deployment ended (completeDeploymentRequest).',
    CANCELLED: 'Cancelled; every held day was freed.',
  },
  'SUBMITTED → STAFFING → APPROVED → DEPLOYED → COMPLETED, or CANCELLED from any state before COMPLETED.',
);

export const DeploymentRequestRef = builder.loadableNodeRef('DeploymentRequest', {
  id: { resolve: (r: RequestRow) => r.id },
  load: (ids: string[], ctx: Context) => requestsByIds(ctx.db, ids),
  sort: (r) => r.id,
});

/** The request's loader, for resolvers that need the row itself (rules, subscriptions). */
export const requestLoader = (ctx: Context) => DeploymentRequestRef.getDataloader(ctx);

/** Per request (and so per viewer): whether the signed-in EXPERT holds an assignment on each request. */
const expertOnRequest = dataloaderGetter<string, boolean, string>(
  undefined,
  async (ids, ctx) => {
    const { db, viewer } = ctx as Context;
    const mine = new Set((await assignmentsByRequest(db, ids)).filter((a) => a.expertId === viewer?.expertId).map((a) => a.requestId));
    return ids.map((id) => mine.has(id));
  },
  undefined,
  undefined,
);

/** Whether the viewer may read this request: staff, its owner, or an expert holding an assignment on it. */
export async function mayRead(ctx: Context, request: RequestRow): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  if (isStaff(viewer)) return true;
  if (viewer.role === 'REQUESTER') return request.ownerPrincipal === viewer.principal;
  return expertOnRequest(ctx).load(request.id);
}

export const RequestRoleRef = builder.loadableNodeRef('RequestRole', {
  id: { resolve: (r: RoleRow) => r.id },
  // A role is visible with its request: node() answers null for a role of a request the viewer may not read.
  load: async (ids: string[], ctx: Context) => {
    const roles = await rolesByIds(ctx.db, ids);
    const visible = await Promise.all(roles.map(async (role) => mayRead(ctx, (await requestLoader(ctx).load(role.requestId))!)));
    return roles.filter((_role, i) => visible[i]);
  },
  sort: (r) => r.id,
});

/** Each request's roles in position order, one batch shared by `roles` and `seats`. */
const rolesOf = dataloaderGetter<string, RoleRow[], string>(
  undefined,
  async (ids, ctx) => {
    const rows = await rolesByRequest((ctx as Context).db, ids);
    return ids.map((id) => rows.filter((r) => r.requestId === id));
  },
  undefined,
  undefined,
);

const TransitionRef = builder.objectRef<TransitionRow>('RequestTransition').implement({
  description: 'One status change of a request, with who made it and when.',
  fields: (t) => ({
    fromStatus: t.expose('fromStatus', { type: RequestStatusEnum, nullable: true, description: 'null for the creation.' }),
    toStatus: t.expose('toStatus', { type: RequestStatusEnum }),
    actorRole: t.expose('actorRole', { type: RoleEnum }),
    note: t.exposeString('note', { nullable: true }),
    at: t.expose('at', { type: DateTimeScalar }),
  }),
});

DeploymentRequestRef.implement({
  description: 'A request for a small team. REQUESTERs see their own; experts see those they hold an assignment on.',
  authScopes: (request, ctx) => mayRead(ctx, request),
  fields: (t) => ({
    title: t.exposeString('title'),
    requestingEntity: t.exposeString('requestingEntity', { description: 'Envoy, mission, regional office or organisation asking.' }),
    country: t.exposeString('country', { description: 'ISO 3166-1 alpha-2.' }),
    mode: t.expose('mode', { type: DeploymentModeEnum }),
    startDate: t.expose('startDate', { type: DateScalar }),
    endDate: t.expose('endDate', { type: DateScalar }),
    days: t.int({ description: 'Days from startDate to endDate, both included.', resolve: (r) => daysInclusive(r.startDate, r.endDate) }),
    minWomen: t.exposeInt('minWomen', { description: 'At least this many team members are FEMALE.' }),
    status: t.expose('status', { type: RequestStatusEnum }),
    submittedAt: t.expose('submittedAt', { type: DateTimeScalar }),
    seats: t.int({
      description: 'Seats in all (the sum of the roles’ counts).',
      resolve: async (r, _a, ctx) => (await rolesOf(ctx).load(r.id)).reduce((n, role) => n + role.count, 0),
    }),
    roles: t.field({ type: [RequestRoleRef], description: 'In the order they were given.', resolve: (r, _a, ctx) => rolesOf(ctx).load(r.id) }),
    history: t.loadableGroup({
      type: TransitionRef,
      description: 'Every status change, oldest first.',
      load: (ids: string[], ctx: Context) => transitionsByRequest(ctx.db, ids),
      group: (x) => x.requestId,
      resolve: (r) => r.id,
    }),
  }),
});

RequestRoleRef.implement({
  description: 'A group of seats of a request that need one expertise.',
  fields: (t) => ({
    expertise: t.field({ type: ExpertiseAreaRef, resolve: (r) => r.expertiseCode }),
    minLevel: t.exposeInt('minLevel'),
    languages: t.exposeStringList('languages', { description: 'Each needed at WORKING or above.' }),
    count: t.exposeInt('count', { description: 'Seats in this role.' }),
    request: t.field({ type: DeploymentRequestRef, resolve: (r) => r.requestId }),
  }),
});

const RoleInput = builder.inputType('RequestRoleInput', {
  fields: (t) => ({
    expertise: t.string({ required: true, description: 'Expertise area code.' }),
    minLevel: t.int({ defaultValue: 1, description: '1–5; default 1.' }),
    languages: t.stringList({ defaultValue: [], description: 'ISO 639-1 codes, each needed at WORKING or above.' }),
    count: t.int({ defaultValue: 1, description: 'Seats; default 1. A request has 1–12 seats in all.' }),
  }),
});

const CreateDeploymentRequestInput = builder.inputType('CreateDeploymentRequestInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    requestingEntity: t.string({ required: true }),
    country: t.string({ required: true, description: 'ISO 3166-1 alpha-2, upper case.' }),
    mode: t.field({ type: DeploymentModeEnum, required: true }),
    startDate: t.field({ type: DateScalar, required: true, description: 'Not in the past.' }),
    endDate: t.field({ type: DateScalar, required: true, description: `Not before startDate; at most ${LIMITS.requestRangeDays} days in all.` }),
    minWomen: t.int({ defaultValue: 0 }),
    roles: t.field({ type: [RoleInput], required: true }),
    idempotencyKey: t.string({
      description: 'The same key with the same input returns the same request; with a different input, CONFLICT.',
    }),
    parties: t.stringList({
      description:
        'The actors involved (free text, at most 20 of 1–200 characters). Experts who declared an interest in one of them are ' +
        'excluded with CONFLICT_OF_INTEREST; names compare case- and accent-insensitively, so two that differ only so are one.',
    }),
  }),
});

export const RequestPayload = (name: string) =>
  builder.objectRef<{ request: RequestRow }>(name).implement({
    fields: (t) => ({ request: t.field({ type: DeploymentRequestRef, resolve: (p) => p.request }) }),
  });

builder.queryFields((t) => ({
  deploymentRequests: t.connection({
    type: DeploymentRequestRef,
    description: 'Requests, newest first. A REQUESTER sees only its own; an EXPERT those it holds an assignment on.',
    authScopes: { authenticated: true },
    args: {
      status: t.arg({ type: [RequestStatusEnum], description: 'Any of these statuses.' }),
      country: t.arg.string(),
      from: t.arg({ type: DateScalar, description: 'Requests whose dates touch from..to.' }),
      to: t.arg({ type: DateScalar }),
    },
    resolve: (_r, args, ctx) =>
      resolveConnection(
        args,
        { arity: 2, valid: ([at, id]: [string, string]) => TIMESTAMP.test(at) && isUuid(id), keyOf: (r: RequestRow): [string, string] => [r.submittedAt, r.id] },
        (first, after) => {
          if (args.country != null && !isCountryCode(args.country)) throw new InvalidInputError(['country'], 'country: not an ISO 3166-1 alpha-2 code');
          checkDayRange({ from: args.from, to: args.to }, ['from', 'to'], {});
          const viewer = ctx.viewer!;
          const filter = {
            statuses: args.status ?? undefined,
            country: args.country ?? undefined,
            from: args.from ?? undefined,
            to: args.to ?? undefined,
            ownerPrincipal: viewer.role === 'REQUESTER' ? viewer.principal : undefined,
            expertId: viewer.role === 'EXPERT' ? viewer.expertId! : undefined,
          };
          return findRequests(ctx.db, filter, first, after);
        },
      ),
  }),
  deploymentRequest: t.field({
    type: DeploymentRequestRef,
    nullable: true,
    description: 'One request by id; null when there is none or you may not see it.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, { id }, ctx) => {
      const request = await requestLoader(ctx).load(decodeId(String(id), 'DeploymentRequest', ['id']));
      return request && (await mayRead(ctx, request)) ? request : null;
    },
  }),
}));

builder.mutationFields((t) => ({
  createDeploymentRequest: t.field({
    type: RequestPayload('CreateDeploymentRequestPayload'),
    description: 'Asks for a team (REQUESTER, COORDINATOR). Replays with the same idempotencyKey return the first request.',
    authScopes: { $any: { staff: true, requester: true } },
    args: { input: t.arg({ type: CreateDeploymentRequestInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const parsed = parseInput(createRequestSchema(today(ctx.now)), input);
      await assertAreaCodes(ctx.db, parsed.roles.map((r) => r.expertise), (i) => ['input', 'roles', i, 'expertise']);
      const fields: NewRequest = {
        title: parsed.title,
        requestingEntity: parsed.requestingEntity,
        country: parsed.country,
        mode: input.mode,
        startDate: input.startDate,
        endDate: input.endDate,
        minWomen: parsed.minWomen,
        roles: parsed.roles,
        parties: parsed.parties,
      };
      const request = await write(ctx, async ({ tx, viewer, audit, events }) => {
        const { request, replayed } = await insertRequest(tx, viewer, fields, parsed.idempotencyKey);
        if (!replayed) {
          await audit({ action: 'createDeploymentRequest', entityType: 'DeploymentRequest', entityId: request.id, changes: fields as unknown as Record<string, unknown> });
          events.add('requestUpdated', request.id, { requestId: request.id });
        }
        return request;
      });
      return { request };
    },
  }),
}));
