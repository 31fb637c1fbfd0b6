// Validation of mutation inputs beyond what GraphQL types already enforce. Each rule names the
// input path of the first offending field, so that clients can point at it (docs/api.md, Errors).
import { z } from 'zod';
import { isCountryCode, isLanguageCode } from './codes.js';
import { daysInclusive, isValidTimeZone, dayNumber } from './dates.js';
import { InvalidInputError, type InputPath } from './errors.js';
import type { Gender, Proficiency, RosterTier } from '../../schema/index.js';
import { partyKey } from './interests.js';

export const LIMITS = {
  nameLength: 200,
  emailLength: 254,
  noteLength: 2000,
  titleLength: 300,
  idempotencyKeyLength: 200,
  codesPerList: 250,
  languagesPerExpert: 30,
  availabilityRangeDays: 730,
  requestRangeDays: 366,
  searchLength: 200,
  seatsPerRequest: 12,
  maxDeploymentDaysPerYear: 366,
  partyLength: 200,
  partiesPerRequest: 20,
} as const;

// Control characters other than tab/newline have no place in names or notes.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// A lone UTF-16 surrogate has no UTF-8 form: PostgreSQL refuses it in text and in jsonb (a fault, not bad input, if it got that far).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const text = (max: number, what: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => s.length > 0, `${what} must not be empty`)
    .refine((s) => s.length <= max, `${what} must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), `${what} must not contain control characters`)
    .refine((s) => !LONE_SURROGATE.test(s), `${what} must be well-formed Unicode (a lone surrogate is not)`);

interface RangeRule {
  /** At most this many days, both ends included. */
  maxDays?: number;
  /** Both days or neither. */
  together?: boolean;
  /** What the range is, for the message: "a request may span at most 366 days". */
  noun?: string;
}

/** A range of days given as two fields: in order, and as long and as complete as `rule` asks. */
function checkRange(from: string | null, to: string | null, [fromKey, toKey]: [string, string], rule: RangeRule, ctx: z.RefinementCtx): void {
  if (rule.together && (from === null) !== (to === null)) {
    const missing = from === null ? fromKey : toKey;
    ctx.addIssue({ code: 'custom', path: [missing], message: `give ${fromKey} and ${toKey} together` });
  } else if (from !== null && to !== null) {
    if (to < from) ctx.addIssue({ code: 'custom', path: [toKey], message: `must not be before ${fromKey}` });
    else if (rule.maxDays !== undefined && daysInclusive(from, to) > rule.maxDays) {
      ctx.addIssue({ code: 'custom', path: [toKey], message: `${rule.noun ?? 'a range'} may span at most ${rule.maxDays} days` });
    }
  }
}

/** Checks the days `values[from]..values[to]` of a query's arguments (or under `root`); BAD_USER_INPUT naming the field. */
export function checkDayRange(values: Record<string, string | null | undefined>, keys: [string, string], rule: RangeRule, root: InputPath = []): void {
  const schema = z.record(z.string(), z.unknown()).superRefine((_v, ctx) => checkRange(values[keys[0]] ?? null, values[keys[1]] ?? null, keys, rule, ctx));
  parseInput(schema, values, root);
}

const optionalText = (max: number, what: string) =>
  z
    .string()
    .nullish()
    .transform((s) => (s == null ? null : s.normalize('NFC').trim() || null))
    .refine((s) => s === null || s.length <= max, `${what} must be at most ${max} characters`)
    .refine((s) => s === null || !CONTROL.test(s), `${what} must not contain control characters`)
    .refine((s) => s === null || !LONE_SURROGATE.test(s), `${what} must be well-formed Unicode (a lone surrogate is not)`);

/**
 * An IANA time zone name. Luxon alone also takes its own fixed-offset names ("UTC+5"), which are
 * not IANA zones, so the name must also be one that Intl (ICU's copy of the tz database) knows.
 */
function isIanaTimeZone(zone: string): boolean {
  if (!isValidTimeZone(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const country = z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "GN"');
const language = z.string().refine(isLanguageCode, 'must be an ISO 639-1 language code in lower case, e.g. "fr"');

const uniqueList = <T extends z.ZodTypeAny>(item: T, max: number, key: (v: z.infer<T>) => string = String) =>
  z
    .array(item)
    .max(max, `at most ${max} entries`)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((v, i) => {
        const k = key(v);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate entry "${k}"`, path: [i] });
        seen.add(k);
      });
    });

