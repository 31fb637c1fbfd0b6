// The Expert type, its privacy rules, and the roster queries (`experts`, `expertiseAreas`).
import { and, eq, inArray } from 'drizzle-orm';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { decodeId, isUuid } from '../ids.js';
import { connection, decodeCursor, pageSize } from '../pagination.js';
import { byKey, groupBy, loader } from '../loaders.js';
import { DateScalar, DateTimeScalar, describedEnum, GenderEnum, ProficiencyEnum, RosterTierEnum } from './common.js';
import { assignments, deploymentRequests, expertiseAreas, markedStatusEnum, type Proficiency } from '../../../schema/index.js';
import { TEAM_STATUSES } from '../../domain/assignmentState.js';
import { availabilityTimeline, type MarkedPeriod, type StatusPeriod } from '../../domain/availability.js';
import { daysInclusive } from '../../domain/dates.js';
import { InvalidInputError } from '../../domain/errors.js';
import { isCountryCode, isLanguageCode } from '../../domain/codes.js';
import { isPlainText } from '../../domain/validation.js';
import {
  assertAreaCodes,
  expertiseByExpert,
  expertsByIds,
  findExperts,
  heldDays,
  languagesByExpert,
  markedPeriods,
  type ExpertFilter,
  type ExpertRow,
} from '../../repo/experts.js';

export const ExpertRef = builder.objectRef<ExpertRow>('Expert');

type AreaRow = typeof expertiseAreas.$inferSelect;
export const ExpertiseAreaRef = builder.objectRef<AreaRow>('ExpertiseArea').implement({
  description: 'An area of mediation expertise, named by a stable code.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. `SECURITY_ARRANGEMENTS`; inputs name areas by it.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
  }),
});

export function areaLoader(ctx: Context) {
  return loader<AreaRow | null>(ctx, 'area', async (codes) =>
    byKey(codes, await ctx.db.select().from(expertiseAreas).where(inArray(expertiseAreas.code, [...codes])), (a) => a.code),
  );
}

const LanguageSkill = builder.objectRef<{ code: string; proficiency: Proficiency }>('LanguageSkill').implement({
  fields: (t) => ({
    code: t.exposeString('code', { description: 'ISO 639-1 code, lower case, e.g. `fr`.' }),
    proficiency: t.expose('proficiency', { type: ProficiencyEnum }),
  }),
});

const ExpertiseLevel = builder.objectRef<{ areaCode: string; level: number }>('ExpertiseLevel').implement({
  fields: (t) => ({
    area: t.field({ type: ExpertiseAreaRef, resolve: async (e, _a, ctx) => (await areaLoader(ctx).load(e.areaCode))! }),
    level: t.exposeInt('level', { description: '1 (working knowledge) to 5 (leading practitioner).' }),
  }),
});

export const AvailabilityStatusEnum = describedEnum('AvailabilityStatus', [...markedStatusEnum.enumValues, 'ASSIGNED'], {
  AVAILABLE: 'The default for any day nobody marked.',
  TENTATIVE: 'Marked by the expert as possibly unavailable; still counts as available in searches.',
  UNAVAILABLE: 'Marked unavailable; offers for these days are refused.',
  ASSIGNED: 'Held by an offered, accepted or deployed assignment; wins over any mark.',
});

const AvailabilityPeriod = builder
  .objectRef<StatusPeriod & { expertId: string }>('AvailabilityPeriod')
  .implement({
    description: 'A run of consecutive days with one status.',
    fields: (t) => ({
      startDate: t.expose('startDate', { type: DateScalar }),
      endDate: t.expose('endDate', { type: DateScalar }),
      status: t.expose('status', { type: AvailabilityStatusEnum }),
      note: t.exposeString('note', {
        nullable: true,
        description: 'The expert’s note on a marked period; staff and the expert only.',
        authScopes: (p) => ({ $any: { staff: true, selfExpert: p.expertId } }),
      }),
    }),
  });

/** Whether a REQUESTER viewer has this expert assigned on one of its own requests. */
function requesterSees(ctx: Context, expertId: string): Promise<boolean> {
  const principal = ctx.viewer?.principal ?? '';
  return loader<boolean>(ctx, 'requesterSees', async (ids) => {
    const rows = await ctx.db
      .selectDistinct({ expertId: assignments.expertId })
      .from(assignments)
      .innerJoin(deploymentRequests, eq(deploymentRequests.id, assignments.requestId))
      .where(
        and(
          inArray(assignments.expertId, [...ids]),
          inArray(assignments.status, [...TEAM_STATUSES]),
          eq(deploymentRequests.ownerPrincipal, principal),
        ),
      );
    const seen = new Set(rows.map((r) => r.expertId));
    return ids.map((id) => seen.has(id));
  }).load(expertId);
}

