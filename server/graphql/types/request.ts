// Deployment requests: the type, its roles and history, the `deploymentRequests` query, and the
// lifecycle mutations (create, approve, mark deployed, complete, cancel).
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId, isUuid } from '../ids.js';
import { byKey, groupBy, loader } from '../loaders.js';
import { connection, decodeCursor, pageSize } from '../pagination.js';
import { DateScalar, DateTimeScalar, DeploymentModeEnum, RoleEnum } from './common.js';
import { areaLoader, ExpertiseAreaRef } from './expert.js';
import type { RequestStatus } from '../../domain/requestState.js';
import { InvalidInputError } from '../../domain/errors.js';
import { isCountryCode } from '../../domain/codes.js';
import { daysInclusive, today } from '../../domain/dates.js';
import { createRequestSchema, LIMITS, parseInput } from '../../domain/validation.js';
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

export const RequestStatusEnum = builder.enumType('RequestStatus', {
  description: 'SUBMITTED → STAFFING → APPROVED → DEPLOYED → COMPLETED, or CANCELLED from any state before COMPLETED.',
  values: {
    SUBMITTED: { description: 'Received; no offer made yet.' },
    STAFFING: { description: 'At least one offer made (the first offer moves a request here).' },
    APPROVED: { description: 'Every seat ACCEPTED and minWomen met; approved by a coordinator.' },
    DEPLOYED: { description: 'The team is deployed (markDeployed).' },
    COMPLETED: { description: 'The deployment ended (completeDeploymentRequest).' },
    CANCELLED: { description: 'Cancelled; every held day was freed.' },
  } as const,
});

export const DeploymentRequestRef = builder.objectRef<RequestRow>('DeploymentRequest');
export const RequestRoleRef = builder.objectRef<RoleRow>('RequestRole');

export function requestLoader(ctx: Context) {
  return loader<RequestRow | null>(ctx, 'request', async (ids) => byKey(ids, await requestsByIds(ctx.db, ids), (r) => r.id));
}

export function rolesLoader(ctx: Context) {
  return loader<RoleRow[]>(ctx, 'roles', async (ids) => groupBy(ids, await rolesByRequest(ctx.db, ids), (r) => r.requestId));
}

/** Whether the viewer may read this request: staff, its owner, or an expert holding an assignment on it. */
export async function mayRead(ctx: Context, request: RequestRow): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  if (viewer.role === 'ADMIN' || viewer.role === 'COORDINATOR') return true;
  if (viewer.role === 'REQUESTER') return request.ownerPrincipal === viewer.principal;
  const held = await loader<boolean>(ctx, 'expertOnRequest', async (ids) => {
    const rows = await assignmentsByRequest(ctx.db, ids);
    const mine = new Set(rows.filter((a) => a.expertId === viewer.expertId).map((a) => a.requestId));
    return ids.map((id) => mine.has(id));
  }).load(request.id);
  return held;
}

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

builder.node(DeploymentRequestRef, {
  description: 'A request for a small team. REQUESTERs see their own; experts see those they hold an assignment on.',
  id: { resolve: (r) => r.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => (isUuid(id) ? requestLoader(ctx).load(id) : null))),
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
      resolve: async (r, _a, ctx) => (await rolesLoader(ctx).load(r.id)).reduce((n, role) => n + role.count, 0),
    }),
    roles: t.field({ type: [RequestRoleRef], description: 'In the order they were given.', resolve: (r, _a, ctx) => rolesLoader(ctx).load(r.id) }),
    history: t.field({
      type: [TransitionRef],
      description: 'Every status change, oldest first.',
      resolve: (r, _a, ctx) => loader(ctx, 'transitions', async (ids) => groupBy(ids, await transitionsByRequest(ctx.db, ids), (x) => x.requestId)).load(r.id),
    }),
  }),
});

builder.node(RequestRoleRef, {
  description: 'A group of seats of a request that need one expertise.',
  id: { resolve: (r) => r.id },
  loadMany: async (ids, ctx) => {
    const rows = byKey(ids, await rolesByIds(ctx.db, ids.filter(isUuid)), (r) => r.id);
    return Promise.all(rows.map(async (role) => (role && (await mayRead(ctx, (await requestLoader(ctx).load(role.requestId))!)) ? role : null)));
  },
  fields: (t) => ({
    expertise: t.field({ type: ExpertiseAreaRef, resolve: async (r, _a, ctx) => (await areaLoader(ctx).load(r.expertiseCode))! }),
    minLevel: t.exposeInt('minLevel'),
    languages: t.exposeStringList('languages', { description: 'Each needed at WORKING or above.' }),
    count: t.exposeInt('count', { description: 'Seats in this role.' }),
    request: t.field({ type: DeploymentRequestRef, resolve: async (r, _a, ctx) => (await requestLoader(ctx).load(r.requestId))! }),
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
  deploymentRequests: t.connection(
    {
      type: DeploymentRequestRef,
      description: 'Requests, newest first. A REQUESTER sees only its own; an EXPERT those it holds an assignment on.',
      authScopes: { authenticated: true },
      args: {
        status: t.arg({ type: [RequestStatusEnum], description: 'Any of these statuses.' }),
        country: t.arg.string(),
        from: t.arg({ type: DateScalar, description: 'Requests whose dates touch from..to.' }),
        to: t.arg({ type: DateScalar }),
      },
      resolve: async (_r, args, ctx) => {
        const first = pageSize(args);
        const after = decodeCursor<[string, string]>(args.after, 2, ([at, id]) => TIMESTAMP.test(at) && isUuid(id));
        if (args.country != null && !isCountryCode(args.country)) throw new InvalidInputError(['country'], 'country: not an ISO 3166-1 alpha-2 code');
        if (args.from && args.to && args.to < args.from) throw new InvalidInputError(['to'], 'to: must not be before from');
        const viewer = ctx.viewer!;
        const page = await findRequests(
          ctx.db,
          {
            statuses: (args.status ?? undefined) as RequestStatus[] | undefined,
            country: args.country ?? undefined,
            from: args.from ?? undefined,
            to: args.to ?? undefined,
            ownerPrincipal: viewer.role === 'REQUESTER' ? viewer.principal : undefined,
            expertId: viewer.role === 'EXPERT' ? viewer.expertId! : undefined,
          },
          first,
          after,
        );
        return connection(page.rows, page.hasNextPage, after !== undefined, (r) => [r.submittedAt, r.id], page.count);
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({ description: 'Counted only when asked for.', resolve: (conn) => (conn as unknown as { totalCount: () => Promise<number> }).totalCount() }),
      }),
    },
  ),
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
