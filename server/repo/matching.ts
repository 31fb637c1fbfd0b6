// Loads what the matching engine needs for one request in a fixed number of statements: the
// request, its roles and held seats, and the candidate experts with their skills, marked
// unavailability, commitments, declared interests and appraisal totals. For a proposal SQL picks
// the few experts an optimal team can come from (every rule and the fitScore in SQL, cut per role
// with ORDER BY … LIMIT), and only those reach JavaScript; `excluded` is ranked in SQL as well.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { appraisals, assignments, availabilityPeriods, declaredInterests, expertExpertise, expertLanguages, experts, type Proficiency } from '../../schema/index.js';
import { EXCLUSION_REASONS, type ExclusionReason, type ExpertCommitment, type MatchExpert, type MatchOptions, type MatchRequest, type ProposalExcluded } from '../domain/matching/index.js';
import { makeContext, type RequestContext, type YearSlice } from '../domain/matching/context.js';
import { PROFICIENCY_RANK } from '../domain/matching/eligibility.js';
import { APPRAISAL_PRIOR, LANGUAGE_CREDIT } from '../domain/matching/score.js';
import { ALL_COUNTRY_CODES } from '../domain/codes.js';
import { formatDay } from '../domain/matching/dates.js';
import { inList, rowsOf } from '../db/rows.js';
import { addDays } from '../domain/dates.js';
import { LIVE_STATUSES } from './experts.js';
import { rolesByRequest, type RequestRow } from './requests.js';

export interface MatchInput {
  request: RequestRow;
  match: MatchRequest;
  experts: MatchExpert[];
}

/**
 * Experts with some role's expertise at its minLevel (enough to explain why the rest were
 * excluded), or holding a seat.
 */
function skilledCondition(match: MatchRequest): SQL {
  const fits = match.roles.map(
    (r) => sql`exists (select 1 from ${expertExpertise} ee where ee.expert_id = ${experts.id} and ee.area_code = ${r.expertise} and ee.level >= ${r.minLevel})`,
  );
  return withHeld(match, sql`(${sql.join(fits, sql` or `)})`);
}

/** `condition`, or a seat of the request already held. */
function withHeld(match: MatchRequest, condition: SQL): SQL {
  const held = match.roles.flatMap((r) => r.held);
  return held.length ? or(condition, inArray(experts.id, held))! : condition;
}

/**
 * Which experts to load: every one, those with a role's expertise, or only those an optimal team
 * and the first `perRole` candidates of each role can come from (topCandidates), plus held seats.
 */
export type CandidateScope = 'everyone' | 'skilled' | 'best';

export interface LoadOptions extends MatchOptions {
  /** With scope `best`: how many candidates of each role must be exact (at least the team's seats are). */
  perRole?: number;
}

