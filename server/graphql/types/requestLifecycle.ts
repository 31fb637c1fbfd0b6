// The lifecycle of a request after its creation: approve, mark deployed, complete, cancel. Each
// locks the request, moves it through the pure state machine, records the transition and the
// audit row, and tells subscribers after the commit.
import { builder } from '../builder.js';
import { write, type Context, type WriteScope } from '../context.js';
import { decodeId } from '../ids.js';
import { mayRead, RequestPayload } from './request.js';
import { ForbiddenError } from '../../domain/errors.js';
import { assertApprovable } from '../../domain/requestState.js';
import { noteSchema, parseInput } from '../../domain/validation.js';
import { LIVE_STATUSES } from '../../domain/assignmentState.js';
import { assignmentsByRequest, moveAssignments } from '../../repo/assignments.js';
import { expertsByIds } from '../../repo/experts.js';
import { lockRequest, rolesByRequest, transitionRequest, type RequestRow } from '../../repo/requests.js';

const RequestIdInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      requestId: t.id({ required: true }),
      note: t.string({ description: 'Kept in the request’s history.' }),
    }),
  });

/** Runs a lifecycle change on a locked request and tells its subscribers. */
async function changeRequest(
  ctx: Context,
  input: { requestId: string | number; note?: string | null },
  action: string,
  change: (scope: WriteScope, request: RequestRow, note: string | null) => Promise<RequestRow>,
) {
  const requestId = decodeId(String(input.requestId), 'DeploymentRequest', ['input', 'requestId']);
  const note = parseInput(noteSchema, input).note ?? null;
  const request = await write(ctx, async (scope) => {
    const locked = await lockRequest(scope.tx, requestId);
    if (!(await mayRead(ctx, locked))) throw new ForbiddenError('You may not change this request.');
    const updated = await change(scope, locked, note);
    await scope.audit({ action, entityType: 'DeploymentRequest', entityId: requestId, changes: { from: locked.status, to: updated.status, note } });
    scope.events.add('requestUpdated', requestId, { requestId });
    return updated;
  });
  return { request };
}

builder.mutationFields((t) => ({
  approveDeploymentRequest: t.field({
    type: RequestPayload('ApproveDeploymentRequestPayload'),
    description: 'Approves the team (staff): allowed from STAFFING when every seat has an ACCEPTED assignment and minWomen holds.',
    authScopes: { staff: true },
    args: { input: t.arg({ type: RequestIdInput('ApproveDeploymentRequestInput'), required: true }) },
    resolve: (_r, { input }, ctx) =>
      changeRequest(ctx, input, 'approveDeploymentRequest', async ({ tx, viewer }, request, note) => {
        const roles = await rolesByRequest(tx, [request.id]);
        const accepted = (await assignmentsByRequest(tx, [request.id])).filter((a) => a.status === 'ACCEPTED');
        const gender = new Map((await expertsByIds(tx, accepted.map((a) => a.expertId))).map((e) => [e.id, e.gender]));
        assertApprovable({ ...request, roles, accepted: accepted.map((a) => ({ roleId: a.roleId, gender: gender.get(a.expertId)! })) });
        return transitionRequest(tx, viewer, request, 'APPROVED', note);
      }),
  }),
  markDeployed: t.field({
    type: RequestPayload('MarkDeployedPayload'),
    description: 'The approved team has deployed (staff): APPROVED → DEPLOYED; its assignments become DEPLOYED.',
    authScopes: { staff: true },
    args: { input: t.arg({ type: RequestIdInput('MarkDeployedInput'), required: true }) },
    resolve: (_r, { input }, ctx) =>
      changeRequest(ctx, input, 'markDeployed', async ({ tx, viewer, events }, request, note) => {
        const updated = await transitionRequest(tx, viewer, request, 'DEPLOYED', note);
        for (const a of await moveAssignments(tx, request.id, ['ACCEPTED'], 'DEPLOYED')) events.add('offerUpdated', a.expertId, { assignmentId: a.id });
        return updated;
      }),
  }),
  completeDeploymentRequest: t.field({
    type: RequestPayload('CompleteDeploymentRequestPayload'),
    description: 'The deployment ended (staff): DEPLOYED → COMPLETED; deployed days count toward each expert’s yearly cap.',
    authScopes: { staff: true },
    args: { input: t.arg({ type: RequestIdInput('CompleteDeploymentRequestInput'), required: true }) },
    resolve: (_r, { input }, ctx) =>
      changeRequest(ctx, input, 'completeDeploymentRequest', async ({ tx, viewer, events }, request, note) => {
        const updated = await transitionRequest(tx, viewer, request, 'COMPLETED', note);
        for (const a of await moveAssignments(tx, request.id, ['DEPLOYED'], 'COMPLETED')) events.add('offerUpdated', a.expertId, { assignmentId: a.id });
        return updated;
      }),
  }),
  cancelDeploymentRequest: t.field({
    type: RequestPayload('CancelDeploymentRequestPayload'),
    description: 'Cancels a request before COMPLETED (staff, or the REQUESTER that made it) and frees every held day.',
    authScopes: { $any: { staff: true, requester: true } },
    args: { input: t.arg({ type: RequestIdInput('CancelDeploymentRequestInput'), required: true }) },
    resolve: (_r, { input }, ctx) =>
      changeRequest(ctx, input, 'cancelDeploymentRequest', async ({ tx, viewer, events }, request, note) => {
        const updated = await transitionRequest(tx, viewer, request, 'CANCELLED', note);
        for (const a of await moveAssignments(tx, request.id, LIVE_STATUSES, 'CANCELLED')) {
          events.add('offerUpdated', a.expertId, { assignmentId: a.id });
        }
        return updated;
      }),
  }),
}));