const level = z.number().int().min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5');

/** An email address, as experts and tokens give it. */
export const emailSchema = z
  .string()
  .trim()
  .max(LIMITS.emailLength, `must be at most ${LIMITS.emailLength} characters`)
  .pipe(z.email('must be a valid email address'));

const expertFields = {
  fullName: text(LIMITS.nameLength, 'fullName'),
  email: emailSchema,
  nationalities: uniqueList(country, 10),
  homeTimeZone: z.string().refine(isIanaTimeZone, 'must be an IANA time zone, e.g. "Africa/Conakry"'),
  countryExperience: uniqueList(country, LIMITS.codesPerList),
  maxDeploymentDaysPerYear: z
    .number()
    .int()
    .min(0, `must be between 0 and ${LIMITS.maxDeploymentDaysPerYear}`)
    .max(LIMITS.maxDeploymentDaysPerYear, `must be between 0 and ${LIMITS.maxDeploymentDaysPerYear}`),
  languages: uniqueList(z.object({ code: language, proficiency: z.string() }), LIMITS.languagesPerExpert, (l) => l.code),
  expertise: uniqueList(z.object({ area: z.string(), level }), 50, (e) => e.area),
};

/** The optional `note` of lifecycle and offer mutations. */
export const noteSchema = z.object({ note: optionalText(LIMITS.noteLength, 'note') }).passthrough();

/** True for text PostgreSQL can store and a person could mean: no NUL or other control characters, no lone surrogates. */
export function isPlainText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}

export const createExpertSchema = z.object(expertFields).passthrough();
export const updateExpertSchema = z.object(expertFields).partial().passthrough();

export const setAvailabilitySchema = z
  .object({ note: optionalText(LIMITS.noteLength, 'note') })
  .passthrough()
  .superRefine((input, ctx) => {
    const { startDate, endDate } = input as unknown as { startDate: string; endDate: string };
    checkRange(startDate, endDate, ['startDate', 'endDate'], { maxDays: LIMITS.availabilityRangeDays }, ctx);
  });

const role = z.object({
  expertise: z.string(),
  minLevel: level,
  languages: uniqueList(language, 10),
  count: z.number().int().min(1, 'count must be at least 1').max(LIMITS.seatsPerRequest, `count must be at most ${LIMITS.seatsPerRequest}`),
});

export function createRequestSchema(todayIso: string) {
  return z
    .object({
      title: text(LIMITS.titleLength, 'title'),
      requestingEntity: text(LIMITS.titleLength, 'requestingEntity'),
      country,
      minWomen: z.number().int().min(0, 'minWomen must not be negative'),
      roles: z.array(role).min(1, 'a request needs at least one role'),
      idempotencyKey: optionalText(LIMITS.idempotencyKeyLength, 'idempotencyKey'),
      // Two names that fold to the same key (case, accents, spacing) are the same party.
      parties: uniqueList(text(LIMITS.partyLength, 'party'), LIMITS.partiesPerRequest, partyKey)
        .nullish()
        .transform((list) => list ?? []),
    })
    .passthrough()
    .superRefine((input, ctx) => {
      const { startDate, endDate } = input as unknown as { startDate: string; endDate: string };
      if (dayNumber(startDate) < dayNumber(todayIso)) {
        ctx.addIssue({ code: 'custom', path: ['startDate'], message: `startDate must not be in the past (today is ${todayIso})` });
      }
      checkRange(startDate, endDate, ['startDate', 'endDate'], { maxDays: LIMITS.requestRangeDays, noun: 'a request' }, ctx);
      const seats = input.roles.reduce((n, r) => n + r.count, 0);
      if (seats > LIMITS.seatsPerRequest) {
        ctx.addIssue({ code: 'custom', path: ['roles'], message: `a request has 1–${LIMITS.seatsPerRequest} seats in all, got ${seats}` });
      }
      if (input.minWomen > seats) {
        ctx.addIssue({ code: 'custom', path: ['minWomen'], message: `minWomen (${input.minWomen}) exceeds the ${seats} seats` });
      }
    });
}