export async function loadMatchInput(db: Db, request: RequestRow, now: Date, scope: CandidateScope, options: LoadOptions = {}): Promise<MatchInput> {
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
  const where = scope === 'everyone' ? undefined : scope === 'skilled' ? skilledCondition(match) : await bestCondition(db, request, match, options);
  // Commitments matter within the calendar years the request touches (day cap) and 7 days around it (rest).
  const windowStart = addDays(`${request.startDate.slice(0, 4)}-01-01`, -7);
  const windowEnd = addDays(`${request.endDate.slice(0, 4)}-12-31`, 7);
  // The loaded expert's id, qualified: drizzle leaves a column unqualified inside a single-table select.
  const self = sql`${experts}.id`;
  const of = (table: SQL, alias: string) => sql`${table} ${sql.raw(alias)} where ${sql.raw(alias)}.expert_id = ${self}`;
  const list = <T>(items: SQL, from: SQL) => sql<T[]>`(select coalesce(json_agg(${items}), '[]'::json) from ${from})`;
  // Each expert with everything the engine reads of them, in one statement: every child table as a
  // JSON list through its expert_id index, rather than six more statements and round trips.
  const rows = await db
    .select({
      id: experts.id,
      fullName: experts.fullName,
      tier: experts.tier,
      gender: experts.gender,
      nationalities: experts.nationalities,
      countryExperience: experts.countryExperience,
      securityTrainingValidUntil: experts.securityTrainingValidUntil,
      medicalClearanceValidUntil: experts.medicalClearanceValidUntil,
      maxDeploymentDaysPerYear: experts.maxDeploymentDaysPerYear,
      languages: list<[string, Proficiency]>(sql`json_build_array(l.code, l.proficiency)`, of(sql`${expertLanguages}`, 'l')),
      expertise: list<[string, number]>(sql`json_build_array(x.area_code, x.level)`, of(sql`${expertExpertise}`, 'x')),
      // The daterange GiST index, not a scan of every calendar.
      unavailable: list<[string, string]>(
        sql`json_build_array(ap.start_date, ap.end_date)`,
        sql`${of(sql`${availabilityPeriods}`, 'ap')} and ap.status = 'UNAVAILABLE' and ap.days && daterange(${request.startDate}::date, ${request.endDate}::date, '[]')`,
      ),
      commitments: list<[string, string, string, ExpertCommitment['mode'], ExpertCommitment['status']]>(
        sql`json_build_array(a.request_id, a.start_date, a.end_date, a.mode, a.status)`,
        sql`${of(sql`${assignments}`, 'a')} and a.request_id <> ${request.id} and a.status in ('OFFERED', 'ACCEPTED', 'DEPLOYED', 'COMPLETED')
          and a.start_date <= ${windowEnd}::date and a.end_date >= ${windowStart}::date`,
      ),
      interests: list<[string | null, string | null]>(sql`json_build_array(di.country, di.party)`, of(sql`${declaredInterests}`, 'di')),
      // Appraisals received: how many, and the sum of their ratings.
      rated: sql<[number, number | null]>`(select json_build_array(count(*), sum(p.rating)) from ${appraisals} p
        join ${assignments} pa on pa.id = p.assignment_id where pa.expert_id = ${self})`,
    })
    .from(experts)
    .where(where);
  const loaded = rows.map(
    (e): MatchExpert => ({
      id: e.id,
      fullName: e.fullName,
      tier: e.tier,
      gender: e.gender,
      nationalities: e.nationalities,
      countryExperience: e.countryExperience,
      securityTrainingValidUntil: e.securityTrainingValidUntil,
      medicalClearanceValidUntil: e.medicalClearanceValidUntil,
      maxDeploymentDaysPerYear: e.maxDeploymentDaysPerYear,
      languages: e.languages.map(([code, proficiency]) => ({ code, proficiency })),
      expertise: e.expertise.map(([area, level]) => ({ area, level })),
      unavailable: e.unavailable.map(([startDate, endDate]) => ({ startDate, endDate })),
      commitments: e.commitments.map(([requestId, startDate, endDate, mode, status]) => ({ requestId, startDate, endDate, mode, status })),
      declaredInterests: e.interests.map(([country, party]) => ({ country, party })),
      appraisals: e.rated[0] > 0 ? { count: Number(e.rated[0]), sum: Number(e.rated[1]) } : undefined,
    }),
  );
  return { request, match, experts: loaded };
}

/** The request-level ExclusionReasons (all but EXPERTISE_MISSING and LANGUAGE_MISSING), as SQL over `experts e`. */
type RequestReason = Exclude<Lowercase<ExclusionReason>, 'expertise_missing' | 'language_missing'>;

/**
 * Every request-level ExclusionReason of `experts e` in SQL: the same rules as
 * server/domain/matching/eligibility.ts (test/api/proposal-excluded.test.ts compares them pair by
 * pair with the engine, test/api/proposal-topk.test.ts the eligible sets). `joins` follow `experts e`
 * (the day cap's per-year totals). Each flag is a boolean expression over `e`; `form` says how a
 * rule over another table is asked (RowsOf).
 */
