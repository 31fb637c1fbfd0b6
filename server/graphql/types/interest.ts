// Declared interests (docs/api.md, "Appraisals and declared interests"): the DeclaredInterest type,
// `declareInterest`, `removeDeclaredInterest`, `Expert.declaredInterests` (staff and the expert)
// and `DeploymentRequest.parties`, which CONFLICT_OF_INTEREST compares them with.
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId, isUuid } from '../ids.js';
import { DateTimeScalar, RoleEnum } from './common.js';
import { ExpertRef } from './expert.js';
import { DeploymentRequestRef } from './request.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { declareInterestSchema, parseInput } from '../../domain/validation.js';
import { deleteInterest, insertInterest, interestsByExpert, interestsByIds, type InterestRow } from '../../repo/interests.js';

const mayRead = (ctx: Context, row: InterestRow) =>
  ctx.viewer?.role === 'ADMIN' || ctx.viewer?.role === 'COORDINATOR' || (ctx.viewer?.role === 'EXPERT' && ctx.viewer.expertId === row.expertId);

export const DeclaredInterestRef = builder.loadableNode('DeclaredInterest', {
  description:
    'An expert’s declared tie to a country and/or a party (impartiality). The expert is excluded with CONFLICT_OF_INTEREST from ' +
    'requests in that country or naming that party. Visible to staff and to the expert.',
  id: { resolve: (d) => d.id },
  load: (ids: string[], ctx: Context) => interestsByIds(ctx.db, ids.filter(isUuid)),
  sort: (d) => d.id,
  authScopes: (d, ctx) => mayRead(ctx, d),
  fields: (t) => ({
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2, or null for a tie to a party only.' }),
    party: t.exposeString('party', { nullable: true, description: 'As declared; compared case- and accent-insensitively. Null for a tie to a country only.' }),
    note: t.exposeString('note', { nullable: true }),
    declaredByRole: t.expose('declaredByRole', { type: RoleEnum, description: 'EXPERT when the expert declared it; COORDINATOR or ADMIN when staff did.' }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
    expert: t.field({ type: ExpertRef, resolve: (d) => d.expertId }),
  }),
});

builder.objectField(ExpertRef, 'declaredInterests', (t) =>
  t.loadableGroup({
    type: DeclaredInterestRef,
    nullable: true,
    description: 'Ties the expert declared to countries and parties, oldest first (staff and the expert only).',
    authScopes: (e) => ({ $any: { staff: true, selfExpert: e.id } }),
    load: (ids: string[], ctx: Context) => interestsByExpert(ctx.db, ids),
    group: (d) => (d as InterestRow).expertId,
    resolve: (e) => e.id,
  }),
);

builder.objectField(DeploymentRequestRef, 'parties', (t) =>
  t.exposeStringList('parties', { description: 'The actors involved, as the requester named them; see CONFLICT_OF_INTEREST.' }),
);

const DeclareInterestInput = builder.inputType('DeclareInterestInput', {
  description: 'A country, a party, or both.',
  fields: (t) => ({
    expertId: t.id({ required: true }),
    country: t.string({ description: 'ISO 3166-1 alpha-2, upper case.' }),
    party: t.string({ description: 'A party to a conflict, 1–200 characters.' }),
    note: t.string({ description: 'Up to 2,000 characters, e.g. the nature of the tie.' }),
  }),
});

const RemoveDeclaredInterestInput = builder.inputType('RemoveDeclaredInterestInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const ExpertInterestPayload = (name: string) =>
  builder.objectRef<{ expertId: string; interest: InterestRow }>(name).implement({
    fields: (t) => ({
      expert: t.field({ type: ExpertRef, resolve: (p) => p.expertId }),
      interest: t.field({
        type: DeclaredInterestRef,
        description: name === 'RemoveDeclaredInterestPayload' ? 'The interest as it was before removal.' : 'The interest declared.',
        resolve: (p) => p.interest,
      }),
    }),
  });

/** An EXPERT may act only on its own interests. */
function assertSelfOrStaff(ctx: Context, expertId: string): void {
  if (ctx.viewer?.role === 'EXPERT' && ctx.viewer.expertId !== expertId) throw new ForbiddenError('An expert may declare and remove only its own interests.');
}

builder.mutationFields((t) => ({
  declareInterest: t.field({
    type: ExpertInterestPayload('DeclareInterestPayload'),
    description:
      'Records an expert’s tie to a country and/or a party (COORDINATOR, or that expert). Neither, or an unknown country code, is ' +
      'BAD_USER_INPUT; the same tie declared twice is a CONFLICT.',
    authScopes: { $any: { staff: true, expert: true } },
    args: { input: t.arg({ type: DeclareInterestInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const expertId = decodeId(String(input.expertId), 'Expert', ['input', 'expertId']);
      assertSelfOrStaff(ctx, expertId);
      const { country, party, note } = parseInput(declareInterestSchema, input) as { country: string | null; party: string | null; note: string | null };
      const interest = await write(ctx, async ({ tx, viewer, audit }) => {
        const row = await insertInterest(tx, viewer, { expertId, country, party, note });
        await audit({ action: 'declareInterest', entityType: 'Expert', entityId: expertId, changes: { interestId: row.id, country, party } });
        return row;
      });
      return { expertId, interest };
    },
  }),
  removeDeclaredInterest: t.field({
    type: ExpertInterestPayload('RemoveDeclaredInterestPayload'),
    description: 'Removes a declared interest (COORDINATOR, or the expert it belongs to).',
    authScopes: { $any: { staff: true, expert: true } },
    args: { input: t.arg({ type: RemoveDeclaredInterestInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeId(String(input.id), 'DeclaredInterest', ['input', 'id']);
      const interest = await write(ctx, async ({ tx, audit }) => {
        const [found] = await interestsByIds(tx, [id]);
        if (!found) throw new NotFoundError('No declared interest has this id.', ['input', 'id']);
        assertSelfOrStaff(ctx, found.expertId);
        const row = await deleteInterest(tx, id);
        await audit({ action: 'removeDeclaredInterest', entityType: 'Expert', entityId: row.expertId, changes: { interestId: id, country: row.country, party: row.party } });
        return row;
      });
      return { expertId: interest.expertId, interest };
    },
  }),
}));
