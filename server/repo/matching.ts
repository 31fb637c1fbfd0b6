// Loads what the matching engine needs for one request in a fixed number of statements: the
// request, its roles and held seats, and the candidate experts with their skills, marked
// unavailability, commitments, declared interests and appraisal totals. SQL keeps only experts who
// have some role's expertise at its level (plus those already holding a seat) unless every expert
// is wanted (for `excluded`).
import { and, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { assignments, availabilityPeriods, declaredInterests, expertExpertise, expertLanguages, experts } from '../../schema/index.js';
import { EXCLUSION_REASONS, type ExclusionReason, type MatchExpert, type MatchRequest, type ProposalExcluded } from '../domain/matching/index.js';
import { makeContext } from '../domain/matching/context.js';
import { formatDay } from '../domain/matching/dates.js';
import { inList, rowsOf } from '../db/rows.js';
import { addDays } from '../domain/dates.js';
import { partyKeys } from '../domain/interests.js';
import { appraisalTotals } from './appraisals.js';
import { interestsByExpert } from './interests.js';
import { LIVE_STATUSES } from './experts.js';
import { rolesByRequest, type RequestRow } from './requests.js';

export interface MatchInput {
  request: RequestRow;
  match: MatchRequest;
  experts: MatchExpert[];
}

/**
 * Experts worth considering, or a seat already held. Broad: some role's expertise at its minLevel
 * (enough to explain why the rest were excluded). Strict: also what SQL can check of eligibility
 * (the role's languages at WORKING, nationality, clearances, marked UNAVAILABLE days, live
 * assignments on the request's days); the engine still checks every rule, including day caps and
 * rest periods, so the strict set changes no proposal, it only loads fewer experts.
 */
function candidateCondition(match: MatchRequest, request: RequestRow, strict: boolean): SQL {
  const fits = match.roles.map((r) => {
    const parts = [sql`exists (select 1 from ${expertExpertise} ee where ee.expert_id = ${experts.id} and ee.area_code = ${r.expertise} and ee.level >= ${r.minLevel})`];
    if (strict) {
      for (const code of r.languages) {
        parts.push(sql`exists (select 1 from ${expertLanguages} el where el.expert_id = ${experts.id} and el.code = ${code} and el.proficiency >= 'WORKING')`);
      }
    }
    return sql`(${sql.join(parts, sql` and `)})`;
  });
  const conditions = [sql`(${sql.join(fits, sql` or `)})`];
  if (strict) {
    const range = sql`daterange(${request.startDate}::date, ${request.endDate}::date, '[]')`;
    conditions.push(sql`not (${experts.nationalities} @> array[${request.country}]::text[])`);
    if (request.mode !== 'REMOTE') {
      conditions.push(sql`${experts.securityTrainingValidUntil} >= ${request.endDate}::date and ${experts.medicalClearanceValidUntil} >= ${request.endDate}::date`);
    }
    conditions.push(sql`not exists (select 1 from ${availabilityPeriods} ap where ap.expert_id = ${experts.id} and ap.status = 'UNAVAILABLE' and ap.days && ${range})`);
    conditions.push(sql`not exists (select 1 from ${assignments} a where a.expert_id = ${experts.id} and a.request_id <> ${request.id}
      and a.status in ('OFFERED', 'ACCEPTED', 'DEPLOYED') and a.days && ${range})`);
    conditions.push(noConflictOfInterest(request));
  }
  const candidates = sql.join(conditions, sql` and `);
  const held = match.roles.flatMap((r) => r.held);
  return held.length ? or(candidates, inArray(experts.id, held))! : candidates;
}

/**
 * CONFLICT_OF_INTEREST, apart from the rest of the prefilter: no declared tie to the request's
 * country, nor to a party whose stored folded key equals a folded name of the request's parties.
 */
function noConflictOfInterest(request: RequestRow): SQL {
  const keys = [...partyKeys(request.parties)];
  const party = keys.length ? sql` or di.party_key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})` : sql``;
  return sql`not exists (select 1 from ${declaredInterests} di where di.expert_id = ${experts.id} and (di.country = ${request.country}${party}))`;
}

/** Which experts to load: every one, those with a role's expertise, or those SQL finds eligible. */
export type CandidateScope = 'everyone' | 'skilled' | 'eligible';

export async function loadMatchInput(db: Db, request: RequestRow, now: Date, scope: CandidateScope): Promise<MatchInput> {
  const roles = await rolesByRequest(db, [request.id]);
  const live = await db
    .select({ roleId: assignments.roleId, expertId: assignments.expertId })
    .from(assignments)
    .where(and(eq(assignments.requestId, request.id), inArray(assignments.status, [...LIVE_STATUSES])))
    .orderBy(assignments.offeredAt, assignments.id);
  const match: MatchRequest = {
    id: request.id,
    country: request.country,
    mode: request.mode,
    startDate: request.startDate,
    endDate: request.endDate,
    minWomen: request.minWomen,
    parties: request.parties,
    now: now.toISOString(),
    roles: roles.map((r) => ({
      id: r.id,
      expertise: r.expertiseCode,
      minLevel: r.minLevel,
      languages: r.languages,
      count: r.count,
      held: live.filter((a) => a.roleId === r.id).map((a) => a.expertId),
    })),
  };
  const where = scope === 'everyone' ? undefined : candidateCondition(match, request, scope === 'eligible');
  // The filter runs once: the other statements read the ids it found (one text parameter, any roster size)
  // rather than evaluating its correlated subqueries six times more.
  const rows = await db.select().from(experts).where(where);
  const ids = where ? sql`(select unnest(string_to_array(${rows.map((e) => e.id).join(',')}, ',')::uuid[]))` : db.select({ id: experts.id }).from(experts);
  // Commitments matter within the calendar years the request touches (day cap) and 7 days around it (rest).
  const windowStart = addDays(`${request.startDate.slice(0, 4)}-01-01`, -7);
  const windowEnd = addDays(`${request.endDate.slice(0, 4)}-12-31`, 7);
  const [languages, expertise, unavailable, commitments, interests, ratings] = await Promise.all([
    db.select().from(expertLanguages).where(inArray(expertLanguages.expertId, ids)),
    db.select().from(expertExpertise).where(inArray(expertExpertise.expertId, ids)),
    db
      .select({ expertId: availabilityPeriods.expertId, startDate: availabilityPeriods.startDate, endDate: availabilityPeriods.endDate })
      .from(availabilityPeriods)
      .where(
        and(
          inArray(availabilityPeriods.expertId, ids),
          eq(availabilityPeriods.status, 'UNAVAILABLE'),
          // The daterange GiST index, not a scan of every calendar.
          sql`${availabilityPeriods.days} && daterange(${request.startDate}::date, ${request.endDate}::date, '[]')`,
        ),
      ),
    db
      .select({
        expertId: assignments.expertId,
        requestId: assignments.requestId,
        startDate: assignments.startDate,
        endDate: assignments.endDate,
        mode: assignments.mode,
        status: assignments.status,
      })
      .from(assignments)
      .where(
        and(
          inArray(assignments.expertId, ids),
          ne(assignments.requestId, request.id),
          inArray(assignments.status, ['OFFERED', 'ACCEPTED', 'DEPLOYED', 'COMPLETED']),
          lte(assignments.startDate, windowEnd),
          gte(assignments.endDate, windowStart),
        ),
      ),
    interestsByExpert(db, ids),
    appraisalTotals(db, ids),
  ]);
  const byExpert = new Map<string, MatchExpert>();
  for (const e of rows) {
    byExpert.set(e.id, {
      id: e.id,
      fullName: e.fullName,
      tier: e.tier,
      gender: e.gender,
      nationalities: e.nationalities,
      countryExperience: e.countryExperience,
      securityTrainingValidUntil: e.securityTrainingValidUntil,
      medicalClearanceValidUntil: e.medicalClearanceValidUntil,
      maxDeploymentDaysPerYear: e.maxDeploymentDaysPerYear,
      languages: [],
      expertise: [],
      unavailable: [],
      commitments: [],
      declaredInterests: [],
      appraisals: ratings.get(e.id),
    });
  }
  for (const l of languages) byExpert.get(l.expertId)?.languages.push({ code: l.code, proficiency: l.proficiency });
  for (const x of expertise) byExpert.get(x.expertId)?.expertise.push({ area: x.areaCode, level: x.level });
  for (const u of unavailable) byExpert.get(u.expertId)?.unavailable.push({ startDate: u.startDate, endDate: u.endDate });
  for (const d of interests) byExpert.get(d.expertId)?.declaredInterests!.push({ country: d.country, party: d.party });
  for (const c of commitments) {
    byExpert.get(c.expertId)?.commitments.push({
      requestId: c.requestId,
      startDate: c.startDate,
      endDate: c.endDate,
      mode: c.mode,
      status: c.status as MatchExpert['commitments'][number]['status'],
    });
  }
  return { request, match, experts: [...byExpert.values()] };
}

/**
 * The first `first` ineligible (role, expert) pairs over the whole roster, in the order the schema
 * promises for `TeamProposal.excluded`: role order, then fewest reasons first, then name, then id.
 * Every ExclusionReason is evaluated in SQL (the same rules as server/domain/matching/eligibility.ts,
 * which test/api/proposal-excluded.test.ts checks pair by pair against the engine), ranked there
 * with ORDER BY … LIMIT, so only the returned rows reach JavaScript. Roles are asked in turn until
 * the page is full: usually the first role alone fills it. Names compare in the "C" collation
 * (code points), which is the engine's UTF-16 order for every name without astral characters.
 */
export async function excludedPairs(db: Db, input: MatchInput, first: number): Promise<ProposalExcluded[]> {
  const { request, match } = input;
  if (first <= 0) return [];
  const ctx = makeContext(match);
  const range = sql`daterange(${request.startDate}::date, ${request.endDate}::date, '[]')`;
  const keys = [...ctx.partyKeys];
  const partyConflict = keys.length ? sql` or di.party_key in ${inList(keys)}` : sql``;
  const capStatuses = inList(['OFFERED', 'ACCEPTED', 'DEPLOYED', 'COMPLETED']);
  // Every flag is `e.id in (uncorrelated subquery)`, which PostgreSQL runs once as a hashed subplan,
  // rather than a correlated subquery per expert (seconds at 10k experts).
  const other = sql`a.request_id <> ${request.id}`;
  const live = sql`a.status in ('OFFERED', 'ACCEPTED', 'DEPLOYED')`;
  // Per calendar year the request touches: days held by other commitments (overlaps once), per expert.
  const years = ctx.years.map((y, i) => {
    const bounds = sql`daterange(${formatDay(y.lo)}::date, ${formatDay(y.hi)}::date, '[]')`;
    const alias = sql.raw(`y${i}`);
    return {
      join: sql`left join (select x.expert_id, sum(upper(x.d) - lower(x.d))::int as days from (
          select a.expert_id, unnest(range_agg(a.days) * datemultirange(${bounds})) as d from ${assignments} a
          where ${other} and a.status in ${capStatuses} and a.days && ${bounds} group by a.expert_id
        ) x group by x.expert_id) ${alias} on ${alias}.expert_id = e.id`,
      over: sql`coalesce(${alias}.days, 0) + ${y.requestDays} > e.max_deployment_days_per_year`,
    };
  });
  const inPerson = ctx.inPerson;
  const requestFlags = sql`
    e.id in (select ap.expert_id from ${availabilityPeriods} ap where ap.status = 'UNAVAILABLE' and ap.days && ${range}) as unavailable,
    e.id in (select a.expert_id from ${assignments} a where ${other} and ${live} and a.days && ${range}) as already_assigned,
    e.nationalities @> array[${request.country}]::text[] as nationality_conflict,
    ${inPerson ? sql`(e.security_training_valid_until is null or e.security_training_valid_until < ${request.endDate}::date
      or e.medical_clearance_valid_until is null or e.medical_clearance_valid_until < ${request.endDate}::date)` : sql`false`} as clearance_expired,
    (${sql.join(years.map((y) => y.over), sql` or `)}) as day_cap_exceeded,
    ${inPerson ? sql`e.id in (select a.expert_id from ${assignments} a where ${other} and ${live} and a.mode <> 'REMOTE'
      and ((a.end_date < ${request.startDate}::date and a.end_date >= ${ctx.restFrom}::date)
        or (a.start_date > ${request.endDate}::date and a.start_date <= ${ctx.restUntil}::date)))` : sql`false`} as rest_period,
    e.id in (select di.expert_id from ${declaredInterests} di where upper(di.country) = ${request.country.toUpperCase()}${partyConflict}) as conflict_of_interest`;
  const roster = sql`${experts} e ${sql.join(years.map((y) => y.join), sql` `)}`;
  const out: ProposalExcluded[] = [];
  for (const role of match.roles) {
    const left = first - out.length;
    if (left <= 0) break;
    const languages = role.languages.length
      ? sql`(${sql.join(
          role.languages.map((code) => sql`e.id not in (select el.expert_id from ${expertLanguages} el where el.code = ${code} and el.proficiency >= 'WORKING')`),
          sql` or `,
        )})`
      : sql`false`;
    const result = await db.execute(sql`
      select * from (
        select e.id, e.full_name,
          e.id not in (select ee.expert_id from ${expertExpertise} ee where ee.area_code = ${role.expertise} and ee.level >= ${role.minLevel}) as expertise_missing,
          ${languages} as language_missing,
          ${requestFlags}
        from ${roster}
      ) f
      where ${sql.raw(EXCLUSION_COLUMNS.join(' or '))}
      order by ${sql.raw(EXCLUSION_COLUMNS.map((c) => `${c}::int`).join(' + '))}, f.full_name collate "C", f.id
      limit ${left}`);
    for (const row of rowsOf<Record<Lowercase<ExclusionReason>, boolean> & { id: string }>(result)) {
      const reasons = EXCLUSION_REASONS.filter((_, i) => row[EXCLUSION_COLUMNS[i]!]);
      out.push({ roleId: role.id, expertId: row.id, reasons });
    }
  }
  return out;
}

/** One boolean column per ExclusionReason, in contract order. */
const EXCLUSION_COLUMNS = EXCLUSION_REASONS.map((r) => r.toLowerCase()) as Lowercase<ExclusionReason>[];
