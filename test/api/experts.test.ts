// The roster through HTTP: createExpert, updateExpert, setAvailability, experts(filter), expertiseAreas,
// node and me (docs/api.md, "Experts"). One app and database for the whole file.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../server/domain/dates.js';
import { rowsOf } from '../../server/db/rows.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;

const CREATE = `mutation($input: CreateExpertInput!) {
  createExpert(input: $input) {
    expert {
      id version fullName email tier gender nationalities homeTimeZone countryExperience
      securityTrainingValidUntil medicalClearanceValidUntil maxDeploymentDaysPerYear
      languages { code proficiency } expertise { area { code name } level }
    }
  }
}`;
const UPDATE = `mutation($input: UpdateExpertInput!) {
  updateExpert(input: $input) { expert { id version fullName email homeTimeZone tier nationalities securityTrainingValidUntil languages { code proficiency } expertise { area { code } level } } }
}`;
const SET = `mutation($input: SetAvailabilityInput!, $from: Date!, $to: Date!) {
  setAvailability(input: $input) { expert { id version availability(from: $from, to: $to) { startDate endDate status note } } }
}`;
const AVAILABILITY = `query($id: ID!, $from: Date!, $to: Date!) {
  node(id: $id) { id ... on Expert { availability(from: $from, to: $to) { startDate endDate status } } }
}`;
const EXPERTS = `query($first: Int, $after: String, $filter: ExpertFilter) {
  experts(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id fullName } }
  }
}`;

// Days relative to today, so that requests made here are never in the past.
const T0 = addDays(today(), 40);
const day = (n: number) => addDays(T0, n);

async function ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
  const res = await h.gql<T>(query, variables, token);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

async function fails(query: string, variables: Record<string, unknown> | undefined, code: string, token?: string | null) {
  const res = await h.gql(query, variables, token);
  expect(res.errors?.map((e) => e.extensions.code), JSON.stringify(res)).toEqual([code]);
  return res.errors![0]!;
}

let made = 0;
async function createExpert(input: Record<string, unknown>): Promise<string> {
  const data = await ok(CREATE, { input: { email: `expert.${++made}@example.org`, ...input } });
  return data.createExpert.expert.id;
}

async function names(filter: Record<string, unknown>, token?: string): Promise<string[]> {
  const data = await ok(EXPERTS, { first: 100, filter }, token);
  expect(data.experts.totalCount).toBe(data.experts.edges.length);
  return data.experts.edges.map((e: { node: { fullName: string } }) => e.node.fullName);
}

async function periods(id: string, from: number, to: number) {
  const data = await ok(AVAILABILITY, { id, from: day(from), to: day(to) });
  return short(data.node.availability);
}

/** `2-4:U` for days 2..4 UNAVAILABLE (days relative to T0). */
function short(list: { startDate: string; endDate: string; status: string }[]): string[] {
  const rel = (d: string) => Math.round((Date.parse(d) - Date.parse(T0)) / 86_400_000);
  return list.map((p) => `${rel(p.startDate)}-${rel(p.endDate)}:${p.status.slice(0, 2)}`);
}

async function setMark(expertId: string, from: number, to: number, status: string, note?: string) {
  return ok(SET, { input: { expertId, startDate: day(from), endDate: day(to), status, note }, from: day(from - 1), to: day(to + 1) });
}

async function storedMarks(expertId: string): Promise<string[]> {
  const uuid = Buffer.from(expertId, 'base64url').toString('utf8').split(':')[1];
  const rows = rowsOf<{ s: string; e: string; status: string }>(
    await h.database.db.execute(
      sql`select start_date::text as s, end_date::text as e, status::text as status from availability_periods where expert_id = ${uuid} order by start_date`,
    ),
  );
  return short(rows.map((r) => ({ startDate: r.s, endDate: r.e, status: r.status })));
}

const ids = {} as { emilieN: string; emilieD: string; amina: string; bjorn: string; carlos: string; zoe: string };

