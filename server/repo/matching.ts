// Loads what the matching engine needs for one request in a fixed number of statements: the
// request, its roles and held seats, and the candidate experts with their skills, marked
// unavailability and commitments. SQL keeps only experts who have some role's expertise at its
// level (plus those already holding a seat) unless every expert is wanted (for `excluded`).
import { and, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { assignments, availabilityPeriods, expertExpertise, expertLanguages, experts } from '../../schema/index.js';
import type { MatchExpert, MatchRequest } from '../domain/matching/index.js';
import { addDays } from '../domain/dates.js';
import { LIVE_STATUSES } from './experts.js';
import { rolesByRequest, type RequestRow } from './requests.js';

export interface MatchInput {
  request: RequestRow;
  match: MatchRequest;
  experts: MatchExpert[];
}

/** Experts worth considering: some role's expertise at its minLevel, or a seat already held. */
function candidateCondition(match: MatchRequest): SQL {
  const skills = match.roles.map(
    (r) => sql`(ee.area_code = ${r.expertise} and ee.level >= ${r.minLevel})`,
  );
  const held = match.roles.flatMap((r) => r.held);
  const hasSkill = sql`exists (select 1 from ${expertExpertise} ee where ee.expert_id = ${experts.id} and (${sql.join(skills, sql` or `)}))`;
  return held.length ? or(hasSkill, inArray(experts.id, held))! : hasSkill;
}

export async function loadMatchInput(db: Db, request: RequestRow, now: Date, everyone: boolean, exclude: readonly string[] = []): Promise<MatchInput> {
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
  const where = and(
    everyone ? undefined : candidateCondition(match),
    exclude.length ? sql`${experts.id} not in (${sql.join(exclude.map((id) => sql`${id}`), sql`, `)})` : undefined,
  );
  const ids = db.select({ id: experts.id }).from(experts).where(where);
  // Commitments matter within the calendar years the request touches (day cap) and 7 days around it (rest).
  const windowStart = addDays(`${request.startDate.slice(0, 4)}-01-01`, -7);
  const windowEnd = addDays(`${request.endDate.slice(0, 4)}-12-31`, 7);
  const [rows, languages, expertise, unavailable, commitments] = await Promise.all([
    db.select().from(experts).where(where),
    db.select().from(expertLanguages).where(inArray(expertLanguages.expertId, ids)),
    db.select().from(expertExpertise).where(inArray(expertExpertise.expertId, ids)),
    db
      .select({ expertId: availabilityPeriods.expertId, startDate: availabilityPeriods.startDate, endDate: availabilityPeriods.endDate })
      .from(availabilityPeriods)
      .where(
        and(
          inArray(availabilityPeriods.expertId, ids),
          eq(availabilityPeriods.status, 'UNAVAILABLE'),
          lte(availabilityPeriods.startDate, request.endDate),
          gte(availabilityPeriods.endDate, request.startDate),
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
    });
  }
  for (const l of languages) byExpert.get(l.expertId)?.languages.push({ code: l.code, proficiency: l.proficiency });
  for (const x of expertise) byExpert.get(x.expertId)?.expertise.push({ area: x.areaCode, level: x.level });
  for (const u of unavailable) byExpert.get(u.expertId)?.unavailable.push({ startDate: u.startDate, endDate: u.endDate });
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
