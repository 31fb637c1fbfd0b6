// The Expert type, its privacy rules, and the roster queries (`experts`, `expertiseAreas`).
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { decodeId, isUuid } from '../ids.js';
import { resolveConnection } from '../pagination.js';
import { DateScalar, DateTimeScalar, describedEnum, GenderEnum, MailLanguageEnum, ProficiencyEnum, RosterTierEnum } from './common.js';
import { markedStatusEnum } from '../../../schema/index.js';
import { availabilityTimeline, type MarkedPeriod, type StatusPeriod } from '../../domain/availability.js';
import { LIMITS, checkDayRange, expertFilterSchema, parseInput } from '../../domain/validation.js';
import {
  allAreas,
  areasByCodes,
  assertAreaCodes,
  expertiseByExpert,
  expertsByIds,
  findExperts,
  heldDays,
  languagesByExpert,
  markedPeriods,
  teamExpertIds,
  type ExpertiseRow,
  type ExpertRow,
  type LanguageRow,
} from '../../repo/experts.js';

export const ExpertiseAreaRef = builder.loadableObject('ExpertiseArea', {
  description: 'An area of mediation expertise, named by a stable code.',
  load: (codes: string[], ctx: Context) => areasByCodes(ctx.db, codes),
  sort: (area) => area.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. `SECURITY_ARRANGEMENTS`; inputs name areas by it.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
  }),
});

const LanguageSkill = builder.objectRef<LanguageRow>('LanguageSkill').implement({
  fields: (t) => ({
    code: t.exposeString('code', { description: 'ISO 639-1 code, lower case, e.g. `fr`.' }),
    proficiency: t.expose('proficiency', { type: ProficiencyEnum }),
  }),
});

const ExpertiseLevel = builder.objectRef<ExpertiseRow>('ExpertiseLevel').implement({
  fields: (t) => ({
    area: t.field({ type: ExpertiseAreaRef, resolve: (e) => e.areaCode }),
    level: t.exposeInt('level', { description: '1 (working knowledge) to 5 (leading practitioner).' }),
  }),
});

export const AvailabilityStatusEnum = describedEnum('AvailabilityStatus', [...markedStatusEnum.enumValues, 'ASSIGNED'], {
  AVAILABLE: 'The default for any day nobody marked.',
  TENTATIVE: 'Marked by the expert as possibly unavailable; still counts as available in searches.',
  UNAVAILABLE: 'Marked unavailable; offers for these days are refused.',
  ASSIGNED: 'Held by an offered, accepted or deployed assignment; wins over any mark.',
});

const AvailabilityPeriod = builder.objectRef<StatusPeriod & { expertId: string }>('AvailabilityPeriod').implement({
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

/** Per request (and so per viewer): whether a REQUESTER has the expert on the team of one of its own requests. */
const requesterSees = dataloaderGetter<string, boolean, string>(
  undefined,
  async (ids, ctx) => {
    const { db, viewer } = ctx as Context;
    const seen = await teamExpertIds(db, viewer?.principal ?? '', ids);
    return ids.map((id) => seen.has(id));
  },
  undefined,
  undefined,
);

// Staff and the expert; REQUESTERs and other experts get FORBIDDEN on these fields.
const privateScopes = (e: ExpertRow) => ({ $any: { staff: true, selfExpert: e.id } });

export const ExpertRef = builder.loadableNode('Expert', {
  description:
    'A member of the standby team or the wider roster. Visible to staff, to the expert, and (names, tier, ' +
    'languages and expertise only) to a REQUESTER whose request the expert is assigned to.',
  id: { resolve: (e) => e.id },
  load: (ids: string[], ctx: Context) => expertsByIds(ctx.db, ids),
  sort: (e) => e.id,
  authScopes: (expert, ctx) => (ctx.viewer?.role === 'REQUESTER' ? requesterSees(ctx).load(expert.id) : privateScopes(expert)),
  fields: (t) => ({
    fullName: t.exposeString('fullName'),
    tier: t.expose('tier', { type: RosterTierEnum }),
    languages: t.loadableGroup({
      type: LanguageSkill,
      description: 'Languages, strongest first.',
      load: (ids: string[], ctx: Context) => languagesByExpert(ctx.db, ids),
      group: (l) => l.expertId,
      resolve: (e) => e.id,
    }),
    expertise: t.loadableGroup({
      type: ExpertiseLevel,
      description: 'Expertise areas with level, highest first.',
      load: (ids: string[], ctx: Context) => expertiseByExpert(ctx.db, ids),
      group: (x) => x.expertId,
      resolve: (e) => e.id,
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
    preferredLanguage: t.expose('preferredLanguage', {
      type: MailLanguageEnum,
      nullable: true,
      description: 'The language of the mail the expert receives; staff and the expert.',
      authScopes: privateScopes,
    }),
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
        checkDayRange({ from, to }, ['from', 'to'], { maxDays: LIMITS.availabilityRangeDays });
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

builder.queryFields((t) => ({
  experts: t.connection({
    type: ExpertRef,
    description: 'Search the roster (staff only). Ordered by name, then id; cursors are stable.',
    authScopes: { staff: true },
    args: { filter: t.arg({ type: ExpertFilterInput }) },
    resolve: (_root, args, ctx) =>
      resolveConnection(
        args,
        {
          arity: 2,
          valid: ([name, id]: [string, string]) => typeof name === 'string' && typeof id === 'string' && isUuid(id),
          keyOf: (e: ExpertRow): [string, string] => [e.nameKey, e.id],
        },
        async (first, after) => {
          const filter = parseInput(expertFilterSchema, args.filter ?? {}, ['filter']);
          await assertAreaCodes(ctx.db, filter.expertise.map((e) => e.area), (i) => ['filter', 'expertise', i, 'area']);
          return findExperts(ctx.db, filter, first, after);
        },
      ),
  }),
  expertiseAreas: t.field({
    type: [ExpertiseAreaRef],
    description: 'Every expertise area, in a fixed order.',
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => allAreas(ctx.db),
  }),
  expert: t.field({
    type: ExpertRef,
    nullable: true,
    description: 'One expert by id (null when there is none).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }) => decodeId(String(id), 'Expert', ['id']),
  }),
}));