beforeAll(async () => {
  h = await startHarness();
  ids.emilieN = await createExpert({
    fullName: 'Émilie Ngozi',
    tier: 'STANDBY_TEAM',
    gender: 'FEMALE',
    nationalities: ['NG'],
    languages: [
      { code: 'en', proficiency: 'WORKING' },
      { code: 'fr', proficiency: 'NATIVE' },
    ],
    expertise: [
      { area: 'GENDER_INCLUSION', level: 2 },
      { area: 'PROCESS_DESIGN', level: 4 },
    ],
  });
  ids.emilieD = await createExpert({
    fullName: 'Emilie Dubois',
    gender: 'UNDISCLOSED',
    nationalities: ['FR'],
    languages: [{ code: 'fr', proficiency: 'WORKING' }],
    expertise: [{ area: 'CONSTITUTION_MAKING', level: 3 }],
  });
  ids.amina = await createExpert({
    fullName: 'Amina Diallo',
    gender: 'FEMALE',
    nationalities: ['SN', 'GN'],
    languages: [
      { code: 'fr', proficiency: 'FLUENT' },
      { code: 'ar', proficiency: 'BASIC' },
    ],
    expertise: [{ area: 'SECURITY_ARRANGEMENTS', level: 5 }],
  });
  ids.bjorn = await createExpert({
    fullName: 'Björn Ødegaard',
    gender: 'MALE',
    nationalities: ['NO'],
    languages: [
      { code: 'en', proficiency: 'NATIVE' },
      { code: 'fr', proficiency: 'BASIC' },
    ],
    expertise: [
      { area: 'NATURAL_RESOURCES', level: 3 },
      { area: 'PROCESS_DESIGN', level: 2 },
    ],
  });
  ids.carlos = await createExpert({
    fullName: 'Carlos Mendoza',
    tier: 'STANDBY_TEAM',
    gender: 'OTHER',
    nationalities: ['CO', 'ES'],
    languages: [
      { code: 'es', proficiency: 'NATIVE' },
      { code: 'en', proficiency: 'FLUENT' },
    ],
    expertise: [{ area: 'PROCESS_DESIGN', level: 5 }],
  });
  ids.zoe = await createExpert({ fullName: 'Zoë 50% O_Neil', gender: 'FEMALE' });
}, 120_000);
afterAll(() => h?.close());

const ALL = ['Amina Diallo', 'Björn Ødegaard', 'Carlos Mendoza', 'Emilie Dubois', 'Émilie Ngozi', 'Zoë 50% O_Neil'];

describe('createExpert', () => {
  it('stores every field as given and reads it back', async () => {
    const input = {
      fullName: '  Grace Achieng  ',
      email: 'grace.achieng@example.org',
      tier: 'STANDBY_TEAM',
      gender: 'FEMALE',
      nationalities: ['KE', 'UG'],
      homeTimeZone: 'Africa/Nairobi',
      countryExperience: ['SS', 'SD', 'SO'],
      securityTrainingValidUntil: '2027-05-31',
      medicalClearanceValidUntil: '2027-12-31',
      maxDeploymentDaysPerYear: 150,
      languages: [
        { code: 'sw', proficiency: 'FLUENT' },
        { code: 'en', proficiency: 'NATIVE' },
        { code: 'ar', proficiency: 'BASIC' },
      ],
      expertise: [
        { area: 'DIALOGUE_FACILITATION', level: 3 },
        { area: 'TRANSITIONAL_JUSTICE', level: 5 },
      ],
    };
    const { expert } = (await ok(CREATE, { input })).createExpert;
    expect(expert).toMatchObject({
      ...input,
      fullName: 'Grace Achieng',
      version: 1,
      // Strongest first; highest level first.
      languages: [
        { code: 'en', proficiency: 'NATIVE' },
        { code: 'sw', proficiency: 'FLUENT' },
        { code: 'ar', proficiency: 'BASIC' },
      ],
      expertise: [
        { area: { code: 'TRANSITIONAL_JUSTICE', name: 'Transitional justice' }, level: 5 },
        { area: { code: 'DIALOGUE_FACILITATION', name: 'Dialogue facilitation' }, level: 3 },
      ],
    });
    expect(Buffer.from(expert.id, 'base64url').toString()).toMatch(/^Expert:[0-9a-f-]{36}$/);
    // The profile reads back the same through node().
    const again = await ok(`query($id: ID!) { node(id: $id) { ... on Expert { fullName email homeTimeZone countryExperience maxDeploymentDaysPerYear } } }`, { id: expert.id });
    expect(again.node).toEqual({ fullName: 'Grace Achieng', email: input.email, homeTimeZone: 'Africa/Nairobi', countryExperience: ['SS', 'SD', 'SO'], maxDeploymentDaysPerYear: 150 });
    // Remove it again from the roster used by the filter tests below.
    await h.database.db.execute(sql`delete from experts where email = ${input.email}`);
  });

  it('fills in the defaults', async () => {
    const { expert } = (await ok(CREATE, { input: { fullName: 'Default Person', email: 'default.person@example.org' } })).createExpert;
    expect(expert).toMatchObject({
      tier: 'ROSTER',
      gender: 'UNDISCLOSED',
      homeTimeZone: 'UTC',
      nationalities: [],
      countryExperience: [],
      maxDeploymentDaysPerYear: 120,
      securityTrainingValidUntil: null,
      medicalClearanceValidUntil: null,
      languages: [],
      expertise: [],
    });
    await h.database.db.execute(sql`delete from experts where email = 'default.person@example.org'`);
  });

  it('refuses a duplicate email, in any letter case, as CONFLICT and writes nothing', async () => {
    await ok(CREATE, { input: { fullName: 'First Holder', email: 'shared@example.org' } });
    const before = await h.snapshot();
    for (const email of ['shared@example.org', 'SHARED@Example.ORG', ' shared@example.org ']) {
      await fails(CREATE, { input: { fullName: 'Second Holder', email, expertise: [{ area: 'PROCESS_DESIGN', level: 1 }] } }, 'CONFLICT');
    }
    expect(await h.snapshot()).toEqual(before);
    await h.database.db.execute(sql`delete from experts where lower(email) = 'shared@example.org'`);
  });
});

