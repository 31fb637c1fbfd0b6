// The demo seed: a deterministic generator with a realistic mix, calendars and engagements that
// never overlap, and a loader that can run twice without adding anything.
import { sql } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../server/db/index.js';
import { rowsOf } from '../server/db/rows.js';
import { isCountryCode, isLanguageCode, regionOf } from '../server/domain/codes.js';
import { searchKey } from '../server/domain/text.js';
import { generateRoster, type Roster } from '../seed/demo.js';
import { createDemoTokens, loadRoster } from '../seed/load.js';
import { HOME_ZONES, homeLanguages, UN_MEMBERS } from '../seed/world.js';
import { hashSecret } from '../server/auth.js';

const TODAY = '2026-11-26';
const demo = generateRoster({ experts: 248, requests: 3, today: TODAY });
// A benchmark-shaped roster: a two-year history with engagements, on another seed.
const scaled = generateRoster({ experts: 800, requests: 200, seed: 11, today: TODAY });

const LIVE = new Set(['OFFERED', 'ACCEPTED', 'DEPLOYED']);

function share(roster: Roster, predicate: (expertId: string) => boolean): number {
  return roster.experts.filter((e) => predicate(e.id)).length / roster.experts.length;
}

function speakers(roster: Roster, code: string): Set<string> {
  return new Set(roster.expertLanguages.filter((l) => l.code === code).map((l) => l.expertId));
}

/** Pairs of rows of one expert whose inclusive date ranges overlap. */
function overlaps<T extends { expertId: string; startDate: string; endDate: string }>(rows: readonly T[]): [T, T][] {
  const byExpert = new Map<string, T[]>();
  for (const row of rows) byExpert.set(row.expertId, [...(byExpert.get(row.expertId) ?? []), row]);
  const found: [T, T][] = [];
  for (const list of byExpert.values()) {
    const sorted = [...list].sort((a, b) => a.startDate.localeCompare(b.startDate));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.startDate <= sorted[i - 1]!.endDate) found.push([sorted[i - 1]!, sorted[i]!]);
    }
  }
  return found;
}