function requestExclusions(ctx: RequestContext, request: RequestRow, form: RowsOf): { joins: SQL; flags: Record<RequestReason, SQL> } {
  const range = sql`daterange(${request.startDate}::date, ${request.endDate}::date, '[]')`;
  const keys = [...ctx.partyKeys];
  const partyConflict = keys.length ? sql` or di.party_key in ${inList(keys)}` : sql``;
  const capStatuses = inList(['OFFERED', 'ACCEPTED', 'DEPLOYED', 'COMPLETED']);
  const other = sql`a.request_id <> ${request.id}`;
  const live = sql`a.status in ('OFFERED', 'ACCEPTED', 'DEPLOYED')`;
  const inPerson = ctx.inPerson;
  // The day cap's days per year: for thousands of experts, every expert's totals joined once; for a
  // few hundred, each expert's own commitments through assignments_expert.
  const years = ctx.years.map((y, i) => {
    const alias = sql.raw(`cap${i}`);
    return form === hashed
      ? { y, days: sql`coalesce(${alias}.days, 0)`, join: sql`left join ${coveredDaysPerExpert(request, y, capStatuses)} ${alias} on ${alias}.expert_id = e.id` }
      : { y, days: coveredDaysOfExpert(request, y, capStatuses), join: sql`` };
  });
  const joins = sql.join(
    years.map((y) => y.join),
    sql` `,
  );
  const flags = {
    unavailable: form(sql`${availabilityPeriods} ap`, sql`ap.expert_id`, sql`ap.status = 'UNAVAILABLE' and ap.days && ${range}`),
    already_assigned: form(sql`${assignments} a`, sql`a.expert_id`, sql`${other} and ${live} and a.days && ${range}`),
    nationality_conflict: sql`e.nationalities @> array[${request.country}]::text[]`,
    clearance_expired: inPerson
      ? sql`(e.security_training_valid_until is null or e.security_training_valid_until < ${request.endDate}::date
        or e.medical_clearance_valid_until is null or e.medical_clearance_valid_until < ${request.endDate}::date)`
      : sql`false`,
    // Per calendar year the request touches: days held by other commitments (overlaps once) plus the request's.
    day_cap_exceeded: sql`(${sql.join(
      years.map(({ y, days }) => sql`${days} + ${y.requestDays} > e.max_deployment_days_per_year`),
      sql` or `,
    )})`,
    rest_period: inPerson
      ? form(
          sql`${assignments} a`,
          sql`a.expert_id`,
          sql`${other} and ${live} and a.mode <> 'REMOTE'
            and ((a.end_date < ${request.startDate}::date and a.end_date >= ${ctx.restFrom}::date)
              or (a.start_date > ${request.endDate}::date and a.start_date <= ${ctx.restUntil}::date))`,
        )
      : sql`false`,
    conflict_of_interest: form(
      sql`${declaredInterests} di`,
      sql`di.expert_id`,
      sql`(upper(di.country) = ${request.country.toUpperCase()}${partyConflict})`,
    ),
  };
  return { joins, flags };
}

/**
 * Whether expert `e` has a row in `from` (its expert column `key`) meeting `where`, written for
 * how many experts a statement looks at. `hashed`, for thousands: `e.id in (…)`, one pass over
 * the matching rows into a hash table. `probed`, for a few hundred: `exists (…)` per expert, an
 * index lookup each, whatever the size of the roster.
 */
type RowsOf = (from: SQL, key: SQL, where: SQL) => SQL;
const hashed: RowsOf = (from, key, where) => sql`e.id in (select ${key} from ${from} where ${where})`;
const probed: RowsOf = (from, key, where) => sql`exists (select 1 from ${from} where ${key} = e.id and ${where})`;

