// The zod input rules (server/domain/validation.ts): what passes, what is normalised, and that each
// failure is an InvalidInputError whose `field` names the input path of the offending value.
import { describe, expect, it } from 'vitest';
import {
  createExpertSchema,
  createRequestSchema,
  LIMITS,
  parseInput,
  setAvailabilitySchema,
  updateExpertSchema,
} from '../../server/domain/validation.js';
import { InvalidInputError, isStandbyError } from '../../server/domain/errors.js';
import { addDays, daysInclusive } from '../../server/domain/dates.js';

function failure(schema: Parameters<typeof parseInput>[0], value: unknown, root?: (string | number)[]): InvalidInputError {
  try {
    parseInput(schema, value, root);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(isStandbyError(error)).toBe(true);
    return error as InvalidInputError;
  }
  throw new Error(`expected ${JSON.stringify(value).slice(0, 200)} to be refused`);
}

const expert = {
  fullName: 'Amina Diallo',
  email: 'amina@example.org',
  tier: 'ROSTER',
  gender: 'FEMALE',
  nationalities: ['SN', 'FR'],
  homeTimeZone: 'Africa/Dakar',
  countryExperience: ['GN', 'ML'],
  maxDeploymentDaysPerYear: 120,
  languages: [
    { code: 'fr', proficiency: 'NATIVE' },
    { code: 'en', proficiency: 'FLUENT' },
  ],
  expertise: [{ area: 'PROCESS_DESIGN', level: 4 }],
};

