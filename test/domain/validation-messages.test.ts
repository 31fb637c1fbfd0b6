// Every refusal of the input rules (server/domain/validation.ts) with the exact field and message a
// client sees (docs/api.md, "Errors": the message names the field, as written by the client), and
// the values just inside each limit, which must pass. The messages are part of the API: a client
// shows them to people.
import { describe, expect, it } from 'vitest';
import {
  appraiseSchema,
  checkDayRange,
  createExpertSchema,
  createRequestSchema,
  declareInterestSchema,
  expertFilterSchema,
  noteSchema,
  parseInput,
  setAvailabilitySchema,
  updateExpertSchema,
} from '../../server/domain/validation.js';
import { InvalidInputError } from '../../server/domain/errors.js';

const expert = {
  fullName: 'Amina Diallo',
  email: 'amina@example.org',
  nationalities: ['SN'],
  homeTimeZone: 'Africa/Dakar',
  countryExperience: ['GN'],
  maxDeploymentDaysPerYear: 120,
  languages: [{ code: 'fr', proficiency: 'NATIVE' }],
  expertise: [{ area: 'PROCESS_DESIGN', level: 4 }],
};
const req = {
  title: 'T',
  requestingEntity: 'E',
  country: 'GN',
  minWomen: 0,
  roles: [{ expertise: 'X', minLevel: 3, languages: ['fr'], count: 1 }],
  startDate: '2027-03-01',
  endDate: '2027-03-10',
};

function refusal(run: () => unknown): { field: readonly (string | number)[]; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    const e = error as InvalidInputError;
    return { field: e.field, message: e.message };
  }
  throw new Error('expected a refusal');
}