/** The days of year `y` covered by expert e's commitments on other requests in `statuses` (overlaps once), 0 when none. */
function coveredDaysOfExpert(request: RequestRow, y: YearSlice, statuses: SQL): SQL {
  const bounds = sql`daterange(${formatDay(y.lo)}::date, ${formatDay(y.hi)}::date, '[]')`;
  return sql`(select coalesce(sum(upper(x.d) - lower(x.d)), 0)::int from (
      select unnest(range_agg(a.days) * datemultirange(${bounds})) as d from ${assignments} a
      where a.expert_id = e.id and a.request_id <> ${request.id} and a.status in ${statuses}
        and a.start_date <= ${formatDay(y.hi)}::date and a.end_date >= ${formatDay(y.lo)}::date) x)`;
}

/** Per expert, the days of year `y` covered by their commitments on other requests in `statuses` (overlaps once). */
function coveredDaysPerExpert(request: RequestRow, y: YearSlice, statuses: SQL): SQL {
  const bounds = sql`daterange(${formatDay(y.lo)}::date, ${formatDay(y.hi)}::date, '[]')`;
  return sql`(select x.expert_id, sum(upper(x.d) - lower(x.d))::int as days from (
      select a.expert_id, unnest(range_agg(a.days) * datemultirange(${bounds})) as d from ${assignments} a
      where a.request_id <> ${request.id} and a.status in ${statuses} and a.days && ${bounds} group by a.expert_id
    ) x group by x.expert_id)`;
}

/**
 * The first `first` ineligible (role, expert) pairs over the whole roster, in the order the schema
 * promises for `TeamProposal.excluded`: role order, then fewest reasons first, then name, then id.
 * Every ExclusionReason is evaluated in SQL (requestExclusions and the role's two checks) for the
 * experts walked in name order (index experts_full_name_order), usually a few hundred. Names compare in the "C"
 * collation (code points), which is the engine's UTF-16 order for every name without astral characters.
 */
export async function excludedPairs(db: Db, input: MatchInput, first: number): Promise<ProposalExcluded[]> {
  const { request, match } = input;
  const { joins, flags } = requestExclusions(makeContext(match), request, probed);
  const out: ProposalExcluded[] = [];
  for (const role of match.roles) {
    const left = first - out.length;
    if (left <= 0) break;
    const languages = role.languages.length
      ? sql`(${sql.join(
          role.languages.map((code) => sql`not ${probed(sql`${expertLanguages} el`, sql`el.expert_id`, sql`el.code = ${code} and el.proficiency >= 'WORKING'`)}`),
          sql` or `,
        )})`
      : sql`false`;
    const columns = sql.join(
      Object.entries({
        expertise_missing: sql`not ${probed(sql`${expertExpertise} ee`, sql`ee.expert_id`, sql`ee.area_code = ${role.expertise} and ee.level >= ${role.minLevel}`)}`,
        language_missing: languages,
        ...flags,
      }).map(([name, flag]) => sql`${flag} as ${sql.raw(name)}`),
      sql`, `,
    );
    // Reason counts start at 1. Walking the roster in name order, the first `left` experts with one
    // reason are the page as soon as they are found; otherwise every bucket is complete at the end.
    const buckets: ProposalExcluded[][] = EXCLUSION_REASONS.map(() => []);
    let after: { name: string; id: string } | undefined;
    for (let size = EXCLUDED_CHUNK; ; size *= 4) {
      const rows = rowsOf<Record<Lowercase<ExclusionReason>, boolean> & { id: string; full_name: string }>(
        // The chunk is cut before the rules run, so that PostgreSQL asks them of `size` experts, one by one.
        await db.execute(sql`select e.id, e.full_name, ${columns} from (
            select * from ${experts} x
            ${after ? sql`where (x.full_name collate "C", x.id) > (${after.name} collate "C", ${after.id}::uuid)` : sql``}
            order by x.full_name collate "C", x.id limit ${size}) e ${joins}
          order by e.full_name collate "C", e.id`),
      );
      for (const row of rows) {
        const reasons = EXCLUSION_REASONS.filter((_, i) => row[EXCLUSION_COLUMNS[i]!]);
        if (reasons.length > 0) buckets[reasons.length - 1]!.push({ roleId: role.id, expertId: row.id, reasons });
      }
      const last = rows[rows.length - 1];
      if (rows.length < size || !last || buckets[0]!.length >= left) break;
      after = { name: last.full_name, id: last.id };
    }
    out.push(...buckets.flat().slice(0, left));
  }
  return out;
}