describe('updateExpert and version', () => {
  it('changes only the given fields, replaces lists, and bumps version by one each time', async () => {
    const id = await createExpert({ fullName: 'Version Person', nationalities: ['GH'], languages: [{ code: 'en', proficiency: 'NATIVE' }], securityTrainingValidUntil: '2027-01-01' });
    const first = (await ok(UPDATE, { input: { id, expectedVersion: 1, homeTimeZone: 'Africa/Accra' } })).updateExpert.expert;
    expect(first).toMatchObject({ version: 2, homeTimeZone: 'Africa/Accra', fullName: 'Version Person', nationalities: ['GH'], securityTrainingValidUntil: '2027-01-01' });
    const second = (
      await ok(UPDATE, {
        input: { id, expectedVersion: 2, nationalities: ['TG'], languages: [{ code: 'fr', proficiency: 'FLUENT' }], expertise: [{ area: 'POWER_SHARING', level: 2 }], securityTrainingValidUntil: null },
      })
    ).updateExpert.expert;
    expect(second).toMatchObject({
      version: 3,
      homeTimeZone: 'Africa/Accra',
      nationalities: ['TG'],
      languages: [{ code: 'fr', proficiency: 'FLUENT' }],
      expertise: [{ area: { code: 'POWER_SHARING' }, level: 2 }],
      securityTrainingValidUntil: null,
    });
    // Renaming also moves the expert in the name order and search.
    await ok(UPDATE, { input: { id, expectedVersion: 3, fullName: 'Renamed Ñoño' } });
    expect(await names({ search: 'nono' })).toEqual(['Renamed Ñoño']);
    expect(await names({ search: 'version person' })).toEqual([]);
    await h.database.db.execute(sql`delete from experts where full_name = 'Renamed Ñoño'`);
  });

  it('refuses a stale expectedVersion as CONFLICT and writes nothing', async () => {
    const id = await createExpert({ fullName: 'Stale Person' });
    await ok(UPDATE, { input: { id, expectedVersion: 1, fullName: 'Stale Person Two' } });
    const before = await h.snapshot();
    for (const expectedVersion of [1, 3, 0]) {
      await fails(UPDATE, { input: { id, expectedVersion, fullName: 'Lost Update', languages: [{ code: 'en', proficiency: 'BASIC' }] } }, 'CONFLICT');
    }
    expect(await h.snapshot()).toEqual(before);
    const now = await ok(`query($id: ID!) { node(id: $id) { ... on Expert { version fullName languages { code } } } }`, { id });
    expect(now.node).toEqual({ version: 2, fullName: 'Stale Person Two', languages: [] });
    await h.database.db.execute(sql`delete from experts where full_name = 'Stale Person Two'`);
  });

  it('refuses another expert’s email as CONFLICT and writes nothing', async () => {
    const a = await createExpert({ fullName: 'Mail One', email: 'mail.one@example.org' });
    await createExpert({ fullName: 'Mail Two', email: 'mail.two@example.org' });
    const before = await h.snapshot();
    await fails(UPDATE, { input: { id: a, expectedVersion: 1, email: 'MAIL.TWO@example.org' } }, 'CONFLICT');
    expect(await h.snapshot()).toEqual(before);
    // Its own email in another case is not a conflict.
    expect((await ok(UPDATE, { input: { id: a, expectedVersion: 1, email: 'Mail.One@example.org' } })).updateExpert.expert.email).toBe('Mail.One@example.org');
    await h.database.db.execute(sql`delete from experts where full_name in ('Mail One', 'Mail Two')`);
  });

  it('answers NOT_FOUND for an expert that does not exist, writing nothing', async () => {
    const ghost = Buffer.from('Expert:00000000-0000-4000-8000-000000000000').toString('base64url');
    const before = await h.snapshot();
    await fails(UPDATE, { input: { id: ghost, expectedVersion: 1, fullName: 'Nobody' } }, 'NOT_FOUND');
    expect(await h.snapshot()).toEqual(before);
  });

  it('lets an EXPERT change its own email (once confirmed), time zone and language only', async () => {
    const id = await createExpert({ fullName: 'Self Editor' });
    const token = await h.token('EXPERT', id);
    const mine = (await ok(UPDATE, { input: { id, expectedVersion: 1, email: 'self.editor@example.org', homeTimeZone: 'Europe/Oslo' } }, token)).updateExpert.expert;
    // The time zone applies at once; the address waits for its confirmation link (test/mail/delivery.test.ts).
    expect(mine).toMatchObject({ version: 2, homeTimeZone: 'Europe/Oslo' });
    expect(mine.email).not.toBe('self.editor@example.org');
    const before = await h.snapshot();
    await fails(UPDATE, { input: { id, expectedVersion: 2, fullName: 'Promoted' } }, 'FORBIDDEN', token);
    await fails(UPDATE, { input: { id, expectedVersion: 2, tier: 'STANDBY_TEAM' } }, 'FORBIDDEN', token);
    await fails(UPDATE, { input: { id: ids.amina, expectedVersion: 1, email: 'hijack@example.org' } }, 'FORBIDDEN', token);
    expect(await h.snapshot()).toEqual(before);
    await h.database.db.execute(sql`delete from experts where full_name = 'Self Editor'`);
  });
});