export function expertLoader(ctx: Context) {
  return loader<ExpertRow | null>(ctx, 'expert', async (ids) => byKey(ids, await expertsByIds(ctx.db, ids), (e) => e.id));
}

// Staff and the expert; REQUESTERs and other experts get FORBIDDEN on these fields.
const privateScopes = (e: ExpertRow) => ({ $any: { staff: true, selfExpert: e.id } });

builder.node(ExpertRef, {
  description:
    'A member of the standby team or the wider roster. Visible to staff, to the expert, and (names, tier, ' +
    'languages and expertise only) to a REQUESTER whose request the expert is assigned to.',
  id: { resolve: (e) => e.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => (isUuid(id) ? expertLoader(ctx).load(id) : null))),
  authScopes: (expert, ctx) =>
    ctx.viewer?.role === 'REQUESTER' ? requesterSees(ctx, expert.id) : { $any: { staff: true, selfExpert: expert.id } },
  fields: (t) => ({
    fullName: t.exposeString('fullName'),
    tier: t.expose('tier', { type: RosterTierEnum }),
    languages: t.field({
      type: [LanguageSkill],
      description: 'Languages, strongest first.',
      resolve: (e, _a, ctx) => loader(ctx, 'languages', async (ids) => groupBy(ids, await languagesByExpert(ctx.db, ids), (r) => r.expertId)).load(e.id),
    }),
    expertise: t.field({
      type: [ExpertiseLevel],
      description: 'Expertise areas with level, highest first.',
      resolve: (e, _a, ctx) => loader(ctx, 'expertise', async (ids) => groupBy(ids, await expertiseByExpert(ctx.db, ids), (r) => r.expertId)).load(e.id),
    }),
    version: t.exposeInt('version', {
      description: 'Increases by one on every `updateExpert`; pass it back as `expectedVersion`.',
      authScopes: privateScopes,
    }),
    email: t.exposeString('email', { nullable: true, description: 'Staff and the expert only.', authScopes: privateScopes }),
    gender: t.expose('gender', { type: GenderEnum, nullable: true, authScopes: privateScopes }),
    nationalities: t.exposeStringList('nationalities', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 codes. An expert does not mediate in a country of their nationality.',
      authScopes: privateScopes,
    }),
    homeTimeZone: t.exposeString('homeTimeZone', { nullable: true, description: 'IANA time zone.', authScopes: privateScopes }),
    countryExperience: t.exposeStringList('countryExperience', {
      nullable: true,
      description: 'Countries the expert has worked in (ISO 3166-1 alpha-2).',
      authScopes: privateScopes,
    }),
    securityTrainingValidUntil: t.expose('securityTrainingValidUntil', {
      type: DateScalar,
      nullable: true,
      description: 'Last day the security training is valid. Staff and the expert only.',
      authScopes: privateScopes,
    }),
    medicalClearanceValidUntil: t.expose('medicalClearanceValidUntil', {
      type: DateScalar,
      nullable: true,
      description: 'Last day the medical clearance is valid. Staff and the expert only.',
      authScopes: privateScopes,
    }),
    maxDeploymentDaysPerYear: t.exposeInt('maxDeploymentDaysPerYear', { nullable: true, authScopes: privateScopes }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar, nullable: true, authScopes: privateScopes }),
    availability: t.field({
      type: [AvailabilityPeriod],
      nullable: true,
      authScopes: privateScopes,
      description:
        'Day-by-day status over exactly from..to (at most 730 days), as contiguous periods covering the whole ' +
        'range; adjacent days with the same status are merged. ASSIGNED wins over marks.',
      args: { from: t.arg({ type: DateScalar, required: true }), to: t.arg({ type: DateScalar, required: true }) },
      resolve: async (e, { from, to }, ctx) => {
        if (to < from) throw new InvalidInputError(['to'], 'to: must not be before from');
        if (daysInclusive(from, to) > 730) throw new InvalidInputError(['to'], 'to: a range may span at most 730 days');
        const [marked, held] = await Promise.all([markedPeriods(ctx.db, [e.id], from, to), heldDays(ctx.db, [e.id], from, to)]);
        return availabilityTimeline(
          from,
          to,
          marked.map((m) => ({ startDate: m.startDate, endDate: m.endDate, status: m.status as MarkedPeriod['status'], note: m.note })),
          held,
        ).map((p) => ({ ...p, expertId: e.id }));
      },
    }),
  }),
});

const ExpertiseRequirement = builder.inputType('ExpertiseRequirement', {
  fields: (t) => ({
    area: t.string({ required: true, description: 'Expertise area code.' }),
    minLevel: t.int({ defaultValue: 1, description: '1–5; default 1.' }),
  }),
});

const LanguageRequirement = builder.inputType('LanguageRequirement', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'ISO 639-1 code.' }),
    minProficiency: t.field({ type: ProficiencyEnum, defaultValue: 'WORKING', description: 'Default WORKING.' }),
  }),
});

