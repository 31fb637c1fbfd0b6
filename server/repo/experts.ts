// Reads and writes of the expert roster: profiles, languages, expertise, marked availability.
// Writes take a transaction; every function here is plain SQL through drizzle, no GraphQL.
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { inList } from '../db/rows.js';
import { constraintName, sqlState, UNIQUE_VIOLATION } from '../db/errors.js';
import {
  assignments,
  availabilityPeriods,
  deploymentRequests,
  expertExpertise,
  expertiseAreas,
  expertLanguages,
  experts,
  emailChanges,
} from '../../schema/index.js';
import { LIVE_STATUSES, TEAM_STATUSES } from '../domain/assignmentState.js';
import { applyMark, type MarkedPeriod, type MarkedStatus } from '../domain/availability.js';
import { addDays } from '../domain/dates.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { escapeLike, searchKey } from '../domain/text.js';
import type { ExpertFilter } from '../domain/validation.js';
import { keysetPage, type Page } from './page.js';

export type ExpertRow = typeof experts.$inferSelect;
export type AreaRow = typeof expertiseAreas.$inferSelect;
export type LanguageRow = typeof expertLanguages.$inferSelect;
export type ExpertiseRow = typeof expertExpertise.$inferSelect;
// repo/matching.ts reads the live statuses from here.
export { LIVE_STATUSES };

/** What createExpert and updateExpert write: the profile columns, and the languages and expertise that replace the lists. */
export type ExpertFields = Pick<
  ExpertRow,
  | 'fullName'
  | 'email'
  | 'tier'
  | 'gender'
  | 'nationalities'
  | 'homeTimeZone'
  | 'preferredLanguage'
  | 'countryExperience'
  | 'securityTrainingValidUntil'
  | 'medicalClearanceValidUntil'
  | 'maxDeploymentDaysPerYear'
> & {
  languages: Pick<LanguageRow, 'code' | 'proficiency'>[];
  expertise: { area: string; level: number }[];
};

const areaCache = new WeakMap<Db, Promise<Set<string>>>();

export function knownAreaCodes(db: Db): Promise<Set<string>> {
  let cached = areaCache.get(db);
  if (!cached) {
    cached = db
      .select({ code: expertiseAreas.code })
      .from(expertiseAreas)
      .then((rows) => new Set(rows.map((r) => r.code)));
    areaCache.set(db, cached);
  }
  return cached;
}

/** Every expertise area, in its fixed order. */
export async function allAreas(db: Db): Promise<AreaRow[]> {
  return db.select().from(expertiseAreas).orderBy(expertiseAreas.position);
}

export async function areasByCodes(db: Db, codes: readonly string[]): Promise<AreaRow[]> {
  if (!codes.length) return [];
  return db.select().from(expertiseAreas).where(inArray(expertiseAreas.code, [...codes]));
}

/** Throws BAD_USER_INPUT at `path[i]` for the first code that names no expertise area. */
export async function assertAreaCodes(db: Db, codes: readonly string[], pathOf: (i: number) => (string | number)[]): Promise<void> {
  const known = await knownAreaCodes(db);
  const bad = codes.findIndex((c) => !known.has(c));
  if (bad >= 0) {
    const path = pathOf(bad);
    throw new InvalidInputError(path, `${String(path[path.length - 1])}: unknown expertise area "${codes[bad]}"; see Query.expertiseAreas`);
  }
}

function duplicateEmail(error: unknown): never {
  if (sqlState(error) === UNIQUE_VIOLATION && constraintName(error)?.startsWith('experts_email')) {
    throw new ConflictError('An expert with this email already exists.', 'DUPLICATE_EMAIL');
  }
  throw error;
}

async function writeSkills(tx: Db, expertId: string, fields: Partial<ExpertFields>): Promise<void> {
  if (fields.languages) {
    await tx.delete(expertLanguages).where(eq(expertLanguages.expertId, expertId));
    if (fields.languages.length) {
      await tx.insert(expertLanguages).values(fields.languages.map((l) => ({ expertId, code: l.code, proficiency: l.proficiency })));
    }
  }
  if (fields.expertise) {
    await tx.delete(expertExpertise).where(eq(expertExpertise.expertId, expertId));
    if (fields.expertise.length) {
      await tx.insert(expertExpertise).values(fields.expertise.map((e) => ({ expertId, areaCode: e.area, level: e.level })));
    }
  }
}