describe('generateRoster', () => {
  it('is deterministic: the same options give the same rows, ids included', () => {
    const again = generateRoster({ experts: 248, requests: 3, today: TODAY });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    expect(JSON.stringify(generateRoster({ experts: 800, requests: 200, seed: 11, today: TODAY }))).toBe(JSON.stringify(scaled));
    expect(generateRoster({ experts: 248, requests: 3, seed: 2, today: TODAY }).experts[0]!.id).not.toBe(demo.experts[0]!.id);
  });

  it('has the intended mix of languages, gender, tiers and regions', () => {
    expect(demo.experts).toHaveLength(248);
    expect(share(demo, (id) => speakers(demo, 'en').has(id))).toBeGreaterThanOrEqual(0.9);
    expect(share(demo, (id) => speakers(demo, 'fr').has(id))).toBeGreaterThanOrEqual(0.3);
    expect(share(demo, (id) => speakers(demo, 'fr').has(id))).toBeLessThanOrEqual(0.5);
    expect(share(demo, (id) => speakers(demo, 'ar').has(id))).toBeGreaterThanOrEqual(0.12);
    expect(share(demo, (id) => speakers(demo, 'ar').has(id))).toBeLessThanOrEqual(0.28);
    for (const code of ['es', 'ru', 'zh', 'pt', 'sw']) expect(speakers(demo, code).size).toBeGreaterThan(0);

    const women = demo.experts.filter((e) => e.gender === 'FEMALE').length / demo.experts.length;
    expect(women).toBeGreaterThanOrEqual(0.38);
    expect(women).toBeLessThanOrEqual(0.52);
    expect(demo.experts.some((e) => e.gender === 'OTHER' || e.gender === 'UNDISCLOSED')).toBe(true);

    const team = demo.experts.filter((e) => e.tier === 'STANDBY_TEAM');
    expect(team).toHaveLength(8);
    const scaledTeam = scaled.experts.filter((e) => e.tier === 'STANDBY_TEAM').length / scaled.experts.length;
    expect(scaledTeam).toBeGreaterThan(0.02);
    expect(scaledTeam).toBeLessThan(0.04);

    const withExpertise = new Set(demo.expertExpertise.map((x) => x.expertId));
    expect(demo.experts.every((e) => withExpertise.has(e.id))).toBe(true);
    const levels = (ids: Set<string>) => {
      const rows = demo.expertExpertise.filter((x) => ids.has(x.expertId));
      return rows.reduce((sum, x) => sum + x.level, 0) / rows.length;
    };
    const teamIds = new Set(team.map((e) => e.id));
    const rosterIds = new Set(demo.experts.filter((e) => e.tier === 'ROSTER').map((e) => e.id));
    expect(levels(teamIds)).toBeGreaterThan(levels(rosterIds));

    const regions = new Set(demo.experts.flatMap((e) => e.nationalities!.map((c) => regionOf(c))));
    expect(regions.size).toBeGreaterThanOrEqual(5);
    expect(demo.experts.some((e) => e.nationalities!.length > 1)).toBe(true);
  });

  it('knows a valid home time zone and first language for every UN member state', () => {
    expect(UN_MEMBERS).toHaveLength(193);
    for (const { code } of UN_MEMBERS) {
      expect(HOME_ZONES.get(code)!.every((zone) => IANAZone.isValidZone(zone))).toBe(true);
      expect(isLanguageCode(homeLanguages(code).first)).toBe(true);
    }
  });

  it('writes valid, consistent expert rows', () => {
    const emails = new Set<string>();
    for (const e of demo.experts) {
      expect(e.nameKey).toBe(searchKey(e.fullName));
      expect(e.email).toBe(e.email.toLowerCase());
      expect(e.email).toMatch(/^[a-z0-9.-]+@example\.org$/);
      emails.add(e.email);
      expect(IANAZone.isValidZone(e.homeTimeZone)).toBe(true);
      expect(e.nationalities!.every(isCountryCode)).toBe(true);
      expect(e.countryExperience!.length).toBeGreaterThanOrEqual(1);
      expect(e.countryExperience!.length).toBeLessThanOrEqual(8);
      expect(e.countryExperience!.every(isCountryCode)).toBe(true);
      expect(e.maxDeploymentDaysPerYear).toBeGreaterThanOrEqual(120);
      expect(e.maxDeploymentDaysPerYear).toBeLessThanOrEqual(220);
    }
    expect(emails.size).toBe(demo.experts.length);
    expect(demo.expertLanguages.every((l) => isLanguageCode(l.code))).toBe(true);
    expect(demo.expertExpertise.every((x) => x.level >= 1 && x.level <= 5)).toBe(true);
    const lapsed = demo.experts.filter((e) => !e.securityTrainingValidUntil || e.securityTrainingValidUntil < TODAY).length;
    expect(lapsed / demo.experts.length).toBeGreaterThan(0.05);
    expect(lapsed / demo.experts.length).toBeLessThan(0.25);
  });

  it('never overlaps marked periods or live assignments of one expert', () => {
    for (const roster of [demo, scaled]) {
      expect(overlaps(roster.availabilityPeriods)).toEqual([]);
      expect(overlaps(roster.assignments.filter((a) => LIVE.has(a.status)))).toEqual([]);
      expect(roster.availabilityPeriods.every((p) => p.startDate <= p.endDate)).toBe(true);
    }
    expect(demo.availabilityPeriods.some((p) => p.status === 'UNAVAILABLE' && p.note === 'Annual leave')).toBe(true);
    expect(demo.availabilityPeriods.some((p) => p.status === 'TENTATIVE')).toBe(true);
  });

  it('copies dates and mode from the request into each assignment, and staffs approved teams fully', () => {
    const requests = new Map(scaled.deploymentRequests.map((r) => [r.id, r]));
    expect(new Set(scaled.deploymentRequests.map((r) => r.status)).size).toBeGreaterThanOrEqual(4);
    expect(scaled.assignments.length).toBeGreaterThan(100);
    for (const a of scaled.assignments) {
      const r = requests.get(a.requestId)!;
      expect([a.startDate, a.endDate, a.mode]).toEqual([r.startDate, r.endDate, r.mode]);
    }
    for (const r of scaled.deploymentRequests.filter((r) => ['APPROVED', 'DEPLOYED', 'COMPLETED'].includes(r.status!))) {
      const seats = scaled.requestRoles.filter((role) => role.requestId === r.id).reduce((sum, role) => sum + role.count, 0);
      const held = scaled.assignments.filter((a) => a.requestId === r.id && ['ACCEPTED', 'DEPLOYED', 'COMPLETED'].includes(a.status));
      expect(held).toHaveLength(seats);
    }
  });

  it('includes the three demo requests from S/2015/730', () => {
    const byTitle = new Map(demo.deploymentRequests.map((r) => [r.title, r]));
    expect(demo.deploymentRequests).toHaveLength(3);
    expect(byTitle.get('Guinea: tension over the electoral calendar')).toMatchObject({ country: 'GN', requestingEntity: 'UNOWAS (Dakar)' });
    expect(byTitle.get('Lake Chad basin: cross-border dialogue')).toMatchObject({ country: 'TD', requestingEntity: 'UNOCA (Libreville)' });
    expect(byTitle.get('Central Asia: water-sharing talks')).toMatchObject({ requestingEntity: 'UNRCCA (Ashgabat)' });
    for (const r of demo.deploymentRequests) {
      expect(r).toMatchObject({ status: 'SUBMITTED', ownerPrincipal: 'seed', inputHash: 'seed' });
      expect(r.startDate > TODAY).toBe(true);
      expect(r.minWomen).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('loadRoster', () => {
  let database: Database;
  const tableCounts = async () =>
    rowsOf<Record<string, number>>(
      await database.db.execute(sql`select
        (select count(*)::int from experts) as experts,
        (select count(*)::int from expert_languages) as languages,
        (select count(*)::int from expert_expertise) as expertise,
        (select count(*)::int from availability_periods) as periods,
        (select count(*)::int from deployment_requests) as requests,
        (select count(*)::int from request_roles) as roles,
        (select count(*)::int from assignments) as assignments,
        (select count(*)::int from request_transitions) as transitions,
        (select count(*)::int from api_tokens) as tokens`),
    )[0]!;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory' });
    await migrateDatabase(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('loads every row once; loading again adds nothing', async () => {
    const first = await loadRoster(database.db, demo);
    expect(first).toEqual(Object.fromEntries(Object.entries(demo).map(([table, rows]) => [table, rows.length])));
    const before = await tableCounts();
    const second = await loadRoster(database.db, demo);
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
    expect(await tableCounts()).toEqual(before);

    const titles = rowsOf<{ title: string }>(await database.db.execute(sql`select title from deployment_requests order by title`));
    expect(titles.map((r) => r.title)).toEqual([
      'Central Asia: water-sharing talks',
      'Guinea: tension over the electoral calendar',
      'Lake Chad basin: cross-border dialogue',
    ]);
  });

  it('loads a history with engagements that the database accepts row for row', async () => {
    const counts = await loadRoster(database.db, scaled);
    expect(counts.assignments).toBe(scaled.assignments.length);
    expect(counts.availabilityPeriods).toBe(scaled.availabilityPeriods.length);
    expect(counts.requestTransitions).toBe(scaled.requestTransitions.length);
    const [clash] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from assignments a join assignments b
        on a.expert_id = b.expert_id and a.id < b.id and a.days && b.days
        where a.status in ('OFFERED', 'ACCEPTED', 'DEPLOYED') and b.status in ('OFFERED', 'ACCEPTED', 'DEPLOYED')`),
    );
    expect(clash!.n).toBe(0);
  });

  it('issues the demo tokens once, storing only their hashes', async () => {
    const tokens = await createDemoTokens(database.db);
    expect(tokens.map((t) => t.role)).toEqual(['COORDINATOR', 'REQUESTER', 'EXPERT']);
    const stored = rowsOf<{ role: string; token_hash: string; tier: string | null }>(
      await database.db.execute(sql`select t.role, t.token_hash, e.tier from api_tokens t left join experts e on e.id = t.expert_id`),
    );
    for (const t of tokens) {
      expect(t.token).toMatch(/^sb_/);
      expect(stored.find((s) => s.role === t.role)!.token_hash).toBe(hashSecret(t.token));
    }
    expect(stored.find((s) => s.role === 'EXPERT')!.tier).toBe('STANDBY_TEAM');
    expect(await createDemoTokens(database.db)).toEqual([]);
    expect((await tableCounts()).tokens).toBe(3);
  });
});