describe('setAvailability and availability', () => {
  it('splits: 1–10 UNAVAILABLE, then 4–6 AVAILABLE → 1–3 U, 4–6 A, 7–10 U', async () => {
    const id = await createExpert({ fullName: 'Split Person' });
    await setMark(id, 1, 10, 'UNAVAILABLE', 'Leave');
    const res = await setMark(id, 4, 6, 'AVAILABLE');
    // The payload's window is 3..7.
    expect(short(res.setAvailability.expert.availability)).toEqual(['3-3:UN', '4-6:AV', '7-7:UN']);
    expect(await periods(id, 1, 10)).toEqual(['1-3:UN', '4-6:AV', '7-10:UN']);
    expect(await periods(id, 0, 12)).toEqual(['0-0:AV', '1-3:UN', '4-6:AV', '7-10:UN', '11-12:AV']);
    expect(await storedMarks(id)).toEqual(['1-3:UN', '7-10:UN']);
    await h.database.db.execute(sql`delete from experts where full_name = 'Split Person'`);
  });

  it('merges a mark with equal neighbours, and replaces exactly the marked days', async () => {
    const id = await createExpert({ fullName: 'Merge Person' });
    await setMark(id, 1, 3, 'UNAVAILABLE');
    await setMark(id, 7, 10, 'UNAVAILABLE');
    await setMark(id, 4, 6, 'UNAVAILABLE');
    expect(await storedMarks(id)).toEqual(['1-10:UN']);
    expect(await periods(id, 1, 10)).toEqual(['1-10:UN']);
    await setMark(id, 11, 15, 'UNAVAILABLE');
    expect(await storedMarks(id)).toEqual(['1-15:UN']);
    await setMark(id, 5, 5, 'TENTATIVE');
    expect(await periods(id, 0, 16)).toEqual(['0-0:AV', '1-4:UN', '5-5:TE', '6-15:UN', '16-16:AV']);
    await setMark(id, 3, 12, 'TENTATIVE');
    expect(await storedMarks(id)).toEqual(['1-2:UN', '3-12:TE', '13-15:UN']);
    await setMark(id, -5, 30, 'AVAILABLE');
    expect(await storedMarks(id)).toEqual([]);
    expect(await periods(id, -5, 30)).toEqual(['-5-30:AV']);
    await h.database.db.execute(sql`delete from experts where full_name = 'Merge Person'`);
  });

  it('covers exactly from..to, accepts one day and 730 days, and refuses a reversed or longer range', async () => {
    const id = await createExpert({ fullName: 'Range Person' });
    await setMark(id, 2, 2, 'TENTATIVE');
    expect(await periods(id, 2, 2)).toEqual(['2-2:TE']);
    expect(await periods(id, 0, 729)).toEqual(['0-1:AV', '2-2:TE', '3-729:AV']);
    const reversed = await fails(AVAILABILITY, { id, from: day(5), to: day(4) }, 'BAD_USER_INPUT');
    expect(reversed.extensions.field).toEqual(['to']);
    const long = await fails(AVAILABILITY, { id, from: day(0), to: day(730) }, 'BAD_USER_INPUT');
    expect(long.extensions.field).toEqual(['to']);
    await h.database.db.execute(sql`delete from experts where full_name = 'Range Person'`);
  });

  it('does not touch version, and keeps the note for staff and the expert', async () => {
    const id = await createExpert({ fullName: 'Note Person' });
    const res = await setMark(id, 1, 2, 'UNAVAILABLE', '  Family leave ');
    expect(res.setAvailability.expert.version).toBe(1);
    expect(res.setAvailability.expert.availability).toEqual([
      { startDate: day(0), endDate: day(0), status: 'AVAILABLE', note: null },
      { startDate: day(1), endDate: day(2), status: 'UNAVAILABLE', note: 'Family leave' },
      { startDate: day(3), endDate: day(3), status: 'AVAILABLE', note: null },
    ]);
    const token = await h.token('EXPERT', id);
    const own = await ok(`query($id: ID!) { node(id: $id) { ... on Expert { version availability(from: "${day(1)}", to: "${day(2)}") { note } } } }`, { id }, token);
    expect(own.node).toEqual({ version: 1, availability: [{ note: 'Family leave' }] });
    await h.database.db.execute(sql`delete from experts where full_name = 'Note Person'`);
  });

  it('answers NOT_FOUND for an unknown expert and writes nothing', async () => {
    const ghost = Buffer.from('Expert:00000000-0000-4000-8000-000000000000').toString('base64url');
    const before = await h.snapshot();
    await fails(SET, { input: { expertId: ghost, startDate: day(1), endDate: day(2), status: 'UNAVAILABLE' }, from: day(1), to: day(2) }, 'NOT_FOUND');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('experts(filter)', () => {
  it('lists everyone in name order (accents folded) without a filter', async () => {
    expect(await names({})).toEqual(ALL);
  });

  it('filters by expertise at minLevel or above (default 1), all areas required', async () => {
    expect(await names({ expertise: [{ area: 'PROCESS_DESIGN', minLevel: 4 }] })).toEqual(['Carlos Mendoza', 'Émilie Ngozi']);
    expect(await names({ expertise: [{ area: 'PROCESS_DESIGN', minLevel: 5 }] })).toEqual(['Carlos Mendoza']);
    expect(await names({ expertise: [{ area: 'PROCESS_DESIGN' }] })).toEqual(['Björn Ødegaard', 'Carlos Mendoza', 'Émilie Ngozi']);
    expect(await names({ expertise: [{ area: 'PROCESS_DESIGN' }, { area: 'GENDER_INCLUSION', minLevel: 2 }] })).toEqual(['Émilie Ngozi']);
    expect(await names({ expertise: [{ area: 'PROCESS_DESIGN' }, { area: 'GENDER_INCLUSION', minLevel: 3 }] })).toEqual([]);
    expect(await names({ expertise: [{ area: 'ELECTORAL_DISPUTES' }] })).toEqual([]);
  });

  it('filters by languages at minProficiency, WORKING by default', async () => {
    expect(await names({ languages: [{ code: 'fr' }] })).toEqual(['Amina Diallo', 'Emilie Dubois', 'Émilie Ngozi']);
    expect(await names({ languages: [{ code: 'fr', minProficiency: 'BASIC' }] })).toEqual(['Amina Diallo', 'Björn Ødegaard', 'Emilie Dubois', 'Émilie Ngozi']);
    expect(await names({ languages: [{ code: 'fr', minProficiency: 'FLUENT' }] })).toEqual(['Amina Diallo', 'Émilie Ngozi']);
    expect(await names({ languages: [{ code: 'fr', minProficiency: 'NATIVE' }] })).toEqual(['Émilie Ngozi']);
    expect(await names({ languages: [{ code: 'ar' }] })).toEqual([]);
    expect(await names({ languages: [{ code: 'ar', minProficiency: 'BASIC' }] })).toEqual(['Amina Diallo']);
    expect(await names({ languages: [{ code: 'en' }, { code: 'fr' }] })).toEqual(['Émilie Ngozi']);
    expect(await names({ languages: [{ code: 'en', minProficiency: 'FLUENT' }] })).toEqual(['Björn Ødegaard', 'Carlos Mendoza']);
  });

  it('filters by tier and gender', async () => {
    expect(await names({ tier: 'STANDBY_TEAM' })).toEqual(['Carlos Mendoza', 'Émilie Ngozi']);
    expect(await names({ tier: 'ROSTER' })).toEqual(['Amina Diallo', 'Björn Ødegaard', 'Emilie Dubois', 'Zoë 50% O_Neil']);
    expect(await names({ gender: 'FEMALE' })).toEqual(['Amina Diallo', 'Émilie Ngozi', 'Zoë 50% O_Neil']);
    expect(await names({ gender: 'OTHER' })).toEqual(['Carlos Mendoza']);
    expect(await names({ gender: 'UNDISCLOSED' })).toEqual(['Emilie Dubois']);
    expect(await names({ gender: 'FEMALE', tier: 'STANDBY_TEAM' })).toEqual(['Émilie Ngozi']);
  });

  it('searches names case- and accent-insensitively, as a substring', async () => {
    const both = ['Emilie Dubois', 'Émilie Ngozi'];
    expect(await names({ search: 'émilie' })).toEqual(both);
    expect(await names({ search: 'Emilie' })).toEqual(both);
    expect(await names({ search: 'EMILIE' })).toEqual(both);
    expect(await names({ search: 'ÉMILIE NGOZI' })).toEqual(['Émilie Ngozi']);
    expect(await names({ search: 'Dubôis' })).toEqual(['Emilie Dubois']);
    expect(await names({ search: 'odegaard' })).toEqual(['Björn Ødegaard']);
    expect(await names({ search: 'bjorn' })).toEqual(['Björn Ødegaard']);
    expect(await names({ search: 'zoe' })).toEqual(['Zoë 50% O_Neil']);
    expect(await names({ search: 'lie n' })).toEqual(['Émilie Ngozi']);
    expect(await names({ search: '  diallo  ' })).toEqual(['Amina Diallo']);
    expect(await names({ search: 'nobody' })).toEqual([]);
    // LIKE wildcards match themselves only.
    expect(await names({ search: '%' })).toEqual(['Zoë 50% O_Neil']);
    expect(await names({ search: '_' })).toEqual(['Zoë 50% O_Neil']);
    expect(await names({ search: 'a_i' })).toEqual([]);
  });

  it('leaves out a nationality', async () => {
    expect(await names({ excludeNationality: 'GN' })).toEqual(ALL.filter((n) => n !== 'Amina Diallo'));
    expect(await names({ excludeNationality: 'ES' })).toEqual(ALL.filter((n) => n !== 'Carlos Mendoza'));
    expect(await names({ excludeNationality: 'JP' })).toEqual(ALL);
  });

  it('combines every condition', async () => {
    expect(await names({ languages: [{ code: 'fr' }], gender: 'FEMALE', excludeNationality: 'GN', search: 'emi', expertise: [{ area: 'PROCESS_DESIGN', minLevel: 3 }], tier: 'STANDBY_TEAM' })).toEqual(['Émilie Ngozi']);
    expect(await names({ languages: [{ code: 'fr' }], gender: 'FEMALE', excludeNationality: 'NG' })).toEqual(['Amina Diallo']);
  });

  it('availableFrom/availableTo excludes UNAVAILABLE and ASSIGNED days, not TENTATIVE ones', async () => {
    // Amina: UNAVAILABLE on day 20 only. Carlos: TENTATIVE on 15–25. Émilie N: offered a seat on 22–24.
    // Björn: was offered 15–25 but declined, which frees the days.
    await setMark(ids.amina, 20, 20, 'UNAVAILABLE');
    await setMark(ids.carlos, 15, 25, 'TENTATIVE');
    const request = await ok(
      `mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { roles { id } } } }`,
      { input: { title: 'Lake basin talks', requestingEntity: 'UNOCA', country: 'TD', mode: 'REMOTE', startDate: day(22), endDate: day(24), roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] } },
    );
    const roleId = request.createDeploymentRequest.request.roles[0].id;
    const OFFER = `mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id } } }`;
    await ok(OFFER, { input: { roleId, expertId: ids.emilieN } });
    const declined = await ok(OFFER, { input: { roleId, expertId: ids.bjorn } });
    await ok(`mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { status } } }`, { input: { assignmentId: declined.offerAssignment.assignment.id, accept: false } });

    const window = (from: number, to: number) => names({ availableFrom: day(from), availableTo: day(to) });
    expect(await window(15, 25)).toEqual(ALL.filter((n) => n !== 'Amina Diallo' && n !== 'Émilie Ngozi'));
    expect(await window(20, 20)).toEqual(ALL.filter((n) => n !== 'Amina Diallo'));
    expect(await window(21, 21)).toEqual(ALL);
    expect(await window(24, 30)).toEqual(ALL.filter((n) => n !== 'Émilie Ngozi'));
    expect(await window(25, 30)).toEqual(ALL);
    expect(await window(0, 19)).toEqual(ALL);
    // With other conditions.
    expect(await names({ availableFrom: day(10), availableTo: day(30), tier: 'STANDBY_TEAM' })).toEqual(['Carlos Mendoza']);
    // The timeline shows the same.
    expect(await periods(ids.emilieN, 21, 25)).toEqual(['21-21:AV', '22-24:AS', '25-25:AV']);
    expect(await periods(ids.carlos, 21, 25)).toEqual(['21-25:TE']);
    // ASSIGNED wins over a mark on the same days.
    await setMark(ids.emilieN, 20, 26, 'UNAVAILABLE');
    expect(await periods(ids.emilieN, 19, 27)).toEqual(['19-19:AV', '20-21:UN', '22-24:AS', '25-26:UN', '27-27:AV']);
    await setMark(ids.emilieN, 20, 26, 'AVAILABLE');
  });
});

describe('experts pagination', () => {
  async function walk(first: number, filter: Record<string, unknown> = {}) {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const { experts } = (await ok(EXPERTS, { first, after, filter })) as any;
      expect(experts.edges.length).toBeLessThanOrEqual(first);
      expect(experts.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...experts.edges.map((e: any) => e.node.id));
      if (experts.edges.length) expect(experts.pageInfo.endCursor).toBe(experts.edges[experts.edges.length - 1].cursor);
      if (!experts.pageInfo.hasNextPage) return { seen, totalCount: experts.totalCount };
      after = experts.pageInfo.endCursor;
    }
    throw new Error('did not end');
  }

  it('walks pages in name-then-id order with hasNextPage and a constant totalCount', async () => {
    const twins = [await createExpert({ fullName: 'Same Name' }), await createExpert({ fullName: 'same  NAME' }), await createExpert({ fullName: 'Sâme Name' })];
    const all = (await ok(EXPERTS, { first: 100 })).experts;
    const ordered = all.edges.map((e: any) => e.node.id);
    expect(all.totalCount).toBe(ALL.length + 3);
    expect(all.pageInfo.hasNextPage).toBe(false);
    // The three equal name keys sort by id.
    const uuid = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1]!;
    expect(ordered.slice(5, 8)).toEqual([...twins].sort((a, b) => (uuid(a) < uuid(b) ? -1 : 1)));
    for (const size of [1, 2, 3, 4, 100]) {
      const { seen, totalCount } = await walk(size);
      expect(seen).toEqual(ordered);
      expect(totalCount).toBe(ALL.length + 3);
    }
    const page = (await ok(EXPERTS, { first: 2, filter: { gender: 'FEMALE' } })).experts;
    expect(page.totalCount).toBe(3);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const empty = (await ok(EXPERTS, { first: 0 })).experts;
    expect(empty.edges).toEqual([]);
    expect(empty.totalCount).toBe(ALL.length + 3);
    await h.database.db.execute(sql`delete from experts where name_key = 'same name'`);
  });

  it('keeps cursors stable when experts are added before the cursor', async () => {
    const first = (await ok(EXPERTS, { first: 3 })).experts;
    expect(first.edges.map((e: any) => e.node.fullName)).toEqual(ALL.slice(0, 3));
    await createExpert({ fullName: 'Aaron Abbott' });
    const next = (await ok(EXPERTS, { first: 3, after: first.pageInfo.endCursor })).experts;
    expect(next.edges.map((e: any) => e.node.fullName)).toEqual(ALL.slice(3, 6));
    await h.database.db.execute(sql`delete from experts where full_name = 'Aaron Abbott'`);
  });

  it('refuses first over 100, a negative first and a bad cursor with BAD_USER_INPUT', async () => {
    expect((await ok(EXPERTS, { first: 100 })).experts.edges).toHaveLength(ALL.length);
    expect((await fails(EXPERTS, { first: 101 }, 'BAD_USER_INPUT')).extensions.field).toEqual(['first']);
    expect((await fails(EXPERTS, { first: -1 }, 'BAD_USER_INPUT')).extensions.field).toEqual(['first']);
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    for (const after of ['garbage', '', b64('not json'), b64(['only one']), b64(['a', 'b', 'c']), b64(['name', 'not-a-uuid']), b64(['name\u0000', '00000000-0000-4000-8000-000000000000']), b64({ a: 1 })]) {
      const error = await fails(EXPERTS, { first: 2, after }, 'BAD_USER_INPUT');
      expect(error.extensions.field, after).toEqual(['after']);
    }
  });

  it('refuses invalid filters with the path of the bad value', async () => {
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ expertise: [{ area: 'PROCESS_DESIGN' }, { area: 'UNKNOWN_AREA' }] }, ['filter', 'expertise', 1, 'area']],
      [{ expertise: [{ area: 'PROCESS_DESIGN', minLevel: 6 }] }, ['filter', 'expertise', 0, 'minLevel']],
      [{ languages: [{ code: 'FR' }] }, ['filter', 'languages', 0, 'code']],
      [{ excludeNationality: 'gn' }, ['filter', 'excludeNationality']],
      [{ availableFrom: day(1) }, ['filter', 'availableTo']],
      [{ availableTo: day(1) }, ['filter', 'availableFrom']],
      [{ availableFrom: day(2), availableTo: day(1) }, ['filter', 'availableTo']],
      [{ availableFrom: day(0), availableTo: day(730) }, ['filter', 'availableTo']],
      [{ availableFrom: '2026-02-30', availableTo: day(1) }, ['filter', 'availableFrom']],
      [{ tier: 'GOLD' }, ['filter', 'tier']],
      [{ search: 'x'.repeat(201) }, ['filter', 'search']],
      [{ search: 'nul\u0000byte' }, ['filter', 'search']],
    ];
    for (const [filter, field] of cases) {
      const error = await fails(EXPERTS, { first: 5, filter }, 'BAD_USER_INPUT');
      expect(error.extensions.field, JSON.stringify(filter)).toEqual(field);
    }
  });
});

