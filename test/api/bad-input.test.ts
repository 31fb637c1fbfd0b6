// Bad input through HTTP: every case answers BAD_USER_INPUT whose `extensions.field` names the input
// path, and the database is exactly as it was before (docs/api.md, "Errors": a failed mutation writes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../server/domain/dates.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
const ref: Record<string, string> = {};

const CREATE_EXPERT = `mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`;
const UPDATE_EXPERT = `mutation($input: UpdateExpertInput!) { updateExpert(input: $input) { expert { id version } } }`;
const SET_AVAILABILITY = `mutation($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }`;
const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`;
const CREATE_REQUEST = `mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id } } }`;
const OFFER = `mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id } } }`;
const RESPOND = `mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { id } } }`;
const CANCEL = `mutation($input: CancelDeploymentRequestInput!) { cancelDeploymentRequest(input: $input) { request { id } } }`;

const soon = (n: number) => addDays(today(), n);
const expert = () => ({ fullName: 'Nadia Haddad', email: `nadia.${Math.random().toString(36).slice(2)}@example.org`, nationalities: ['LB'] });
const request = () => ({
  title: 'Constitutional dialogue support',
  requestingEntity: 'DPPA Middle East Division',
  country: 'YE',
  mode: 'REMOTE',
  startDate: soon(30),
  endDate: soon(44),
  minWomen: 1,
  roles: [{ expertise: 'CONSTITUTION_MAKING', minLevel: 3, languages: ['ar'], count: 2 }],
});
const mark = () => ({ expertId: ref.expert, startDate: soon(10), endDate: soon(12), status: 'UNAVAILABLE' });
const gid = (type: string, uuid = '00000000-0000-4000-8000-000000000000') => Buffer.from(`${type}:${uuid}`).toString('base64url');

type Case = [name: string, query: string, variables: () => Record<string, unknown>, field: (string | number)[]];

const cases: Case[] = [
  // createExpert
  ['unknown country code', CREATE_EXPERT, () => ({ input: { ...expert(), nationalities: ['LB', 'XX'] } }), ['input', 'nationalities', 1]],
  ['lower-case country code', CREATE_EXPERT, () => ({ input: { ...expert(), nationalities: ['lb'] } }), ['input', 'nationalities', 0]],
  ['lower-case country of experience', CREATE_EXPERT, () => ({ input: { ...expert(), countryExperience: ['SY', 'iq'] } }), ['input', 'countryExperience', 1]],
  ['unknown language code', CREATE_EXPERT, () => ({ input: { ...expert(), languages: [{ code: 'xx', proficiency: 'FLUENT' }] } }), ['input', 'languages', 0, 'code']],
  ['unknown expertise area', CREATE_EXPERT, () => ({ input: { ...expert(), expertise: [{ area: 'PROCESS_DESIGN', level: 2 }, { area: 'ASTROLOGY', level: 3 }] } }), ['input', 'expertise', 1, 'area']],
  ['expertise level 0', CREATE_EXPERT, () => ({ input: { ...expert(), expertise: [{ area: 'PROCESS_DESIGN', level: 0 }] } }), ['input', 'expertise', 0, 'level']],
  ['expertise level 6', CREATE_EXPERT, () => ({ input: { ...expert(), expertise: [{ area: 'PROCESS_DESIGN', level: 6 }] } }), ['input', 'expertise', 0, 'level']],
  ['malformed email', CREATE_EXPERT, () => ({ input: { ...expert(), email: 'nadia(at)example.org' } }), ['input', 'email']],
  ['unknown time zone', CREATE_EXPERT, () => ({ input: { ...expert(), homeTimeZone: 'Asia/Atlantis' } }), ['input', 'homeTimeZone']],
  ['a fixed offset as time zone', CREATE_EXPERT, () => ({ input: { ...expert(), homeTimeZone: 'UTC+3' } }), ['input', 'homeTimeZone']],
  ['empty fullName', CREATE_EXPERT, () => ({ input: { ...expert(), fullName: '' } }), ['input', 'fullName']],
  ['whitespace fullName', CREATE_EXPERT, () => ({ input: { ...expert(), fullName: '   \t ' } }), ['input', 'fullName']],
  ['fullName over 200 characters', CREATE_EXPERT, () => ({ input: { ...expert(), fullName: 'N'.repeat(201) } }), ['input', 'fullName']],
  ['invalid day in variables', CREATE_EXPERT, () => ({ input: { ...expert(), medicalClearanceValidUntil: '2026-02-30' } }), ['input', 'medicalClearanceValidUntil']],
  ['a date that is not YYYY-MM-DD', CREATE_EXPERT, () => ({ input: { ...expert(), securityTrainingValidUntil: '31/12/2027' } }), ['input', 'securityTrainingValidUntil']],
  ['unknown enum value in variables', CREATE_EXPERT, () => ({ input: { ...expert(), gender: 'ROBOT' } }), ['input', 'gender']],
  ['day cap over 366', CREATE_EXPERT, () => ({ input: { ...expert(), maxDeploymentDaysPerYear: 400 } }), ['input', 'maxDeploymentDaysPerYear']],
  ['a list item of the wrong type', CREATE_EXPERT, () => ({ input: { ...expert(), languages: [{ code: 'ar', proficiency: 'NATIVE' }, { code: 'fr', proficiency: 'SOME' }] } }), ['input', 'languages', 1, 'proficiency']],
  ['an unknown input field', CREATE_EXPERT, () => ({ input: { ...expert(), nickname: 'Nadi' } }), ['input', 'nickname']],
  ['a missing required field', CREATE_EXPERT, () => ({ input: { fullName: 'No Email' } }), ['input', 'email']],
  // updateExpert
  ['null for a field that cannot be cleared', UPDATE_EXPERT, () => ({ input: { id: ref.expert, expectedVersion: 1, fullName: null } }), ['input', 'fullName']],
  ['unknown country code in an update', UPDATE_EXPERT, () => ({ input: { id: ref.expert, expectedVersion: 1, nationalities: ['ZZ'] } }), ['input', 'nationalities', 0]],
  ['unknown expertise area in an update', UPDATE_EXPERT, () => ({ input: { id: ref.expert, expectedVersion: 1, expertise: [{ area: 'nope', level: 1 }] } }), ['input', 'expertise', 0, 'area']],
  ['garbage expert id', UPDATE_EXPERT, () => ({ input: { id: 'not-an-id', expectedVersion: 1, fullName: 'X' } }), ['input', 'id']],
  ['expert id of the wrong type', UPDATE_EXPERT, () => ({ input: { id: ref.request, expectedVersion: 1, fullName: 'X' } }), ['input', 'id']],
  ['expert id with a malformed uuid', UPDATE_EXPERT, () => ({ input: { id: Buffer.from('Expert:1234').toString('base64url'), expectedVersion: 1 } }), ['input', 'id']],
  // setAvailability
  ['endDate before startDate', SET_AVAILABILITY, () => ({ input: { ...mark(), startDate: soon(12), endDate: soon(11) } }), ['input', 'endDate']],
  ['a range over 730 days', SET_AVAILABILITY, () => ({ input: { ...mark(), startDate: soon(1), endDate: soon(731) } }), ['input', 'endDate']],
  ['invalid day (2026-02-30) in variables', SET_AVAILABILITY, () => ({ input: { ...mark(), startDate: '2026-02-30', endDate: '2026-03-02' } }), ['input', 'startDate']],
  ['note over 2000 characters', SET_AVAILABILITY, () => ({ input: { ...mark(), note: 'n'.repeat(2001) } }), ['input', 'note']],
  ['ASSIGNED cannot be marked', SET_AVAILABILITY, () => ({ input: { ...mark(), status: 'ASSIGNED' } }), ['input', 'status']],
  ['garbage expertId', SET_AVAILABILITY, () => ({ input: { ...mark(), expertId: '%%%' } }), ['input', 'expertId']],
  ['expertId of the wrong type', SET_AVAILABILITY, () => ({ input: { ...mark(), expertId: ref.role } }), ['input', 'expertId']],
  // createApiToken
  ['EXPERT token without expertId', CREATE_TOKEN, () => ({ input: { role: 'EXPERT', name: 'Nadia’s phone' } }), ['input', 'expertId']],
  ['REQUESTER token with expertId', CREATE_TOKEN, () => ({ input: { role: 'REQUESTER', name: 'UNOWAS', expertId: ref.expert } }), ['input', 'expertId']],
  ['COORDINATOR token with expertId', CREATE_TOKEN, () => ({ input: { role: 'COORDINATOR', name: 'MSU', expertId: ref.expert } }), ['input', 'expertId']],
  ['EXPERT token with a garbage expertId', CREATE_TOKEN, () => ({ input: { role: 'EXPERT', name: 'x', expertId: 'garbage' } }), ['input', 'expertId']],
  ['EXPERT token with an id of the wrong type', CREATE_TOKEN, () => ({ input: { role: 'EXPERT', name: 'x', expertId: ref.request } }), ['input', 'expertId']],
  ['blank token name', CREATE_TOKEN, () => ({ input: { role: 'REQUESTER', name: '  ' } }), ['input', 'name']],
  ['token name with a NUL', CREATE_TOKEN, () => ({ input: { role: 'REQUESTER', name: 'a\u0000b' } }), ['input', 'name']],
  ['unknown role', CREATE_TOKEN, () => ({ input: { role: 'SUPERUSER', name: 'x' } }), ['input', 'role']],
  // createDeploymentRequest
  ['0 seats', CREATE_REQUEST, () => ({ input: { ...request(), minWomen: 0, roles: [{ expertise: 'POWER_SHARING', count: 0 }] } }), ['input', 'roles', 0, 'count']],
  ['13 seats in one role', CREATE_REQUEST, () => ({ input: { ...request(), roles: [{ expertise: 'POWER_SHARING', count: 13 }] } }), ['input', 'roles', 0, 'count']],
  ['13 seats over several roles', CREATE_REQUEST, () => ({ input: { ...request(), roles: [{ expertise: 'POWER_SHARING', count: 6 }, { expertise: 'PROCESS_DESIGN', count: 7 }] } }), ['input', 'roles']],
  ['no roles', CREATE_REQUEST, () => ({ input: { ...request(), minWomen: 0, roles: [] } }), ['input', 'roles']],
  ['startDate in the past', CREATE_REQUEST, () => ({ input: { ...request(), startDate: soon(-1) } }), ['input', 'startDate']],
  ['endDate before startDate in a request', CREATE_REQUEST, () => ({ input: { ...request(), endDate: soon(29) } }), ['input', 'endDate']],
  ['minWomen above the seats', CREATE_REQUEST, () => ({ input: { ...request(), minWomen: 3 } }), ['input', 'minWomen']],
  ['unknown role expertise', CREATE_REQUEST, () => ({ input: { ...request(), roles: [{ expertise: 'PROCESS_DESIGN' }, { expertise: 'WIZARDRY' }] } }), ['input', 'roles', 1, 'expertise']],
  ['unknown role language', CREATE_REQUEST, () => ({ input: { ...request(), roles: [{ expertise: 'PROCESS_DESIGN', languages: ['ar', 'qq'] }] } }), ['input', 'roles', 0, 'languages', 1]],
  ['a role without expertise', CREATE_REQUEST, () => ({ input: { ...request(), roles: [{ expertise: 'PROCESS_DESIGN' }, { count: 1 }] } }), ['input', 'roles', 1, 'expertise']],
  ['role minLevel 6', CREATE_REQUEST, () => ({ input: { ...request(), roles: [{ expertise: 'PROCESS_DESIGN', minLevel: 6, count: 2 }] } }), ['input', 'roles', 0, 'minLevel']],
  ['lower-case request country', CREATE_REQUEST, () => ({ input: { ...request(), country: 'ye' } }), ['input', 'country']],
  ['invalid request day in variables', CREATE_REQUEST, () => ({ input: { ...request(), endDate: '2027-13-01' } }), ['input', 'endDate']],
  ['unknown mode', CREATE_REQUEST, () => ({ input: { ...request(), mode: 'TELEPATHIC' } }), ['input', 'mode']],
  // Ids in the other mutations
  ['garbage roleId', OFFER, () => ({ input: { roleId: 'garbage', expertId: ref.expert } }), ['input', 'roleId']],
  ['expertId of the wrong type in an offer', OFFER, () => ({ input: { roleId: ref.role, expertId: ref.role } }), ['input', 'expertId']],
  ['garbage assignmentId', RESPOND, () => ({ input: { assignmentId: '😀', accept: true } }), ['input', 'assignmentId']],
  ['requestId of the wrong type', CANCEL, () => ({ input: { requestId: ref.expert } }), ['input', 'requestId']],
  ['requestId with an unknown type name', CANCEL, () => ({ input: { requestId: gid('Spaceship') } }), ['input', 'requestId']],
];

beforeAll(async () => {
  h = await startHarness();
  // Some rows in every table a mutation here could touch, so that a stray write shows in the snapshot.
  const e = await h.gql(CREATE_EXPERT, { input: { ...expert(), expertise: [{ area: 'CONSTITUTION_MAKING', level: 4 }], languages: [{ code: 'ar', proficiency: 'NATIVE' }] } });
  ref.expert = e.data.createExpert.expert.id;
  await h.gql(SET_AVAILABILITY, { input: { ...mark(), startDate: soon(60), endDate: soon(61) } });
  const r = await h.gql(`mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id roles { id } } } }`, { input: request() });
  ref.request = r.data.createDeploymentRequest.request.id;
  ref.role = r.data.createDeploymentRequest.request.roles[0].id;
  await h.token('EXPERT', ref.expert);
  expect(Object.values(ref).every(Boolean)).toBe(true);
}, 120_000);
afterAll(() => h?.close());

describe('bad input is BAD_USER_INPUT naming the field, and writes nothing', () => {
  it.each(cases)('%s', async (_name, query, variables, field) => {
    const before = await h.snapshot();
    const res = await h.gql(query, variables());
    for (const value of Object.values(res.data ?? {})) expect(value).toBeNull();
    expect(res.errors, JSON.stringify(res)).toHaveLength(1);
    const [error] = res.errors!;
    expect(error!.extensions.code, error!.message).toBe('BAD_USER_INPUT');
    expect(error!.extensions.field, error!.message).toEqual(field);
    // The message names the offending input too.
    const last = field.findLast((p) => typeof p === 'string')!;
    expect(error!.message).toContain(String(last));
    expect(await h.snapshot()).toEqual(before);
  });

  it('a valid version of the same inputs succeeds (the cases above fail for the reason named)', async () => {
    const before = await h.snapshot();
    const e = await h.gql(CREATE_EXPERT, { input: { ...expert(), nationalities: ['LB', 'SY'], countryExperience: ['IQ'], homeTimeZone: 'Asia/Beirut', languages: [{ code: 'ar', proficiency: 'FLUENT' }], expertise: [{ area: 'PROCESS_DESIGN', level: 5 }] } });
    expect(e.errors).toBeUndefined();
    const s = await h.gql(SET_AVAILABILITY, { input: { ...mark(), startDate: soon(1), endDate: soon(730), note: 'n'.repeat(2000) } });
    expect(s.errors).toBeUndefined();
    const r = await h.gql(CREATE_REQUEST, { input: { ...request(), startDate: soon(0), minWomen: 12, roles: [{ expertise: 'POWER_SHARING', count: 6 }, { expertise: 'PROCESS_DESIGN', count: 6 }] } });
    expect(r.errors).toBeUndefined();
    const t = await h.gql(CREATE_TOKEN, { input: { role: 'EXPERT', name: 'Nadia', expertId: ref.expert } });
    expect(t.errors).toBeUndefined();
    expect(await h.snapshot()).not.toEqual(before);
  });

  it('refuses a malformed node id as BAD_USER_INPUT on id', async () => {
    for (const id of ['garbage', '', 'x'.repeat(300), Buffer.from('no separator').toString('base64url')]) {
      const res = await h.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.errors?.map((e) => [e.extensions.code, e.extensions.field]), id).toEqual([['BAD_USER_INPUT', ['id']]]);
    }
  });

  it('refuses bad input from a non-admin caller the same way', async () => {
    const coordinator = await h.token('COORDINATOR');
    const before = await h.snapshot();
    const res = await h.gql(CREATE_EXPERT, { input: { ...expert(), nationalities: ['xx'] } }, coordinator);
    expect(res.errors?.map((e) => [e.extensions.code, e.extensions.field])).toEqual([['BAD_USER_INPUT', ['input', 'nationalities', 0]]]);
    const requester = await h.token('REQUESTER');
    const after = await h.snapshot();
    const r = await h.gql(CREATE_REQUEST, { input: { ...request(), startDate: soon(-3) } }, requester);
    expect(r.errors?.map((e) => [e.extensions.code, e.extensions.field])).toEqual([['BAD_USER_INPUT', ['input', 'startDate']]]);
    expect(await h.snapshot()).toEqual(after);
    expect(after).not.toEqual(before); // the requester token itself was written
  });
});
