// proposeTeam (never writes) and offerProposedTeam (offers the proposal in one transaction). The
// GraphQL layer only loads data (server/repo/matching.ts) and calls the pure engine.
import { Kind, type GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId } from '../ids.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { regionOf } from '../../domain/codes.js';
import {
  EXCLUSION_REASONS,
  FIT_FORMULA,
  proposeTeam,
  type ExclusionReason,
  type Proposal,
  type ProposalExcluded,
} from '../../domain/matching/index.js';
import { excludedPairs, loadMatchInput, type MatchInput } from '../../repo/matching.js';
import { lockRequest, type RequestRow } from '../../repo/requests.js';
import { offerSeat, type AssignmentRow } from '../../repo/assignments.js';
import { respondByFor } from '../../domain/deadlines.js';
import { DateTimeScalar } from './common.js';
import { ExpertRef } from './expert.js';
import { DEFAULT_PAGE, MAX_PAGE, pageSize } from '../pagination.js';
import { DeploymentRequestRef, RequestRoleRef, requestLoader } from './request.js';
import { AssignmentRef } from './assignment.js';

const options = { regionOf };

/**
 * What a proposal costs against MAX_COST, in units of about one resolved field: on the 10,000-expert
 * benchmark roster a proposal takes ~150 ms (docs/benchmarks.md) where a field takes some tens of
 * microseconds; `excluded` walks the roster once more in SQL (server/repo/matching.ts excludedPairs).
 */
const PROPOSAL_COST = 5_000;

export const ExclusionReasonEnum = builder.enumType('ExclusionReason', {
  description: 'Why an expert is not eligible for a role of a request.',
  values: {
    EXPERTISE_MISSING: { description: 'No expertise in the role’s area at minLevel or above.' },
    LANGUAGE_MISSING: { description: 'Some language of the role is below WORKING.' },
    UNAVAILABLE: { description: 'Some day of the request is marked UNAVAILABLE.' },
    ALREADY_ASSIGNED: { description: 'Some day of the request is held by a live (OFFERED, ACCEPTED, DEPLOYED) assignment on another request.' },
    NATIONALITY_CONFLICT: { description: 'A nationality of the expert equals the request’s country (impartiality).' },
    CLEARANCE_EXPIRED: { description: 'IN_PERSON or HYBRID, and security training or medical clearance is missing or ends before endDate.' },
    DAY_CAP_EXCEEDED: {
      description: 'Deployed and assigned days in a calendar year of the request, plus this request’s days in it, exceed maxDeploymentDaysPerYear.',
    },
    REST_PERIOD: {
      description: 'IN_PERSON or HYBRID, and another live in-person or hybrid assignment ends fewer than 7 days before startDate or starts fewer than 7 days after endDate.',
    },
    CONFLICT_OF_INTEREST: {
      description:
        'The expert declared an interest (declareInterest) in the request’s country, or in a party equal to one of the request’s ' +
        '`parties`, compared case- and accent-insensitively (spacing ignored too).',
    },
    // Exactly the engine's reasons: one missing or extra fails the type check.
  } as const satisfies Record<ExclusionReason, { description: string }>,
});

const UnfilledReasonEnum = builder.enumType('UnfilledReason', {
  description: 'Why seats of a role stay empty, or why a full team is still incomplete.',
  values: {
    NO_ELIGIBLE_EXPERTS: { description: 'Nobody is eligible for the role.' },
    CANDIDATES_NEEDED_ELSEWHERE: { description: 'Experts eligible for this role fill seats of other roles in the best team.' },
    MIN_WOMEN_NOT_MET: { description: 'Every seat is filled but fewer than minWomen members are FEMALE (then every role is listed with missing: 0).' },
    ...Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, { description: `Experts with the role’s expertise were excluded: ${r}.` }])),
  } as Record<string, { description: string }>,
});

interface ProposalView {
  input: MatchInput;
  proposal: Proposal;
}

const roleField = <T extends { roleId: string }>() => ({ type: RequestRoleRef, resolve: (p: T) => p.roleId });
const expertField = <T extends { expertId: string }>() => ({ type: ExpertRef, resolve: (p: T) => p.expertId });

const ProposedMember = builder.objectRef<Proposal['members'][number]>('ProposedMember').implement({
  fields: (t) => ({
    role: t.field(roleField()),
    expert: t.field(expertField()),
    fitScore: t.exposeFloat('fitScore', { description: `0–1. ${FIT_FORMULA}.` }),
    reasons: t.exposeStringList('reasons', { description: 'The fitScore in words, e.g. "level 5 in SECURITY_ARRANGEMENTS (needs 3)".' }),
    pinned: t.exposeBoolean('pinned', { description: 'Already holds a live assignment on this role; kept in the team.' }),
  }),
});