describe('expertiseAreas, node and me', () => {
  it('lists the ten seeded areas in their fixed order', async () => {
    const { expertiseAreas } = await ok(`{ expertiseAreas { code name } }`);
    expect(expertiseAreas.map((a: { code: string }) => a.code)).toEqual([
      'PROCESS_DESIGN',
      'CONSTITUTION_MAKING',
      'POWER_SHARING',
      'SECURITY_ARRANGEMENTS',
      'NATURAL_RESOURCES',
      'GENDER_INCLUSION',
      'TRANSITIONAL_JUSTICE',
      'ELECTORAL_DISPUTES',
      'CONFLICT_ANALYSIS',
      'DIALOGUE_FACILITATION',
    ]);
    expect(expertiseAreas.every((a: { name: string }) => a.name.length > 0)).toBe(true);
  });

  it('resolves an expert by its global id, and null for an id that names nobody', async () => {
    const { node } = await ok(`query($id: ID!) { node(id: $id) { __typename id ... on Expert { fullName tier nationalities } } }`, { id: ids.carlos });
    expect(node).toEqual({ __typename: 'Expert', id: ids.carlos, fullName: 'Carlos Mendoza', tier: 'STANDBY_TEAM', nationalities: ['CO', 'ES'] });
    const ghost = Buffer.from('Expert:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await ok(`query($id: ID!) { node(id: $id) { id } }`, { id: ghost })).node).toBeNull();
    const garbage = await fails(`query($id: ID!) { node(id: $id) { id } }`, { id: '!!not an id!!' }, 'BAD_USER_INPUT');
    expect(garbage.extensions.field).toEqual(['id']);
  });

  it('me tells the role, and the expert an EXPERT token is bound to', async () => {
    expect((await ok(`{ me { role tokenName expert { id } } }`)).me).toEqual({ role: 'ADMIN', tokenName: 'ADMIN_TOKEN', expert: null });
    const token = await h.token('EXPERT', ids.zoe);
    expect((await ok(`{ me { role expert { id fullName } } }`, {}, token)).me).toEqual({ role: 'EXPERT', expert: { id: ids.zoe, fullName: 'Zoë 50% O_Neil' } });
    const coordinator = await h.token('COORDINATOR');
    expect((await ok(`{ me { role expert { id } } }`, {}, coordinator)).me).toEqual({ role: 'COORDINATOR', expert: null });
    await fails(`{ me { role } }`, {}, 'UNAUTHENTICATED', null);
    await fails(`{ me { role } }`, {}, 'UNAUTHENTICATED', 'sb_not_a_real_token');
  });
});
