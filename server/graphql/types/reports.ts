// Reports for the unit (ADMIN, COORDINATOR): can it answer the next request (rosterCoverage), does
// it keep its promises and is the load fair (staffingMetrics). Definitions are in the descriptions.
// Both read through ctx.reportsDb: a replica when READ_DATABASE_URL is set (README, "Deploying several instances").
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { DateScalar } from './common.js';
import { ExpertiseAreaRef, ExpertRef } from './expert.js';
import { RequestStatusEnum } from './request.js';
import { parseTimestamp } from '../../domain/dates.js';
import { checkDayRange } from '../../domain/validation.js';
import { InvalidInputError } from '../../domain/errors.js';
import { gini, median, percentile, share } from '../../domain/metrics.js';
import { requestStatusEnum, type RequestStatus } from '../../../schema/index.js';
import { coverage, windowRequests, windowTeams, type CoverageRow } from '../../repo/reports.js';

/** What a report costs against MAX_COST: one aggregate over the whole roster, like some thousand resolved fields. */
const REPORT_COST = 1_000;

function checkWindow(from: string, to: string, maxDays = 3660): void {
  checkDayRange({ from, to }, ['from', 'to'], { maxDays, noun: 'a window' });
}


interface CoverageEntry extends CoverageRow {
  thin: boolean;
}

const CoverageRowRef = builder.objectRef<CoverageEntry>('RosterCoverageRow').implement({
  description: 'How many experts could cover one expertise area in one language over the whole window.',
  fields: (t) => ({
    expertise: t.field({ type: ExpertiseAreaRef, resolve: (r) => r.area }),
    language: t.exposeString('language', { description: 'ISO 639-1 code, spoken at WORKING or above.' }),
    availableExperts: t.exposeInt('available', {
      description: 'Distinct experts with this area (level ≥ 1) and language (WORKING or above) who are AVAILABLE or TENTATIVE on every day of the window.',
    }),
    standbyTeamExperts: t.exposeInt('standby', { description: 'How many of them are standby-team members.' }),
    standbyTeamOnly: t.boolean({
      description: 'At least one expert is available and all of them are standby-team members (the wider roster has nobody).',
      resolve: (r) => r.available > 0 && r.standby === r.available,
    }),
    thin: t.exposeBoolean('thin', { description: 'availableExperts < minExperts, or standbyTeamOnly.' }),
  }),
});

interface StaffingFigures {
  byStatus: { status: RequestStatus; count: number }[];
  hoursToApproval: number[];
  hoursToDeployment: number[];
  deployedWithin72: number;
  deployedCount: number;
  approvedCount: number;
  approvedMeetingMinWomen: number;
  deployedExperts: number;
  deployedWomen: number;
  daysByExpert: Map<string, number>;
  standbyDays: number;
  totalDeployedDays: number;
}

const StatusCount = builder.objectRef<{ status: RequestStatus; count: number }>('RequestStatusCount').implement({
  fields: (t) => ({ status: t.expose('status', { type: RequestStatusEnum }), count: t.exposeInt('count') }),
});

const ExpertDays = builder.objectRef<{ expertId: string; days: number }>('ExpertDeploymentDays').implement({
  fields: (t) => ({
    expert: t.field({ type: ExpertRef, resolve: (r) => r.expertId }),
    deployedDays: t.exposeInt('days'),
  }),
});

const StaffingMetricsRef = builder.objectRef<StaffingFigures>('StaffingMetrics').implement({
  description:
    'Figures over the requests submitted in the window (by UTC day). "Deployed" assignments are those DEPLOYED or ' +
    'COMPLETED; their deployed days are the request’s days. Shares are 0–1, and null when their denominator is 0.',
  fields: (t) => ({
    requestsByStatus: t.field({ type: [StatusCount], description: 'Every status, with its current count.', resolve: (f) => f.byStatus }),
    medianHoursToApproval: t.float({ nullable: true, description: 'Median hours from submission to first APPROVED.', resolve: (f) => median(f.hoursToApproval) }),
    p90HoursToApproval: t.float({ nullable: true, resolve: (f) => percentile(f.hoursToApproval, 90) }),
    medianHoursToDeployment: t.float({ nullable: true, description: 'Median hours from submission to DEPLOYED.', resolve: (f) => median(f.hoursToDeployment) }),
    p90HoursToDeployment: t.float({ nullable: true, resolve: (f) => percentile(f.hoursToDeployment, 90) }),
    shareDeployedWithin72Hours: t.float({
      nullable: true,
      description: 'Of the requests that reached DEPLOYED, the share that did so within 72 hours of submission.',
      resolve: (f) => share(f.deployedWithin72, f.deployedCount),
    }),
    shareTeamsMeetingMinWomen: t.float({
      nullable: true,
      description: 'Of the requests that reached APPROVED, the share whose team (ACCEPTED, DEPLOYED or COMPLETED members) has at least minWomen women.',
      resolve: (f) => share(f.approvedMeetingMinWomen, f.approvedCount),
    }),
    shareDeployedExpertsWomen: t.float({
      nullable: true,
      description: 'Of the distinct experts deployed, the share who are FEMALE.',
      resolve: (f) => share(f.deployedWomen, f.deployedExperts),
    }),
    deploymentDaysGini: t.float({
      nullable: true,
      description: 'Gini coefficient of deployed days per expert, over experts with at least one deployed day: 0 is perfectly even, near 1 is one expert doing everything.',
      resolve: (f) => gini([...f.daysByExpert.values()]),
    }),
    topDeployedExperts: t.field({
      type: [ExpertDays],
      description: 'The 10 experts with the most deployed days, most first.',
      resolve: (f) =>
        [...f.daysByExpert.entries()]
          .map(([expertId, days]) => ({ expertId, days }))
          .sort((a, b) => b.days - a.days || a.expertId.localeCompare(b.expertId))
          .slice(0, 10),
    }),
    standbyTeamShareOfDeployedDays: t.float({
      nullable: true,
      description: 'Share of deployed days served by standby-team members (the rest is the wider roster).',
      resolve: (f) => share(f.standbyDays, f.totalDeployedDays),
    }),
  }),
});