const UnfilledRole = builder.objectRef<Proposal['unfilled'][number]>('UnfilledRole').implement({
  fields: (t) => ({
    role: t.field(roleField()),
    missing: t.exposeInt('missing', { description: 'Seats of the role left empty (0 when only the gender rule fails).' }),
    reasons: t.field({ type: [UnfilledReasonEnum], resolve: (u) => u.reasons }),
  }),
});

const Candidate = builder.objectRef<Proposal['candidates'][number]>('ProposalCandidate').implement({
  fields: (t) => ({
    role: t.field(roleField()),
    expert: t.field(expertField()),
    fitScore: t.exposeFloat('fitScore'),
    reasons: t.exposeStringList('reasons'),
  }),
});

const Excluded = builder.objectRef<ProposalExcluded>('ExcludedExpert').implement({
  description: 'An expert who is not eligible for a role, with every reason that applies.',
  fields: (t) => ({
    role: t.field(roleField()),
    expert: t.field(expertField()),
    reasons: t.field({ type: [ExclusionReasonEnum], resolve: (x) => x.reasons }),
  }),
});

const TeamProposal = builder.objectRef<ProposalView>('TeamProposal').implement({
  description:
    'The best team the rules allow (docs/api.md, Proposals). An expert is eligible for a role when no ExclusionReason applies. ' +
    'A team gives each seat a distinct eligible expert (experts already holding a live assignment on the request keep their seat). ' +
    'It is complete when every seat is filled and at least minWomen members are FEMALE. If a complete team exists, this is one ' +
    'with the greatest totalScore, proven optimal (exact optimisation, not greedy). Otherwise as many seats as possible are ' +
    'filled (then as many women as needed, then the greatest score) and `unfilled` says why.',
  fields: (t) => ({
    request: t.field({ type: DeploymentRequestRef, resolve: (v) => v.input.request }),
    complete: t.boolean({ resolve: (v) => v.proposal.complete }),
    totalScore: t.float({ description: 'Sum of the members’ fitScore.', resolve: (v) => v.proposal.totalScore }),
    women: t.int({
      description: 'FEMALE members in the team.',
      resolve: (v) => {
        const gender = new Map(v.input.experts.map((e) => [e.id, e.gender]));
        return v.proposal.members.filter((m) => gender.get(m.expertId) === 'FEMALE').length;
      },
    }),
    members: t.field({ type: [ProposedMember], description: 'In role order.', resolve: (v) => v.proposal.members }),
    unfilled: t.field({ type: [UnfilledRole], resolve: (v) => v.proposal.unfilled }),
    candidates: t.field({
      type: [Candidate],
      description: 'Per role (in role order), the `first` eligible experts with the highest fitScore (default 5, at most 100).',
      args: { first: t.arg.int() },
      resolve: (v, { first }) => {
        const n = pageSize({ first }, 5);
        const seen = new Map<string, number>();
        return v.proposal.candidates.filter((c) => {
          const k = (seen.get(c.roleId) ?? 0) + 1;
          seen.set(c.roleId, k);
          return k <= n;
        });
      },
    }),
    excluded: t.field({
      type: [Excluded],
      description:
        'The first `first` ineligible (role, expert) pairs over the whole roster (default 20, at most 100): role order, ' +
        'then fewest reasons first (the nearly eligible), then name.',
      args: { first: t.arg.int() },
      complexity: (args) => ({ field: PROPOSAL_COST, multiplier: args.first ?? DEFAULT_PAGE }),
      resolve: (v, { first }, ctx) => excludedPairs(ctx.db, v.input, pageSize({ first })),
    }),
  }),
});

/**
 * The proposal over the few experts an optimal team and the first MAX_PAGE candidates of each role
 * can come from (chosen in SQL: server/repo/matching.ts topCandidates); only when no complete team
 * exists, again over everyone with a role's expertise, so that `unfilled` can say what knocked them
 * out. Both give the same team (test/api/proposal-topk.test.ts).
 */
