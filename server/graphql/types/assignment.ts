// Assignments (an expert on a seat): offers, answers, withdrawals, the lists on Expert and
// RequestRole, and the live updates (subscriptions over SSE).
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId, isUuid } from '../ids.js';
import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import { resolveConnection } from '../pagination.js';
import { DateScalar, DateTimeScalar, DeploymentModeEnum, describedEnum, RoleEnum } from './common.js';
import { assignmentStatusEnum } from '../../../schema/index.js';
import { ExpertRef } from './expert.js';
import { isOnTeam } from '../../domain/assignmentState.js';
import { isStaff } from '../../auth.js';
import { viewerIsLive } from '../../session.js';
import type { StandbyEvents, Topic } from '../../events.js';
import { DeploymentRequestRef, RequestRoleRef, requestLoader } from './request.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { isIsoDay } from '../../domain/dates.js';
import { respondByFor } from '../../domain/deadlines.js';
import { noteSchema, parseInput } from '../../domain/validation.js';
import {
  assignmentsByIds,
  assignmentsByRole,
  expertAssignments,
  offerSeat,
  respond,
  withdraw,
  type AssignmentRow,
} from '../../repo/assignments.js';
import { requestsByIds } from '../../repo/requests.js';

export const AssignmentStatusEnum = describedEnum(
  'AssignmentStatus',
  assignmentStatusEnum.enumValues,
  {
    OFFERED: 'Offered; holds the days until answered or withdrawn.',
    ACCEPTED: 'Accepted by the expert (or a coordinator on their behalf).',
    DECLINED: 'Declined; the days are free again.',
    WITHDRAWN: 'Withdrawn by a coordinator; the days are free again.',
    DEPLOYED: 'The team is deployed.',
    COMPLETED: 'The deployment ended; its days count toward the yearly cap.',
    CANCELLED: 'The request was cancelled; the days are free again.',
    EXPIRED: 'Not answered by its respondBy; the days are free again.',
  },
  'OFFERED, ACCEPTED and DEPLOYED are live: they hold the expert’s days.',
);

/** Staff, the expert on it, or the REQUESTER that owns its request (team assignments only). */
async function mayReadAssignment(ctx: Context, a: AssignmentRow): Promise<boolean> {
  if (ctx.linkGrant === a.id) return true;
  const viewer = ctx.viewer;
  if (!viewer) return false;
  if (isStaff(viewer)) return true;
  if (viewer.role === 'EXPERT') return viewer.expertId === a.expertId;
  if (!isOnTeam(a.status)) return false;
  const request = await requestLoader(ctx).load(a.requestId);
  return request?.ownerPrincipal === viewer.principal;
}