describe('createExpertSchema', () => {
  it('accepts a full valid input and keeps fields it does not check', () => {
    const parsed = parseInput(createExpertSchema, { ...expert, securityTrainingValidUntil: '2027-01-01' });
    expect(parsed).toMatchObject({ ...expert, securityTrainingValidUntil: '2027-01-01' });
  });

  it('trims and NFC-normalises names, trims emails', () => {
    const parsed = parseInput(createExpertSchema, { ...expert, fullName: '  E\u0301milie Ngozi ', email: ' e@example.org ' });
    expect(parsed.fullName).toBe('\u00c9milie Ngozi');
    expect(parsed.email).toBe('e@example.org');
  });

  it.each([
    ['empty fullName', { fullName: '' }, ['input', 'fullName']],
    ['whitespace fullName', { fullName: ' \t\n ' }, ['input', 'fullName']],
    ['fullName over 200 characters', { fullName: 'x'.repeat(LIMITS.nameLength + 1) }, ['input', 'fullName']],
    ['control character in fullName', { fullName: 'Amina\u0000Diallo' }, ['input', 'fullName']],
    ['malformed email', { email: 'amina.example.org' }, ['input', 'email']],
    ['email without domain', { email: 'amina@' }, ['input', 'email']],
    ['email over 254 characters', { email: `${'a'.repeat(250)}@example.org` }, ['input', 'email']],
    ['lower-case nationality', { nationalities: ['SN', 'gn'] }, ['input', 'nationalities', 1]],
    ['unknown nationality', { nationalities: ['XX'] }, ['input', 'nationalities', 0]],
    ['alpha-3 nationality', { nationalities: ['SEN'] }, ['input', 'nationalities', 0]],
    ['duplicate nationality', { nationalities: ['SN', 'SN'] }, ['input', 'nationalities', 1]],
    ['more than 10 nationalities', { nationalities: ['SN', 'FR', 'GN', 'ML', 'NE', 'BF', 'CI', 'GH', 'TG', 'BJ', 'NG'] }, ['input', 'nationalities']],
    ['unknown country of experience', { countryExperience: ['GN', 'ZZ'] }, ['input', 'countryExperience', 1]],
    ['unknown time zone', { homeTimeZone: 'Mars/Olympus_Mons' }, ['input', 'homeTimeZone']],
    ['a fixed offset is not an IANA zone', { homeTimeZone: 'UTC+5' }, ['input', 'homeTimeZone']],
    ['empty time zone', { homeTimeZone: '' }, ['input', 'homeTimeZone']],
    ['negative day cap', { maxDeploymentDaysPerYear: -1 }, ['input', 'maxDeploymentDaysPerYear']],
    ['day cap over 366', { maxDeploymentDaysPerYear: 367 }, ['input', 'maxDeploymentDaysPerYear']],
    ['fractional day cap', { maxDeploymentDaysPerYear: 1.5 }, ['input', 'maxDeploymentDaysPerYear']],
    ['unknown language', { languages: [{ code: 'xx', proficiency: 'BASIC' }] }, ['input', 'languages', 0, 'code']],
    ['upper-case language', { languages: [{ code: 'fr', proficiency: 'BASIC' }, { code: 'EN', proficiency: 'BASIC' }] }, ['input', 'languages', 1, 'code']],
    ['duplicate language', { languages: [{ code: 'fr', proficiency: 'BASIC' }, { code: 'fr', proficiency: 'NATIVE' }] }, ['input', 'languages', 1]],
    ['expertise level 0', { expertise: [{ area: 'PROCESS_DESIGN', level: 0 }] }, ['input', 'expertise', 0, 'level']],
    ['expertise level 6', { expertise: [{ area: 'POWER_SHARING', level: 1 }, { area: 'PROCESS_DESIGN', level: 6 }] }, ['input', 'expertise', 1, 'level']],
    ['duplicate expertise area', { expertise: [{ area: 'POWER_SHARING', level: 1 }, { area: 'POWER_SHARING', level: 2 }] }, ['input', 'expertise', 1]],
  ])('refuses %s', (_name, change, field) => {
    const error = failure(createExpertSchema, { ...expert, ...change });
    expect(error.field).toEqual(field);
    // The message starts with the path as a client wrote it, e.g. "languages[1].code: …".
    const shown = field.slice(1).reduce<string>((text, p) => (typeof p === 'number' ? `${text}[${p}]` : text ? `${text}.${p}` : p), '');
    expect(error.message.startsWith(`${shown}: `), error.message).toBe(true);
  });

  it('accepts the boundaries', () => {
    expect(parseInput(createExpertSchema, { ...expert, fullName: 'x'.repeat(LIMITS.nameLength) }).fullName).toHaveLength(200);
    expect(parseInput(createExpertSchema, { ...expert, maxDeploymentDaysPerYear: 0 }).maxDeploymentDaysPerYear).toBe(0);
    expect(parseInput(createExpertSchema, { ...expert, maxDeploymentDaysPerYear: 366 }).maxDeploymentDaysPerYear).toBe(366);
    for (const level of [1, 5]) expect(parseInput(createExpertSchema, { ...expert, expertise: [{ area: 'PROCESS_DESIGN', level }] }).expertise[0]!.level).toBe(level);
    for (const zone of ['UTC', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata']) {
      expect(parseInput(createExpertSchema, { ...expert, homeTimeZone: zone }).homeTimeZone).toBe(zone);
    }
    expect(parseInput(createExpertSchema, { ...expert, nationalities: [], languages: [], expertise: [] }).nationalities).toEqual([]);
  });

  it('names the first offending field in input order', () => {
    expect(failure(createExpertSchema, { ...expert, fullName: '', email: 'nope' }).field).toEqual(['input', 'fullName']);
  });

  it('names nested fields in the message, not just the last key or index', () => {
    expect(failure(createExpertSchema, { ...expert, nationalities: ['SN', 'gn'] }).message).toMatch(/^nationalities\[1\]: /);
    expect(failure(createExpertSchema, { ...expert, languages: [{ code: 'zz', proficiency: 'BASIC' }] }).message).toMatch(/^languages\[0\]\.code: /);
  });

  it('puts paths under the root it is given', () => {
    expect(failure(createExpertSchema, { ...expert, email: 'x' }, ['data']).field).toEqual(['data', 'email']);
  });
});

describe('updateExpertSchema', () => {
  it('accepts any subset of fields, including none', () => {
    expect(parseInput(updateExpertSchema, {})).toEqual({});
    expect(parseInput(updateExpertSchema, { email: 'new@example.org' })).toEqual({ email: 'new@example.org' });
  });

  it('checks the fields that are given with the same rules', () => {
    expect(failure(updateExpertSchema, { homeTimeZone: 'Nowhere/City' }).field).toEqual(['input', 'homeTimeZone']);
    expect(failure(updateExpertSchema, { fullName: '   ' }).field).toEqual(['input', 'fullName']);
    expect(failure(updateExpertSchema, { expertise: [{ area: 'PROCESS_DESIGN', level: 6 }] }).field).toEqual(['input', 'expertise', 0, 'level']);
  });
});

describe('setAvailabilitySchema', () => {
  const mark = { startDate: '2027-03-01', endDate: '2027-03-10', note: 'Leave' };

  it('accepts a range of one day up to 730 days, and trims notes (blank → null)', () => {
    expect(parseInput(setAvailabilitySchema, { ...mark, endDate: mark.startDate }).note).toBe('Leave');
    expect(parseInput(setAvailabilitySchema, { ...mark, endDate: addDays(mark.startDate, 729) }).endDate).toBe('2029-02-27'); // 730 days
    expect(parseInput(setAvailabilitySchema, { ...mark, note: '  ok  ' }).note).toBe('ok');
    expect(parseInput(setAvailabilitySchema, { ...mark, note: '   ' }).note).toBeNull();
    expect(parseInput(setAvailabilitySchema, { ...mark, note: undefined }).note).toBeNull();
    expect(parseInput(setAvailabilitySchema, { ...mark, note: 'x'.repeat(LIMITS.noteLength) }).note).toHaveLength(2000);
  });

  it.each([
    ['endDate before startDate', { endDate: '2027-02-28' }, ['input', 'endDate']],
    ['a range over 730 days', { endDate: '2029-02-28' }, ['input', 'endDate']],
    ['a note over 2000 characters', { note: 'x'.repeat(LIMITS.noteLength + 1) }, ['input', 'note']],
    ['a control character in the note', { note: 'bell\u0007' }, ['input', 'note']],
  ])('refuses %s', (_name, change, field) => {
    expect(failure(setAvailabilitySchema, { ...mark, ...change }).field).toEqual(field);
  });
});

describe('createRequestSchema', () => {
  const today = '2026-06-15';
  const schema = createRequestSchema(today);
  const role = { expertise: 'SECURITY_ARRANGEMENTS', minLevel: 3, languages: ['fr'], count: 1 };
  const request = {
    title: 'Ceasefire monitoring design',
    requestingEntity: 'UNOWAS',
    country: 'GN',
    mode: 'IN_PERSON',
    startDate: '2026-07-01',
    endDate: '2026-07-14',
    minWomen: 1,
    roles: [role, { ...role, expertise: 'GENDER_INCLUSION', count: 2 }],
    idempotencyKey: 'abc',
  };

  it('accepts a valid request, starting today at the earliest, up to 12 seats and 366 days', () => {
    expect(parseInput(schema, request).title).toBe(request.title);
    expect(parseInput(schema, { ...request, startDate: today }).startDate).toBe(today);
    expect(parseInput(schema, { ...request, roles: [{ ...role, count: 12 }], minWomen: 12 }).minWomen).toBe(12);
    expect(daysInclusive('2026-07-01', '2027-07-01')).toBe(366);
    expect(parseInput(schema, { ...request, endDate: '2027-07-01' }).endDate).toBe('2027-07-01');
    expect(parseInput(schema, { ...request, idempotencyKey: null }).idempotencyKey).toBeNull();
  });

  it.each([
    ['a role with 0 seats', { roles: [{ ...role, count: 0 }] }, ['input', 'roles', 0, 'count']],
    ['a role with 13 seats', { roles: [{ ...role, count: 13 }] }, ['input', 'roles', 0, 'count']],
    ['13 seats over several roles', { roles: [{ ...role, count: 7 }, { ...role, count: 6 }] }, ['input', 'roles']],
    ['no roles', { roles: [] }, ['input', 'roles']],
    ['startDate in the past', { startDate: '2026-06-14' }, ['input', 'startDate']],
    ['endDate before startDate', { endDate: '2026-06-30' }, ['input', 'endDate']],
    ['more than 366 days', { endDate: '2027-07-02' }, ['input', 'endDate']],
    ['minWomen above the seats', { minWomen: 4 }, ['input', 'minWomen']],
    ['negative minWomen', { minWomen: -1 }, ['input', 'minWomen']],
    ['role minLevel 0', { roles: [{ ...role, minLevel: 0 }] }, ['input', 'roles', 0, 'minLevel']],
    ['role minLevel 6', { roles: [role, { ...role, minLevel: 6 }] }, ['input', 'roles', 1, 'minLevel']],
    ['unknown role language', { roles: [{ ...role, languages: ['fr', 'zz'] }] }, ['input', 'roles', 0, 'languages', 1]],
    ['duplicate role language', { roles: [{ ...role, languages: ['fr', 'fr'] }] }, ['input', 'roles', 0, 'languages', 1]],
    ['lower-case country', { country: 'gn' }, ['input', 'country']],
    ['unknown country', { country: 'XX' }, ['input', 'country']],
    ['blank title', { title: '  ' }, ['input', 'title']],
    ['title over 300 characters', { title: 'x'.repeat(LIMITS.titleLength + 1) }, ['input', 'title']],
    ['blank requestingEntity', { requestingEntity: '' }, ['input', 'requestingEntity']],
    ['idempotency key over 200 characters', { idempotencyKey: 'k'.repeat(LIMITS.idempotencyKeyLength + 1) }, ['input', 'idempotencyKey']],
  ])('refuses %s', (_name, change, field) => {
    expect(failure(schema, { ...request, ...change }).field).toEqual(field);
  });

  it('judges "the past" by the day it is given', () => {
    expect(() => parseInput(createRequestSchema('2026-07-02'), request)).toThrow(InvalidInputError);
    expect(parseInput(createRequestSchema('2026-07-01'), request).startDate).toBe('2026-07-01');
  });
});