type Schema = Parameters<typeof parseInput>[0];
const REFUSALS: [string, Schema, unknown, (string | number)[], string][] = [
  ["fullName empty", createExpertSchema, { ...expert, fullName: '   ' }, ["input", "fullName"], "fullName: fullName must not be empty"],
  ["fullName long", createExpertSchema, { ...expert, fullName: 'x'.repeat(201) }, ["input", "fullName"], "fullName: fullName must be at most 200 characters"],
  ["fullName control", createExpertSchema, { ...expert, fullName: 'a\u0001b' }, ["input", "fullName"], "fullName: fullName must not contain control characters"],
  ["fullName surrogate", createExpertSchema, { ...expert, fullName: 'a\ud800b' }, ["input", "fullName"], "fullName: fullName must be well-formed Unicode (a lone surrogate is not)"],
  ["email bad", createExpertSchema, { ...expert, email: 'nope' }, ["input", "email"], "email: must be a valid email address"],
  ["email long", createExpertSchema, { ...expert, email: 'a'.repeat(250) + '@x.org' }, ["input", "email"], "email: must be at most 254 characters"],
  ["nationality bad", createExpertSchema, { ...expert, nationalities: ['SN', 'gn'] }, ["input", "nationalities", 1], "nationalities[1]: must be an ISO 3166-1 alpha-2 country code in upper case, e.g. \"GN\""],
  ["nationality dup", createExpertSchema, { ...expert, nationalities: ['SN', 'SN'] }, ["input", "nationalities", 1], "nationalities[1]: duplicate entry \"SN\""],
  ["nationality many", createExpertSchema, { ...expert, nationalities: ['AD','AE','AF','AG','AI','AL','AM','AO','AQ','AR','AS'] }, ["input", "nationalities"], "nationalities: at most 10 entries"],
  ["tz bad", createExpertSchema, { ...expert, homeTimeZone: 'UTC+5' }, ["input", "homeTimeZone"], "homeTimeZone: must be an IANA time zone, e.g. \"Africa/Conakry\""],
  ["cap neg", createExpertSchema, { ...expert, maxDeploymentDaysPerYear: -1 }, ["input", "maxDeploymentDaysPerYear"], "maxDeploymentDaysPerYear: must be between 0 and 366"],
  ["cap big", createExpertSchema, { ...expert, maxDeploymentDaysPerYear: 367 }, ["input", "maxDeploymentDaysPerYear"], "maxDeploymentDaysPerYear: must be between 0 and 366"],
  ["cap frac", createExpertSchema, { ...expert, maxDeploymentDaysPerYear: 1.5 }, ["input", "maxDeploymentDaysPerYear"], "maxDeploymentDaysPerYear: Invalid input: expected int, received number"],
  ["lang bad", createExpertSchema, { ...expert, languages: [{ code: 'FR', proficiency: 'NATIVE' }] }, ["input", "languages", 0, "code"], "languages[0].code: must be an ISO 639-1 language code in lower case, e.g. \"fr\""],
  ["lang dup", createExpertSchema, { ...expert, languages: [{ code: 'fr', proficiency: 'NATIVE' }, { code: 'fr', proficiency: 'BASIC' }] }, ["input", "languages", 1], "languages[1]: duplicate entry \"fr\""],
  ["level 0", createExpertSchema, { ...expert, expertise: [{ area: 'A', level: 0 }] }, ["input", "expertise", 0, "level"], "expertise[0].level: must be between 1 and 5"],
  ["level 6", createExpertSchema, { ...expert, expertise: [{ area: 'A', level: 6 }] }, ["input", "expertise", 0, "level"], "expertise[0].level: must be between 1 and 5"],
  ["area dup", createExpertSchema, { ...expert, expertise: [{ area: 'A', level: 1 }, { area: 'A', level: 2 }] }, ["input", "expertise", 1], "expertise[1]: duplicate entry \"A\""],
  ["update tz", updateExpertSchema, { homeTimeZone: 'Mars/X' }, ["input", "homeTimeZone"], "homeTimeZone: must be an IANA time zone, e.g. \"Africa/Conakry\""],
  ["avail order", setAvailabilitySchema, { startDate: '2027-03-10', endDate: '2027-03-01' }, ["input", "endDate"], "endDate: must not be before startDate"],
  ["avail long", setAvailabilitySchema, { startDate: '2027-01-01', endDate: '2029-01-01' }, ["input", "endDate"], "endDate: a range may span at most 730 days"],
  ["avail note", setAvailabilitySchema, { startDate: '2027-01-01', endDate: '2027-01-01', note: 'x'.repeat(2001) }, ["input", "note"], "note: note must be at most 2000 characters"],
  ["note ctrl", noteSchema, { note: 'a\u0000' }, ["input", "note"], "note: note must not contain control characters"],
  ["note surr", noteSchema, { note: '\udc00' }, ["input", "note"], "note: note must be well-formed Unicode (a lone surrogate is not)"],
  ["req past", createRequestSchema('2027-03-02'), req, ["input", "startDate"], "startDate: startDate must not be in the past (today is 2027-03-02)"],
  ["req order", createRequestSchema('2027-01-01'), { ...req, endDate: '2027-02-01' }, ["input", "endDate"], "endDate: must not be before startDate"],
  ["req long", createRequestSchema('2027-01-01'), { ...req, endDate: '2028-06-01' }, ["input", "endDate"], "endDate: a request may span at most 366 days"],
  ["req seats", createRequestSchema('2027-01-01'), { ...req, roles: [{ ...req.roles[0], count: 12 }, { ...req.roles[0], count: 1 }] }, ["input", "roles"], "roles: a request has 1–12 seats in all, got 13"],
  ["req count0", createRequestSchema('2027-01-01'), { ...req, roles: [{ ...req.roles[0], count: 0 }] }, ["input", "roles", 0, "count"], "roles[0].count: count must be at least 1"],
  ["req count13", createRequestSchema('2027-01-01'), { ...req, roles: [{ ...req.roles[0], count: 13 }] }, ["input", "roles", 0, "count"], "roles[0].count: count must be at most 12"],
  ["req women", createRequestSchema('2027-01-01'), { ...req, minWomen: 2 }, ["input", "minWomen"], "minWomen: minWomen (2) exceeds the 1 seats"],
  ["req women neg", createRequestSchema('2027-01-01'), { ...req, minWomen: -1 }, ["input", "minWomen"], "minWomen: minWomen must not be negative"],
  ["req noroles", createRequestSchema('2027-01-01'), { ...req, roles: [] }, ["input", "roles"], "roles: a request needs at least one role"],
  ["req party dup", createRequestSchema('2027-01-01'), { ...req, parties: ['Séléka', 'SELEKA'] }, ["input", "parties", 1], "parties[1]: duplicate entry \"seleka\""],
  ["req role lang dup", createRequestSchema('2027-01-01'), { ...req, roles: [{ ...req.roles[0], languages: ['fr', 'fr'] }] }, ["input", "roles", 0, "languages", 1], "roles[0].languages[1]: duplicate entry \"fr\""],
  ["req key long", createRequestSchema('2027-01-01'), { ...req, idempotencyKey: 'k'.repeat(201) }, ["input", "idempotencyKey"], "idempotencyKey: idempotencyKey must be at most 200 characters"],
  ["filter together", expertFilterSchema, { availableFrom: '2027-01-01' }, ["input", "availableTo"], "availableTo: give availableFrom and availableTo together"],
  ["filter together2", expertFilterSchema, { availableTo: '2027-01-01' }, ["input", "availableFrom"], "availableFrom: give availableFrom and availableTo together"],
  ["filter search", expertFilterSchema, { search: 'a\u0000' }, ["input", "search"], "search: must not contain control characters"],
  ["filter search long", expertFilterSchema, { search: 'a'.repeat(201) }, ["input", "search"], "search: at most 200 characters"],
  ["appraise 0", appraiseSchema, { rating: 0 }, ["input", "rating"], "rating: rating must be between 1 and 5"],
  ["appraise 6", appraiseSchema, { rating: 6 }, ["input", "rating"], "rating: rating must be between 1 and 5"],
  ["interest none", declareInterestSchema, {}, ["input", "country"], "country: declare a country, a party, or both"],
  ["interest bad", declareInterestSchema, { country: 'gn' }, ["input", "country"], "country: must be an ISO 3166-1 alpha-2 country code in upper case, e.g. \"GN\""],];