async function propose(ctx: Context, db: Context['db'], request: RequestRow, perRole = MAX_PAGE): Promise<ProposalView> {
  const best = await loadMatchInput(db, request, ctx.now, 'best', { ...options, perRole });
  const proposal = proposeTeam(best.match, best.experts, options);
  if (proposal.complete) return { input: best, proposal };
  const skilled = await loadMatchInput(db, request, ctx.now, 'skilled');
  return { input: skilled, proposal: proposeTeam(skilled.match, skilled.experts, options) };
}

/**
 * The most candidates per role this operation asks for (`candidates(first:)`, default 5), so that the
 * proposal loads no deeper than the answer needs; MAX_PAGE when it cannot tell (fragments).
 */
function candidatesAsked(info: GraphQLResolveInfo): number {
  let most = 0;
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) return MAX_PAGE;
      if (selection.name.value !== 'candidates') continue;
      const first = selection.arguments?.find((a) => a.name.value === 'first')?.value;
      const value = !first ? undefined : first.kind === Kind.INT ? Number(first.value) : first.kind === Kind.VARIABLE ? info.variableValues[first.name.value] : NaN;
      // A bad value is the field's own business (pageSize refuses it); here it only sets the depth.
      most = Math.max(most, value == null ? 5 : typeof value === 'number' && Number.isInteger(value) ? Math.min(MAX_PAGE, Math.max(0, value)) : MAX_PAGE);
    }
  }
  return most;
}

const OfferProposedTeamInput = builder.inputType('OfferProposedTeamInput', {
  fields: (t) => ({
    requestId: t.id({ required: true }),
    respondBy: t.field({ type: DateTimeScalar, description: 'When the offers stop waiting for answers (in the future); default now + OFFER_TTL_HOURS.' }),
  }),
});

const OfferProposedTeamPayload = builder.objectRef<{ request: RequestRow; assignments: AssignmentRow[] }>('OfferProposedTeamPayload').implement({
  fields: (t) => ({
    request: t.field({ type: DeploymentRequestRef, resolve: (p) => p.request }),
    assignments: t.field({ type: [AssignmentRef], description: 'The offers made, one per proposed member not already holding a seat.', resolve: (p) => p.assignments }),
  }),
});

builder.queryFields((t) => ({
  proposeTeam: t.field({
    type: TeamProposal,
    description: 'Proposes the best team for a request (staff). Never writes.',
    authScopes: { staff: true },
    complexity: PROPOSAL_COST,
    args: { requestId: t.arg.id({ required: true }) },
    resolve: async (_r, { requestId }, ctx, info) => {
      const request = await requestLoader(ctx).load(decodeId(String(requestId), 'DeploymentRequest', ['requestId']));
      if (!request) throw new NotFoundError('No deployment request has this id.', ['requestId']);
      return ctx.heavy(() => propose(ctx, ctx.db, request, candidatesAsked(info)));
    },
  }),
}));

builder.mutationFields((t) => ({
  offerProposedTeam: t.field({
    type: OfferProposedTeamPayload,
    description:
      'Offers every member of the current complete proposal in one transaction (staff): all or nothing. CONFLICT when the ' +
      'proposal is incomplete or when any member was booked meanwhile.',
    authScopes: { staff: true },
    complexity: PROPOSAL_COST,
    args: { input: t.arg({ type: OfferProposedTeamInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const requestId = decodeId(String(input.requestId), 'DeploymentRequest', ['input', 'requestId']);
      const respondBy = respondByFor(input.respondBy as string | null | undefined, ctx.now, ctx.offerTtlHours, ['input', 'respondBy']);
      return ctx.heavy(() => write(ctx, async ({ tx, viewer, audit, events }) => {
        let request = await lockRequest(tx, requestId);
        const { proposal } = await propose(ctx, tx, request, 0);
        if (!proposal.complete) {
          throw new ConflictError('No complete team can be proposed for this request; see proposeTeam.unfilled.', 'INCOMPLETE_PROPOSAL');
        }
        const made: AssignmentRow[] = [];
        for (const member of proposal.members.filter((m) => !m.pinned)) {
          const result = await offerSeat(tx, viewer, member.roleId, member.expertId, respondBy, request);
          request = result.request;
          made.push(result.assignment);
          events.add('offerUpdated', member.expertId, { assignmentId: result.assignment.id });
        }
        await audit({
          action: 'offerProposedTeam',
          entityType: 'DeploymentRequest',
          entityId: requestId,
          changes: { offers: made.map((a) => ({ roleId: a.roleId, expertId: a.expertId })), totalScore: proposal.totalScore },
        });
        events.add('requestUpdated', requestId, { requestId });
        return { request, assignments: made };
      }));
    },
  }),
}));