async function staffingFigures(ctx: Context, from: string, to: string): Promise<StaffingFigures> {
  const [requests, members] = await Promise.all([windowRequests(ctx.reportsDb, from, to), windowTeams(ctx.reportsDb, from, to)]);
  const hours = (a: string, b: string) => (parseTimestamp(b).getTime() - parseTimestamp(a).getTime()) / 3_600_000;
  const approved = requests.filter((r) => r.approvedAt);
  const deployed = requests.filter((r) => r.deployedAt);
  const womenOn = new Map<string, number>();
  for (const m of members) if (m.gender === 'FEMALE') womenOn.set(m.requestId, (womenOn.get(m.requestId) ?? 0) + 1);
  const deployedMembers = members.filter((m) => m.status === 'DEPLOYED' || m.status === 'COMPLETED');
  const daysByExpert = new Map<string, number>();
  const genderOf = new Map<string, string>();
  let standbyDays = 0;
  for (const m of deployedMembers) {
    daysByExpert.set(m.expertId, (daysByExpert.get(m.expertId) ?? 0) + m.days);
    genderOf.set(m.expertId, m.gender);
    if (m.tier === 'STANDBY_TEAM') standbyDays += m.days;
  }
  return {
    byStatus: requestStatusEnum.enumValues.map((status) => ({ status, count: requests.filter((r) => r.status === status).length })),
    hoursToApproval: approved.map((r) => hours(r.submittedAt, r.approvedAt!)),
    hoursToDeployment: deployed.map((r) => hours(r.submittedAt, r.deployedAt!)),
    deployedWithin72: deployed.filter((r) => hours(r.submittedAt, r.deployedAt!) <= 72).length,
    deployedCount: deployed.length,
    approvedCount: approved.length,
    approvedMeetingMinWomen: approved.filter((r) => (womenOn.get(r.id) ?? 0) >= r.minWomen).length,
    deployedExperts: genderOf.size,
    deployedWomen: [...genderOf.values()].filter((g) => g === 'FEMALE').length,
    daysByExpert,
    standbyDays,
    totalDeployedDays: [...daysByExpert.values()].reduce((s, d) => s + d, 0),
  };
}

builder.queryFields((t) => ({
  rosterCoverage: t.field({
    type: [CoverageRowRef],
    description:
      'One row per expertise area × language spoken at WORKING or above by anyone on the roster, counting the ' +
      'experts available on every day of from..to. Thin rows first (fewer than minExperts, or standby team only), ' +
      'then by availableExperts ascending, area order and language code (ADMIN, COORDINATOR).',
    authScopes: { staff: true },
    complexity: REPORT_COST,
    args: {
      from: t.arg({ type: DateScalar, required: true }),
      to: t.arg({ type: DateScalar, required: true }),
      minExperts: t.arg.int({ required: true, description: '0–10,000.' }),
    },
    resolve: async (_r, { from, to, minExperts }, ctx) => {
      checkWindow(from, to, 730);
      if (minExperts < 0 || minExperts > 10_000) throw new InvalidInputError(['minExperts'], 'minExperts: must be between 0 and 10000');
      const rows = (await coverage(ctx.reportsDb, from, to)).map((r, i) => ({
        ...r,
        order: i,
        thin: r.available < minExperts || (r.available > 0 && r.standby === r.available),
      }));
      return rows.sort((a, b) => Number(b.thin) - Number(a.thin) || a.available - b.available || a.order - b.order);
    },
  }),
  staffingMetrics: t.field({
    type: StaffingMetricsRef,
    description: 'Whether the unit keeps its promises (72-hour deployment, gender balance) and spreads the load (ADMIN, COORDINATOR).',
    authScopes: { staff: true },
    complexity: REPORT_COST,
    args: { from: t.arg({ type: DateScalar, required: true }), to: t.arg({ type: DateScalar, required: true }) },
    resolve: (_r, { from, to }, ctx) => {
      checkWindow(from, to);
      return staffingFigures(ctx, from, to);
    },
  }),
}));