describe('validation: every refusal names its field, with the message clients see', () => {
  it.each(REFUSALS)('%s', (_name, schema, value, field, message) => {
    expect(refusal(() => parseInput(schema, value))).toEqual({ field, message });
  });

  it('under another root, and for query arguments', () => {
    expect(refusal(() => parseInput(appraiseSchema, { rating: 9 }, ['args']))).toEqual({ field: ['args', 'rating'], message: 'rating: rating must be between 1 and 5' });
    expect(refusal(() => checkDayRange({ from: '2027-01-02', to: '2027-01-01' }, ['from', 'to'], {}))).toEqual({ field: ['to'], message: 'to: must not be before from' });
    expect(refusal(() => checkDayRange({ from: '2027-01-01', to: '2029-01-01' }, ['from', 'to'], { maxDays: 730 }))).toEqual({
      field: ['to'],
      message: 'to: a range may span at most 730 days',
    });
    expect(refusal(() => checkDayRange({ from: '2027-01-01' }, ['from', 'to'], { together: true }))).toEqual({ field: ['to'], message: 'to: give from and to together' });
    expect(refusal(() => parseInput(noteSchema, 'not an object'))).toEqual({ field: ['input'], message: 'input: Invalid input: expected object, received string' });
  });

  it('a range with one end missing passes unless both are required', () => {
    for (const values of [{ from: '2027-01-01' }, { to: '2027-01-01' }, {}]) expect(() => checkDayRange(values, ['from', 'to'], { maxDays: 10 })).not.toThrow();
  });
});

