// Appraisals (docs/api.md, "Appraisals and declared interests"): the Appraisal type,
// `appraiseAssignment`, `Expert.appraisals` / `Expert.averageRating` (staff and the expert itself,
// as the contract lists them) and `Assignment.appraisals`, where a REQUESTER finds what it wrote.
// Privacy: staff see every appraisal, an expert its own, a REQUESTER only what it wrote.
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId, isUuid } from '../ids.js';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { DateTimeScalar, RoleEnum } from './common.js';
import { ExpertRef } from './expert.js';
import { AssignmentRef } from './assignment.js';
import { ForbiddenError } from '../../domain/errors.js';
import { APPRAISAL_WEIGHT } from '../../domain/matching/index.js';
import { appraiseSchema, parseInput } from '../../domain/validation.js';
import {
  appraisalsByAssignment,
  appraisalsByExpert,
  appraisalsByIds,
  assignmentToAppraise,
  insertAppraisal,
  type AppraisalRow,
} from '../../repo/appraisals.js';


/** Staff see every appraisal; the expert its own; a REQUESTER only those it wrote. */
function mayReadAppraisal(ctx: Context, a: AppraisalRow): boolean {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  if (viewer.role === 'ADMIN' || viewer.role === 'COORDINATOR') return true;
  if (viewer.role === 'EXPERT') return viewer.expertId === a.expertId;
  return a.authorPrincipal === viewer.principal;
}

/** Every appraisal of an expert, newest first (the fields using it are for staff and the expert); one loader per request. */
const expertAppraisals = dataloaderGetter<string, AppraisalRow[], string>(
  undefined,
  async (ids, ctx) => {
    const rows = await appraisalsByExpert((ctx as Context).db, ids);
    return ids.map((id) => rows.filter((a) => a.expertId === id));
  },
  undefined,
  undefined,
);

// Staff and the expert; anyone else gets FORBIDDEN on these fields.
const staffOrSelf = (e: { id: string }) => ({ $any: { staff: true, selfExpert: e.id } });

export const AppraisalRef = builder.loadableNode('Appraisal', {
  description:
    'One rating of an expert’s work on a COMPLETED assignment, by a coordinator or by the requester that owns the request. ' +
    'Visible to staff, to the expert appraised, and to its author.',
  id: { resolve: (a) => a.id },
  load: (ids: string[], ctx: Context) => appraisalsByIds(ctx.db, ids.filter(isUuid)),
  sort: (a) => a.id,
  authScopes: (a, ctx) => mayReadAppraisal(ctx, a),
  fields: (t) => ({
    rating: t.exposeInt('rating', { description: '1 (poor) to 5 (excellent).' }),
    comment: t.exposeString('comment', { nullable: true }),
    authorRole: t.expose('authorRole', { type: RoleEnum, description: 'COORDINATOR or ADMIN for staff, REQUESTER for the requesting office.' }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
    assignment: t.field({ type: AssignmentRef, resolve: (a) => a.assignmentId }),
    expert: t.field({ type: ExpertRef, resolve: (a) => a.expertId }),
  }),
});

builder.objectFields(ExpertRef, (t) => ({
  appraisals: t.field({
    type: [AppraisalRef],
    nullable: true,
    description: 'Appraisals of the expert’s completed assignments, newest first (staff and the expert itself; a REQUESTER reads what it wrote in Assignment.appraisals).',
    authScopes: staffOrSelf,
    resolve: (e, _a, ctx) => expertAppraisals(ctx).load(e.id),
  }),
  averageRating: t.float({
    nullable: true,
    description:
      'The mean rating (1–5) of all the expert’s appraisals; null without any (staff and the expert itself). ' +
      `fitScore weighs appraisals in with at most ±${APPRAISAL_WEIGHT}, shrunk toward 3 (see ProposedMember.fitScore).`,
    authScopes: staffOrSelf,
    resolve: async (e, _a, ctx) => {
      const list = await expertAppraisals(ctx).load(e.id);
      return list.length ? list.reduce((s, a) => s + a.rating, 0) / list.length : null;
    },
  }),
}));

builder.objectField(AssignmentRef, 'appraisals', (t) =>
  t.loadableGroup({
    type: AppraisalRef,
    description: 'Appraisals of this assignment, newest first: all of them for staff and the expert, only its own for a REQUESTER.',
    // The loader lives for one request, so it may filter by its viewer.
    load: async (ids: string[], ctx: Context) => (await appraisalsByAssignment(ctx.db, ids)).filter((x) => mayReadAppraisal(ctx, x)),
    group: (x) => (x as AppraisalRow).assignmentId,
    resolve: (a) => a.id,
  }),
);

const AppraiseAssignmentInput = builder.inputType('AppraiseAssignmentInput', {
  fields: (t) => ({
    assignmentId: t.id({ required: true, description: 'A COMPLETED assignment.' }),
    rating: t.int({ required: true, description: '1 (poor) to 5 (excellent).' }),
    comment: t.string({ description: 'Up to 2,000 characters.' }),
  }),
});

const AppraiseAssignmentPayload = builder.objectRef<{ appraisal: AppraisalRow }>('AppraiseAssignmentPayload').implement({
  fields: (t) => ({
    appraisal: t.field({ type: AppraisalRef, resolve: (p) => p.appraisal }),
    assignment: t.field({ type: AssignmentRef, resolve: (p) => p.appraisal.assignmentId }),
  }),
});

builder.mutationFields((t) => ({
  appraiseAssignment: t.field({
    type: AppraiseAssignmentPayload,
    description:
      'Rates a member’s work once the deployment is COMPLETED (COORDINATOR, or the REQUESTER that owns the request). ' +
      'A rating outside 1–5 is BAD_USER_INPUT; an assignment not COMPLETED, or a second appraisal of it by the same token, is a CONFLICT.',
    authScopes: { $any: { staff: true, requester: true } },
    args: { input: t.arg({ type: AppraiseAssignmentInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const assignmentId = decodeId(String(input.assignmentId), 'Assignment', ['input', 'assignmentId']);
      const { rating, comment } = parseInput(appraiseSchema, input) as { rating: number; comment: string | null };
      const appraisal = await write(ctx, async ({ tx, viewer, audit }) => {
        const { assignment, request } = await assignmentToAppraise(tx, assignmentId);
        if (viewer.role === 'REQUESTER' && request.ownerPrincipal !== viewer.principal) {
          throw new ForbiddenError('Only the requester that owns the request, or staff, may appraise its team.');
        }
        const row = await insertAppraisal(tx, viewer, assignment, rating, comment);
        await audit({ action: 'appraiseAssignment', entityType: 'Assignment', entityId: assignmentId, changes: { appraisalId: row.id, rating } });
        return row;
      });
      return { appraisal };
    },
  }),
}));