const ExpertFilterInput = builder.inputType('ExpertFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    expertise: t.field({ type: [ExpertiseRequirement], description: 'Each area at minLevel or above.' }),
    languages: t.field({ type: [LanguageRequirement], description: 'Each language at minProficiency (default WORKING) or above.' }),
    tier: t.field({ type: RosterTierEnum }),
    gender: t.field({ type: GenderEnum }),
    search: t.string({ description: 'Case- and accent-insensitive substring of the name.' }),
    excludeNationality: t.string({ description: 'Leave out experts holding this nationality (ISO 3166-1 alpha-2).' }),
    availableFrom: t.field({ type: DateScalar, description: 'With availableTo: every day in the range is AVAILABLE or TENTATIVE.' }),
    availableTo: t.field({ type: DateScalar }),
  }),
});

async function checkFilter(ctx: Context, raw: ExpertFilterArg): Promise<ExpertFilter> {
  const f = raw ?? {};
  const expertise = (f.expertise ?? []).map((e, i) => {
    const minLevel = e.minLevel ?? 1;
    if (minLevel < 1 || minLevel > 5) throw new InvalidInputError(['filter', 'expertise', i, 'minLevel'], 'minLevel: must be between 1 and 5');
    return { area: e.area, minLevel };
  });
  await assertAreaCodes(ctx.db, expertise.map((e) => e.area), (i) => ['filter', 'expertise', i, 'area']);
  const languages = (f.languages ?? []).map((l, i) => {
    if (!isLanguageCode(l.code)) throw new InvalidInputError(['filter', 'languages', i, 'code'], `code: "${l.code}" is not an ISO 639-1 code`);
    return { code: l.code, minProficiency: l.minProficiency ?? 'WORKING' };
  });
  if (f.excludeNationality != null && !isCountryCode(f.excludeNationality)) {
    throw new InvalidInputError(['filter', 'excludeNationality'], 'excludeNationality: not an ISO 3166-1 alpha-2 code');
  }
  if ((f.availableFrom == null) !== (f.availableTo == null)) {
    const missing = f.availableFrom == null ? 'availableFrom' : 'availableTo';
    throw new InvalidInputError(['filter', missing], `${missing}: give availableFrom and availableTo together`);
  }
  if (f.availableFrom && f.availableTo) {
    if (f.availableTo < f.availableFrom) throw new InvalidInputError(['filter', 'availableTo'], 'availableTo: must not be before availableFrom');
    if (daysInclusive(f.availableFrom, f.availableTo) > 730) throw new InvalidInputError(['filter', 'availableTo'], 'availableTo: at most 730 days');
  }
  if (f.search != null && f.search.length > 200) throw new InvalidInputError(['filter', 'search'], 'search: at most 200 characters');
  // A NUL or a lone surrogate cannot reach PostgreSQL text; no name contains control characters (see validation.ts).
  if (f.search != null && !isPlainText(f.search)) {
    throw new InvalidInputError(['filter', 'search'], 'search: must not contain control characters');
  }
  return {
    expertise,
    languages,
    tier: f.tier ?? undefined,
    gender: f.gender ?? undefined,
    search: f.search ?? undefined,
    excludeNationality: f.excludeNationality ?? undefined,
    availableFrom: f.availableFrom ?? undefined,
    availableTo: f.availableTo ?? undefined,
  };
}
type ExpertFilterArg = typeof ExpertFilterInput.$inferInput | null | undefined;

builder.queryFields((t) => ({
  experts: t.connection(
    {
      type: ExpertRef,
      description: 'Search the roster (staff only). Ordered by name, then id; cursors are stable.',
      authScopes: { staff: true },
      args: { filter: t.arg({ type: ExpertFilterInput }) },
      resolve: async (_root, args, ctx) => {
        const first = pageSize(args);
        const after = decodeCursor<[string, string]>(args.after, 2, ([name, id]) => typeof name === 'string' && typeof id === 'string' && isUuid(id));
        const filter = await checkFilter(ctx, args.filter);
        const page = await findExperts(ctx.db, filter, first, after);
        return connection(page.rows, page.hasNextPage, after !== undefined, (e) => [e.nameKey, e.id], page.count);
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({ description: 'All experts matching the filter; counted only when asked for.', resolve: (conn) => (conn as unknown as { totalCount: () => Promise<number> }).totalCount() }),
      }),
    },
  ),
  expertiseAreas: t.field({
    type: [ExpertiseAreaRef],
    description: 'Every expertise area, in a fixed order.',
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => ctx.db.select().from(expertiseAreas).orderBy(expertiseAreas.position),
  }),
  expert: t.field({
    type: ExpertRef,
    nullable: true,
    description: 'One expert by id (null when there is none).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => expertLoader(ctx).load(decodeId(String(id), 'Expert', ['id'])),
  }),
}));