describe('validation: values just inside each limit pass, normalised', () => {
  it('expert fields at their limits', () => {
    const edge = {
      ...expert,
      fullName: `  ${'x'.repeat(200)}  `,
      email: `  ${'a'.repeat(242)}@example.org `,
      nationalities: ['AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR'],
      maxDeploymentDaysPerYear: 366,
      expertise: [
        { area: 'A', level: 1 },
        { area: 'B', level: 5 },
      ],
    };
    const out = parseInput(createExpertSchema, edge);
    expect(out.fullName).toBe('x'.repeat(200));
    expect(out.email).toBe(`${'a'.repeat(242)}@example.org`);
    expect(out.nationalities).toHaveLength(10);
    expect(parseInput(createExpertSchema, { ...expert, maxDeploymentDaysPerYear: 0 }).maxDeploymentDaysPerYear).toBe(0);
    expect(parseInput(createExpertSchema, { ...expert, fullName: 'E\u0301milie' }).fullName).toBe('Émilie'); // NFC
    expect(parseInput(updateExpertSchema, {})).toEqual({});
  });

  it('requests at their limits', () => {
    const schema = createRequestSchema('2027-03-01');
    const full = parseInput(schema, { ...req, endDate: '2028-02-29', minWomen: 12, roles: [{ ...req.roles[0], count: 12 }], parties: [' Séléka ', 'Front'] });
    expect(full.parties).toEqual(['Séléka', 'Front']);
    expect(full.idempotencyKey).toBeNull();
    expect(parseInput(schema, { ...req, parties: null, idempotencyKey: '   ' })).toMatchObject({ parties: [], idempotencyKey: null });
    expect(parseInput(schema, { ...req, roles: [{ ...req.roles[0], minLevel: 1 }, { ...req.roles[0], minLevel: 5 }] }).roles).toHaveLength(2);
  });

  it('availability, notes, appraisals, interests and filters', () => {
    expect(parseInput(setAvailabilitySchema, { startDate: '2027-01-01', endDate: '2028-12-30', note: '  ok  ' })).toMatchObject({ note: 'ok' });
    expect(parseInput(setAvailabilitySchema, { startDate: '2027-01-01', endDate: '2027-01-01', note: 'x'.repeat(2000) }).note).toHaveLength(2000);
    expect(parseInput(noteSchema, { note: '   ' })).toEqual({ note: null });
    expect(parseInput(noteSchema, {})).toEqual({ note: null });
    expect(parseInput(appraiseSchema, { rating: 1 })).toEqual({ rating: 1, comment: null });
    expect(parseInput(appraiseSchema, { rating: 5, comment: ' fine ' })).toEqual({ rating: 5, comment: 'fine' });
    expect(parseInput(declareInterestSchema, { party: ' Séléka ' })).toEqual({ country: null, party: 'Séléka', note: null });
    expect(parseInput(declareInterestSchema, { country: 'GN' })).toEqual({ country: 'GN', party: null, note: null });
    expect(parseInput(expertFilterSchema, {})).toEqual({ expertise: [], languages: [] });
    expect(
      parseInput(expertFilterSchema, {
        expertise: [{ area: 'A' }, { area: 'B', minLevel: 4 }],
        languages: [{ code: 'fr' }, { code: 'en', minProficiency: 'NATIVE' }],
        availableFrom: '2027-01-01',
        availableTo: '2028-12-30',
        search: 'x'.repeat(200),
        tier: null,
        gender: 'FEMALE',
        excludeNationality: 'GN',
      }),
    ).toEqual({
      expertise: [
        { area: 'A', minLevel: 1 },
        { area: 'B', minLevel: 4 },
      ],
      languages: [
        { code: 'fr', minProficiency: 'WORKING' },
        { code: 'en', minProficiency: 'NATIVE' },
      ],
      search: 'x'.repeat(200),
      gender: 'FEMALE',
      excludeNationality: 'GN',
      availableFrom: '2027-01-01',
      availableTo: '2028-12-30',
    });
  });
});