/** The roster search filter (Query.experts); every condition optional. Area codes are checked against the database after. */
export const expertFilterSchema = z
  .object({
    expertise: z.array(z.object({ area: z.string(), minLevel: level.nullish().transform((v) => v ?? 1) })).nullish().transform((v) => v ?? []),
    // GraphQL has already checked the enum values; these only drop nulls and apply defaults.
    languages: z
      .array(z.object({ code: language, minProficiency: z.custom<Proficiency>().nullish().transform((v): Proficiency => v ?? 'WORKING') }))
      .nullish()
      .transform((v) => v ?? []),
    tier: z.custom<RosterTier>().nullish().transform((v) => v ?? undefined),
    gender: z.custom<Gender>().nullish().transform((v) => v ?? undefined),
    search: z
      .string()
      .max(LIMITS.searchLength, `at most ${LIMITS.searchLength} characters`)
      // A NUL or a lone surrogate cannot reach PostgreSQL text, and no name holds a control character.
      .refine(isPlainText, 'must not contain control characters')
      .nullish()
      .transform((v) => v ?? undefined),
    excludeNationality: country.nullish().transform((v) => v ?? undefined),
    availableFrom: z.string().nullish().transform((v) => v ?? null),
    availableTo: z.string().nullish().transform((v) => v ?? null),
  })
  .superRefine((f, ctx) => checkRange(f.availableFrom, f.availableTo, ['availableFrom', 'availableTo'], { maxDays: LIMITS.availabilityRangeDays, together: true }, ctx))
  .transform(({ availableFrom, availableTo, ...f }) => ({ ...f, availableFrom: availableFrom ?? undefined, availableTo: availableTo ?? undefined }));

export type ExpertFilter = z.output<typeof expertFilterSchema>;
/** appraiseAssignment: a rating of 1–5 and an optional comment. */
export const appraiseSchema = z
  .object({
    rating: z.number().int().min(1, 'rating must be between 1 and 5').max(5, 'rating must be between 1 and 5'),
    comment: optionalText(LIMITS.noteLength, 'comment'),
  })
  .passthrough();

/** declareInterest: a country (ISO code), a party (free text), or both, and an optional note. */
export const declareInterestSchema = z
  .object({
    country: country.nullish().transform((c) => c ?? null),
    party: text(LIMITS.partyLength, 'party')
      .nullish()
      .transform((p) => p ?? null),
    note: optionalText(LIMITS.noteLength, 'note'),
  })
  .passthrough()
  .superRefine((input, ctx) => {
    if (input.country === null && input.party === null) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'declare a country, a party, or both' });
    }
  });

/** Parses `value` with `schema`, or throws InvalidInputError naming the first bad field under `root`. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, root: InputPath = ['input']): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const inner = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const path = [...root, ...inner];
  // Name the field in the message as a client wrote it, e.g. "languages[1].code" (not just "code" or "1").
  const shown = (inner.length ? inner : root).reduce<string>(
    (text, p) => (typeof p === 'number' ? `${text}[${p}]` : text ? `${text}.${p}` : p),
    '',
  );
  throw new InvalidInputError(path, `${shown}: ${issue.message}`);
}