export async function insertExpert(tx: Db, fields: ExpertFields): Promise<ExpertRow> {
  const { languages: _l, expertise: _e, ...profile } = fields;
  const [row] = await tx
    .insert(experts)
    .values({ ...profile, nameKey: searchKey(profile.fullName) })
    .returning()
    .catch(duplicateEmail);
  await writeSkills(tx, row!.id, fields);
  return row!;
}

/** Applies `patch` if the stored version is `expectedVersion`; bumps the version by one. */
export async function updateExpertRow(tx: Db, id: string, expectedVersion: number, patch: Partial<ExpertFields>): Promise<ExpertRow> {
  const { languages: _l, expertise: _e, ...profile } = patch;
  const [row] = await tx
    .update(experts)
    .set({
      ...profile,
      ...(profile.fullName !== undefined ? { nameKey: searchKey(profile.fullName) } : {}),
      version: sql`${experts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(experts.id, id), eq(experts.version, expectedVersion)))
    .returning()
    .catch(duplicateEmail);
  if (!row) {
    const [current] = await tx.select({ version: experts.version }).from(experts).where(eq(experts.id, id));
    if (!current) throw new NotFoundError('No expert has this id.', ['input', 'id']);
    throw new ConflictError(`The expert was changed meanwhile: version is ${current.version}, not ${expectedVersion}.`, 'STALE_VERSION');
  }
  await writeSkills(tx, id, patch);
  return row;
}

/** Whether an expert has this id; a reference to one from an input is NOT_FOUND at `field` otherwise. */
export async function assertExpertExists(db: Db, id: string, field: (string | number)[]): Promise<void> {
  const found = await db.select({ id: experts.id }).from(experts).where(eq(experts.id, id));
  if (!found.length) throw new NotFoundError('No expert has this id.', field);
}

export async function expertsByIds(db: Db, ids: readonly string[]): Promise<ExpertRow[]> {
  if (!ids.length) return [];
  return db.select().from(experts).where(inArray(experts.id, [...ids]));
}

/** Those of `expertIds` on the team (TEAM_STATUSES) of a request owned by `ownerPrincipal`: the experts a REQUESTER may see. */
export async function teamExpertIds(db: Db, ownerPrincipal: string, expertIds: readonly string[]): Promise<Set<string>> {
  if (!expertIds.length) return new Set();
  const rows = await db
    .selectDistinct({ expertId: assignments.expertId })
    .from(assignments)
    .innerJoin(deploymentRequests, eq(deploymentRequests.id, assignments.requestId))
    .where(
      and(
        inArray(assignments.expertId, [...expertIds]),
        inArray(assignments.status, [...TEAM_STATUSES]),
        eq(deploymentRequests.ownerPrincipal, ownerPrincipal),
      ),
    );
  return new Set(rows.map((r) => r.expertId));
}

export async function languagesByExpert(db: Db, ids: readonly string[]): Promise<LanguageRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(expertLanguages)
    .where(inArray(expertLanguages.expertId, [...ids]))
    .orderBy(expertLanguages.expertId, sql`${expertLanguages.proficiency} desc`, expertLanguages.code);
}

export async function expertiseByExpert(db: Db, ids: readonly string[]): Promise<ExpertiseRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(expertExpertise)
    .where(inArray(expertExpertise.expertId, [...ids]))
    .orderBy(expertExpertise.expertId, sql`${expertExpertise.level} desc`, expertExpertise.areaCode);
}

/** SQL conditions for the roster filter: all must hold (docs/api.md, Experts). */
export function expertConditions(filter: ExpertFilter): SQL[] {
  const where: SQL[] = [];
  for (const e of filter.expertise ?? []) {
    where.push(sql`exists (select 1 from ${expertExpertise} ee where ee.expert_id = ${experts.id}
      and ee.area_code = ${e.area} and ee.level >= ${e.minLevel})`);
  }
  for (const l of filter.languages ?? []) {
    where.push(sql`exists (select 1 from ${expertLanguages} el where el.expert_id = ${experts.id}
      and el.code = ${l.code} and el.proficiency >= ${l.minProficiency}::proficiency)`);
  }
  if (filter.tier) where.push(eq(experts.tier, filter.tier));
  if (filter.gender) where.push(eq(experts.gender, filter.gender));
  if (filter.search) {
    const key = searchKey(filter.search);
    if (key) where.push(sql`${experts.nameKey} like ${`%${escapeLike(key)}%`}`);
  }
  if (filter.excludeNationality) where.push(sql`not (${experts.nationalities} @> array[${filter.excludeNationality}]::text[])`);
  if (filter.availableFrom && filter.availableTo) {
    const range = sql`daterange(${filter.availableFrom}::date, ${filter.availableTo}::date, '[]')`;
    where.push(sql`not exists (select 1 from ${availabilityPeriods} ap where ap.expert_id = ${experts.id}
      and ap.status = 'UNAVAILABLE' and ap.days && ${range})`);
    where.push(sql`not exists (select 1 from ${assignments} a where a.expert_id = ${experts.id}
      and a.status in ${inList(LIVE_STATUSES)} and a.days && ${range})`);
  }
  return where;
}

/** One page of experts ordered by name key, then id; `after` is the last row's [nameKey, id]. */
export function findExperts(db: Db, filter: ExpertFilter, first: number, after?: [string, string]): Promise<Page<ExpertRow>> {
  return keysetPage(db, { table: experts, where: expertConditions(filter), keys: [experts.nameKey, experts.id], direction: 'asc', first, after });
}

export async function markedPeriods(db: Db, expertIds: readonly string[], from: string, to: string) {
  if (!expertIds.length) return [];
  return db
    .select()
    .from(availabilityPeriods)
    .where(and(inArray(availabilityPeriods.expertId, [...expertIds]), lte(availabilityPeriods.startDate, to), gte(availabilityPeriods.endDate, from)))
    .orderBy(availabilityPeriods.startDate);
}

/** Live assignments of these experts that touch from..to: the days they hold as ASSIGNED. */
export async function heldDays(db: Db, expertIds: readonly string[], from: string, to: string) {
  if (!expertIds.length) return [];
  return db
    .select({ expertId: assignments.expertId, startDate: assignments.startDate, endDate: assignments.endDate })
    .from(assignments)
    .where(
      and(
        inArray(assignments.expertId, [...expertIds]),
        inArray(assignments.status, [...LIVE_STATUSES]),
        lte(assignments.startDate, to),
        gte(assignments.endDate, from),
      ),
    );
}

/**
 * Replaces the marked status of startDate..endDate. The expert row is locked first so that marks
 * and offers for one expert are serialised (an offer refuses UNAVAILABLE days it can see).
 */
export async function setMarks(
  tx: Db,
  expertId: string,
  mark: { startDate: string; endDate: string; status: MarkedStatus; note: string | null },
): Promise<void> {
  const locked = await tx.select({ id: experts.id }).from(experts).where(eq(experts.id, expertId)).for('update');
  if (!locked.length) throw new NotFoundError('No expert has this id.', ['input', 'expertId']);
  // Neighbours one day outside the range may merge with the new mark.
  const from = addDays(mark.startDate, -1);
  const to = addDays(mark.endDate, 1);
  const existing = await markedPeriods(tx, [expertId], from, to);
  const current: MarkedPeriod[] = existing.map((p) => ({ startDate: p.startDate, endDate: p.endDate, status: p.status as MarkedPeriod['status'], note: p.note }));
  const next = applyMark(current, mark);
  if (existing.length) await tx.delete(availabilityPeriods).where(inArray(availabilityPeriods.id, existing.map((p) => p.id)));
  if (next.length) await tx.insert(availabilityPeriods).values(next.map((p) => ({ expertId, ...p })));
}

/** Applies a confirmed email change (bumps the version like any profile change). A taken address is a CONFLICT. */
export async function confirmEmailChange(tx: Db, expertId: string, email: string): Promise<void> {
  await tx
    .update(experts)
    .set({ email, version: sql`${experts.version} + 1`, updatedAt: sql`now()` })
    .where(eq(experts.id, expertId))
    .catch(duplicateEmail);
}

/** What the confirmation page shows: the new address and the expert's language. */
export async function emailChangeFacts(db: Db, changeId: string): Promise<{ newEmail: string; language: 'en' | 'fr' } | undefined> {
  const [row] = await db
    .select({ newEmail: emailChanges.newEmail, language: experts.preferredLanguage })
    .from(emailChanges)
    .innerJoin(experts, eq(experts.id, emailChanges.expertId))
    .where(eq(emailChanges.id, changeId));
  return row;
}