export const AssignmentRef = builder.loadableNode('Assignment', {
  description: 'An expert on a seat of a request. Visible to staff, to that expert, and to the request’s owner.',
  id: { resolve: (a) => a.id },
  load: (ids: string[], ctx: Context) => assignmentsByIds(ctx.db, ids),
  sort: (a) => a.id,
  authScopes: (a, ctx) => mayReadAssignment(ctx, a),
  fields: (t) => ({
    status: t.expose('status', { type: AssignmentStatusEnum }),
    expert: t.field({ type: ExpertRef, resolve: (a) => a.expertId }),
    role: t.field({ type: RequestRoleRef, resolve: (a) => a.roleId }),
    request: t.field({ type: DeploymentRequestRef, resolve: (a) => a.requestId }),
    startDate: t.expose('startDate', { type: DateScalar }),
    endDate: t.expose('endDate', { type: DateScalar }),
    mode: t.expose('mode', { type: DeploymentModeEnum }),
    offeredAt: t.expose('offeredAt', { type: DateTimeScalar }),
    respondedAt: t.expose('respondedAt', { type: DateTimeScalar, nullable: true }),
    respondBy: t.expose('respondBy', {
      type: DateTimeScalar,
      nullable: true,
      description: 'An offer still OFFERED at this instant becomes EXPIRED (null for assignments made before deadlines existed).',
    }),
    respondedByRole: t.expose('respondedByRole', {
      type: RoleEnum,
      nullable: true,
      description: 'EXPERT when the expert answered; COORDINATOR or ADMIN when staff answered or withdrew on their behalf.',
    }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.objectField(RequestRoleRef, 'assignments', (t) =>
  t.loadableGroup({
    type: AssignmentRef,
    description:
      'Every assignment of this role, oldest offer first. An EXPERT sees only its own; a REQUESTER only the team ' +
      '(offered, accepted, deployed, completed), not declined or withdrawn offers.',
    // The loader lives for one request, so it may filter by its viewer.
    load: async (ids: string[], ctx: Context) => {
      const all = await assignmentsByRole(ctx.db, ids);
      if (ctx.viewer?.role === 'EXPERT') return all.filter((a) => a.expertId === ctx.viewer!.expertId);
      if (ctx.viewer?.role === 'REQUESTER') return all.filter((a) => isOnTeam(a.status));
      return all;
    },
    group: (a) => (a as AssignmentRow).roleId,
    resolve: (role) => role.id,
  }),
);

builder.objectField(ExpertRef, 'assignments', (t) =>
  t.connection(
    {
      type: AssignmentRef,
      description: 'The expert’s assignments, latest start first (staff and the expert only).',
      authScopes: (e) => ({ $any: { staff: true, selfExpert: e.id } }),
      nullable: true,
      resolve: (e, args, ctx) =>
        resolveConnection(
          args,
          { arity: 2, valid: ([day, id]: [string, string]) => isIsoDay(day) && isUuid(id), keyOf: (a: AssignmentRow): [string, string] => [a.startDate, a.id] },
          (first, after) => expertAssignments(ctx.db, e.id, first, after),
        ),
    },
    { name: 'ExpertAssignmentConnection' },
  ),
);

const OfferAssignmentInput = builder.inputType('OfferAssignmentInput', {
  fields: (t) => ({
    roleId: t.id({ required: true, description: 'The RequestRole whose seat is offered.' }),
    expertId: t.id({ required: true }),
    respondBy: t.field({
      type: DateTimeScalar,
      description: 'When the offer stops waiting for an answer (in the future); default now + OFFER_TTL_HOURS. Still OFFERED then, it becomes EXPIRED.',
    }),
  }),
});

const RespondToOfferInput = builder.inputType('RespondToOfferInput', {
  fields: (t) => ({
    assignmentId: t.id({ required: true }),
    accept: t.boolean({ required: true }),
    note: t.string({ description: 'Up to 2,000 characters.' }),
  }),
});

const WithdrawOfferInput = builder.inputType('WithdrawOfferInput', {
  fields: (t) => ({ assignmentId: t.id({ required: true }), note: t.string() }),
});

const AssignmentPayload = (name: string) =>
  builder.objectRef<{ assignment: AssignmentRow }>(name).implement({
    fields: (t) => ({ assignment: t.field({ type: AssignmentRef, resolve: (p) => p.assignment }) }),
  });


builder.mutationFields((t) => ({
  offerAssignment: t.field({
    type: AssignmentPayload('OfferAssignmentPayload'),
    description:
      'Offers a seat to an expert (staff): an OFFERED assignment that holds the request’s days at once. CONFLICT when ' +
      'the expert has any of those days ASSIGNED or UNAVAILABLE, when the role’s seats are all taken, or when the ' +
      'request no longer takes offers. Of two racing offers for overlapping days exactly one succeeds, on any number of instances.',
    authScopes: { staff: true },
    args: { input: t.arg({ type: OfferAssignmentInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const roleId = decodeId(String(input.roleId), 'RequestRole', ['input', 'roleId']);
      const expertId = decodeId(String(input.expertId), 'Expert', ['input', 'expertId']);
      const respondBy = respondByFor(input.respondBy as string | null | undefined, ctx.now, ctx.offerTtlHours, ['input', 'respondBy']);
      const assignment = await write(ctx, async ({ tx, viewer, audit, events }) => {
        const { assignment } = await offerSeat(tx, viewer, roleId, expertId, respondBy);
        await audit({ action: 'offerAssignment', entityType: 'Assignment', entityId: assignment.id, changes: { roleId, expertId, status: 'OFFERED' } });
        events.add('requestUpdated', assignment.requestId, { requestId: assignment.requestId });
        events.add('offerUpdated', expertId, { assignmentId: assignment.id });
        return assignment;
      });
      return { assignment };
    },
  }),
  respondToOffer: t.field({
    type: AssignmentPayload('RespondToOfferPayload'),
    description: 'Accepts or declines an OFFERED assignment: the expert offered, or staff on their behalf (recorded). Declining frees the days.',
    authScopes: { $any: { staff: true, expert: true } },
    args: { input: t.arg({ type: RespondToOfferInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const assignmentId = decodeId(String(input.assignmentId), 'Assignment', ['input', 'assignmentId']);
      const note = parseInput(noteSchema, input).note ?? null;
      const assignment = await write(ctx, async ({ tx, viewer, audit, events }) => {
        const { assignment } = await respond(tx, viewer, assignmentId, input.accept, note);
        await audit({ action: 'respondToOffer', entityType: 'Assignment', entityId: assignmentId, changes: { status: assignment.status, byRole: viewer.role } });
        events.add('requestUpdated', assignment.requestId, { requestId: assignment.requestId });
        events.add('offerUpdated', assignment.expertId, { assignmentId });
        return assignment;
      });
      return { assignment };
    },
  }),
  withdrawOffer: t.field({
    type: AssignmentPayload('WithdrawOfferPayload'),
    description: 'Withdraws an OFFERED or ACCEPTED assignment while the request is staffing (staff); frees the days.',
    authScopes: { staff: true },
    args: { input: t.arg({ type: WithdrawOfferInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const assignmentId = decodeId(String(input.assignmentId), 'Assignment', ['input', 'assignmentId']);
      const note = parseInput(noteSchema, input).note ?? null;
      const assignment = await write(ctx, async ({ tx, viewer, audit, events }) => {
        const { assignment } = await withdraw(tx, viewer, assignmentId, note);
        await audit({ action: 'withdrawOffer', entityType: 'Assignment', entityId: assignmentId, changes: { status: 'WITHDRAWN' } });
        events.add('requestUpdated', assignment.requestId, { requestId: assignment.requestId });
        events.add('offerUpdated', assignment.expertId, { assignmentId });
        return assignment;
      });
      return { assignment };
    },
  }),
}));

/**
 * A subscription's stream: each event re-reads its subject, so subscribers get fresh rows under the
 * usual privacy rules. The bus's follow() makes closing it (client gone, token revoked) let go at once.
 */
function follow<T extends Topic, R>(ctx: Context, topic: T, id: StandbyEvents[T][0], load: (payload: StandbyEvents[T][1]) => Promise<R | null>): AsyncIterableIterator<R> {
  return ctx.events.follow(topic, id, async (payload, stop) => {
    // One subscription keeps one context; drop its cached rows so each event resolves fresh data.
    clearAllDataLoaders(ctx);
    // A token revoked or a session ended while the stream is open ends the stream.
    if (ctx.viewer && !(await viewerIsLive(ctx.db, ctx.viewer))) {
      stop();
      return null;
    }
    return load(payload);
  });
}

builder.subscriptionType({ description: 'Served over SSE at /graphql (`Accept: text/event-stream`).' });

builder.subscriptionFields((t) => ({
  deploymentRequestUpdated: t.field({
    type: DeploymentRequestRef,
    description: 'Emits the request after every change of its status or of its assignments (its owner and staff).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_r, { id }, ctx) => {
      const requestId = decodeId(String(id), 'DeploymentRequest', ['id']);
      const request = await requestLoader(ctx).load(requestId);
      if (!request) throw new NotFoundError('No deployment request has this id.', ['id']);
      const viewer = ctx.viewer!;
      const staff = viewer.role === 'ADMIN' || viewer.role === 'COORDINATOR';
      if (!staff && request.ownerPrincipal !== viewer.principal) throw new ForbiddenError('Only the request’s owner and staff may follow it.');
      return follow(ctx, 'requestUpdated', requestId, async () => (await requestsByIds(ctx.db, [requestId]))[0] ?? null);
    },
    resolve: (request) => request,
  }),
  offerUpdates: t.field({
    type: AssignmentRef,
    description: 'Emits each assignment of the signed-in expert when it is offered, withdrawn or otherwise changed (EXPERT tokens).',
    authScopes: { expert: true },
    subscribe: (_r, _a, ctx) =>
      follow(ctx, 'offerUpdated', ctx.viewer!.expertId!, async (e) => (await assignmentsByIds(ctx.db, [e.assignmentId]))[0] ?? null),
    resolve: (assignment) => assignment,
  }),
}));