/** Experts looked at by excludedPairs' first statement for a role; each next statement looks at four times as many. */
const EXCLUDED_CHUNK = 256;

/**
 * The experts of scope `best`. Seats: K, all the roles' counts. Held experts sit in the lists but
 * are no candidates for other seats, so each list goes as many places deeper as there are held seats.
 */
async function bestCondition(db: Db, request: RequestRow, match: MatchRequest, options: LoadOptions): Promise<SQL> {
  const seats = match.roles.reduce((n, r) => n + Math.max(0, r.count), 0);
  const held = match.roles.reduce((n, r) => n + r.held.length, 0);
  const rows = await topCandidates(db, request, match, options, { perRole: Math.max(seats, options.perRole ?? 0) + held, women: seats + held });
  return withHeld(match, sql`${experts.id} = any(${uuidArray([...new Set(rows.map((row) => row.id))])})`);
}

/** A uuid[] parameter: one parameter whatever the number of ids, and its length is known to the planner. */
function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * Slack on the SQL score when cutting a list: the engine rounds fitScore to 4 decimals (at most
 * 0.00005 away from the exact value) and SQL sums the same terms in doubles (some 1e-15 away), so
 * everyone the engine ranks at or above the cut is within this much of it in SQL.
 */
const SCORE_SLACK = 0.0002;

/**
 * Per role (its index), the experts, with their fitScore as SQL computes it, that an optimal team and the first `perRole` candidates can come
 * from: every eligible expert whose fitScore, computed in SQL by the formula of
 * server/domain/matching/score.ts, is at least the `perRole`-th best (ties and rounding included,
 * SCORE_SLACK), and likewise among eligible women with `women`. Eligibility is the whole rule set
 * (requestExclusions and the role's expertise and languages), so that nobody the engine would
 * reject takes a place in a list. Why that suffices: optimise.ts's reduction (per role, the first K
 * candidates and the first K women, K = free seats) changes no optimum, and these lists contain them.
 * test/api/proposal-topk.test.ts compares the proposal over these experts with the one over everyone.
 */
export async function topCandidates(
  db: Db,
  request: RequestRow,
  match: MatchRequest,
  options: MatchOptions,
  limits: { perRole: number; women: number },
): Promise<{ role: number; id: string; score: number }[]> {
  if (match.roles.length === 0) return [];
  const ctx = makeContext(match, options);
  const w = ctx.weights;
  const { joins, flags } = requestExclusions(ctx, request, hashed);
  const num = (x: number) => sql`${x}::float8`;
  const region = ctx.requestRegion === undefined ? [] : ALL_COUNTRY_CODES.filter((c) => ctx.regionOf(c) === ctx.requestRegion);
  const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
  const y = ctx.startYear;
  // L of score.ts: the credit of the proficiency listed for a language, from the engine's own table.
  const credit = (p: SQL) =>
    sql`(case ${p} ${sql.join(
      (Object.keys(PROFICIENCY_RANK) as Proficiency[]).map((level) => sql`when ${level} then ${num(LANGUAGE_CREDIT[PROFICIENCY_RANK[level]] ?? 0)}`),
      sql` `,
    )} else 0 end)`;
  // Per role, who has its expertise at minLevel and each of its languages at WORKING, with the E and L
  // terms of score.ts (an expert lists an area or a language once: both are primary keys).
  const skilled = match.roles.map((role, r) => {
    const minLevel = Math.min(5, Math.max(1, role.minLevel));
    const langs = role.languages.map((code, i) => ({ code, alias: sql.raw(`l${i}`) }));
    const language = langs.length ? sql`(${sql.join(langs.map((l) => credit(sql`${l.alias}.proficiency`)), sql` + `)}) / ${langs.length}` : sql`1`;
    return sql`${sql.raw(`c${r}`)} as (
      select x.expert_id as id, least(1, (x.level - ${minLevel} + 1)::float8 / ${6 - minLevel}) as depth, ${language} as language
      from ${expertExpertise} x
        ${sql.join(
          langs.map((l) => sql`join ${expertLanguages} ${l.alias} on ${l.alias}.expert_id = x.expert_id and ${l.alias}.code = ${l.code} and ${l.alias}.proficiency >= 'WORKING'`),
          sql` `,
        )}
      where x.area_code = ${role.expertise} and x.level >= ${role.minLevel})`;
  });
  // The role-independent terms (C, R, S, D and A of score.ts) for those experts, if no request-level rule excludes them.
  const base = sql`select e.id, e.gender = 'FEMALE' as female,
      ${num(w.countryExperience)} * (e.country_experience @> ${textArray([request.country])})::int
      + ${region.length ? sql`${num(w.regionExperience)} * (e.country_experience && ${textArray(region)})::int` : sql`0`}
      + ${num(ctx.shortNotice ? w.standbyShortNotice : 0)} * (e.tier = 'STANDBY_TEAM')::int
      + ${num(w.lowLoad)} * (1 - least(1, coalesce(load.days, 0)::float8 / greatest(1, e.max_deployment_days_per_year)))
      + ${num(w.appraisal)} * coalesce(((rated.total + ${APPRAISAL_PRIOR.count * APPRAISAL_PRIOR.rating})::float8
          / (rated.n + ${APPRAISAL_PRIOR.count}) - ${APPRAISAL_PRIOR.rating}) / 2, 0) as partial
    from ${experts} e ${joins}
      left join ${coveredDaysPerExpert(request, y, inList(['DEPLOYED', 'COMPLETED']))} load on load.expert_id = e.id
      left join (select a.expert_id, count(*)::int as n, sum(p.rating)::int as total from ${appraisals} p
        join ${assignments} a on a.id = p.assignment_id group by a.expert_id) rated on rated.expert_id = e.id
    where e.id in (${sql.join(match.roles.map((_, r) => sql`select id from ${sql.raw(`c${r}`)}`), sql` union all `)})
      and not (${sql.join(Object.values(flags), sql` or `)})`;
  const roleCtes = match.roles.map(
    (_, r) => sql`${sql.raw(`r${r}`)} as materialized (
      select b.id, b.female, least(1, greatest(0, b.partial + ${num(w.expertise)} * c.depth + ${num(w.language)} * c.language)) as s
      from ${sql.raw(`c${r}`)} c join base b on b.id = c.id)`,
  );
  const cut = (cte: SQL, role: number, women: boolean, n: number) =>
    sql`select ${role}::int as role, id, s from ${cte} where ${women ? sql`female and ` : sql``}s >= coalesce((select s from ${cte}${women ? sql` where female` : sql``}
      order by s desc offset ${n - 1} limit 1), -1) - ${num(SCORE_SLACK)}`;
  const lists = match.roles.flatMap((_, r) => {
    const cte = sql.raw(`r${r}`);
    return [cut(cte, r, false, Math.max(1, limits.perRole)), cut(cte, r, true, Math.max(1, limits.women))];
  });
  const result = await db.execute(sql`with ${sql.join(skilled, sql`, `)}, base as materialized (${base}), ${sql.join(roleCtes, sql`, `)}
    ${sql.join(lists, sql` union `)}`);
  return rowsOf<{ role: number; id: string; s: number }>(result).map((row) => ({ role: Number(row.role), id: row.id, score: Number(row.s) }));
}

/** One boolean column per ExclusionReason, in contract order. */
const EXCLUSION_COLUMNS = EXCLUSION_REASONS.map((r) => r.toLowerCase()) as Lowercase<ExclusionReason>[];
