// fast-check generators of malformed mutation inputs. Each generated case carries the error codes
// it may answer: every case is invalid by construction (one corruption of an otherwise valid input,
// a row that does not exist, a state that refuses the change, or a token of the wrong role), so a
// success would be a bug, and so would any code outside its set.
import fc from 'fast-check';
import { AREAS } from '../../seed/types.js';

export type Code = 'INVALID_JSON_BODY' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'GRAPHQL_VALIDATION_FAILED' | 'GRAPHQL_PARSE_FAILED';
export type TokenKind = 'admin' | 'coordinator' | 'anonymous' | 'requester' | 'requester2' | 'expertSelf' | 'expertOther';

export type Category =
  | 'wrong type'
  | 'null or missing'
  | 'unknown field'
  | 'unknown code'
  | 'bad date'
  | 'out of range'
  | 'huge string'
  | 'unicode'
  | 'bad id'
  | 'nonexistent row'
  | 'deleted row'
  | 'refused state'
  | 'wrong role';

export interface Case {
  category: Category;
  label: string;
  input: unknown;
  token: TokenKind;
  expect: Code[];
  /** True when the input fails GraphQL coercion (before any resolver runs). */
  coercion: boolean;
}

/** Rows made before the fuzz runs (see bad-input.test.ts); global ids. */
export interface World {
  expert: string;
  expertEmail: string;
  expert2: string;
  expert2Email: string;
  deletedExpert: string;
  token: string;
  deletedToken: string;
  requestSubmitted: string;
  roleSubmitted: string;
  requestStaffing: string;
  roleStaffing: string;
  requestCancelled: string;
  roleCancelled: string;
  requestCompleted: string;
  requestIncomplete: string;
  deletedRequest: string;
  deletedRole: string;
  assignmentOffered: string;
  assignmentDeclined: string;
  assignmentCompleted: string;
  deletedAssignment: string;
  /** A declared interest of `expert` (country SN, party "Fuzz Front"), and one that was deleted. */
  interest: string;
  deletedInterest: string;
  /** A webhook that was created and deleted. */
  deletedWebhook: string;
  /** An idempotency key already used by ADMIN for a request titled `keyedTitle`. */
  usedKey: string;
  keyedTitle: string;
  today: string;
  addDays(day: string, n: number): string;
}

export const BAD = ['BAD_USER_INPUT'] as Code[];
/** What a malformed literal in the document itself may answer (GraphQL validation, before execution). */
export const DOCUMENT_CODES: Code[] = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'];

// ---------------------------------------------------------------------------------------------
// Strings

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const BIDI = ['\u202e', '\u202d', '\u200f', '\u200e', '\u2067', '\u2069'];
const COMBINING = ['\u0301', '\u0308', '\u0327', '\u20dd', '\u0489'];
const ASTRAL = ['👩🏽‍⚖️', '𝔘𝔫𝔦', '🇬🇳', '𓀀'];
const SCRIPTS = ['مفاوضات السلام', 'שלום', 'переговоры', '和平', 'Ñandú', 'Zoë', 'e\u0301', 'ǅ', 'ß', 'İ'];
const LONE = ['\ud800', '\udbff', '\udc00', '\udfff'];
const CONTROL = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f'];

/** Text that is valid content for a name or a note: a letter plus unicode oddities, no control characters. */
export const oddText = (max = 60): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...ZERO_WIDTH, ...BIDI, ...COMBINING, ...ASTRAL, ...SCRIPTS), fc.string({ maxLength: 6 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s))), {
      maxLength: 6,
    })
    .map((parts) => `N${parts.join('')}`.slice(0, max))
    // A cut may split a surrogate pair, and a lone surrogate is not valid content.
    .filter((s) => s.trim().length > 0 && s.length <= max && !hasLoneSurrogate(s));

/** `base` with a lone UTF-16 surrogate inside: no UTF-8 form, so PostgreSQL cannot store it. */
export const withLoneSurrogate = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(base, fc.constantFrom(...LONE), fc.nat()).map(([s, c, at]) => {
    const i = 1 + (at % Math.max(1, s.length));
    const cut = /[\ud800-\udbff]/.test(s[i - 1] ?? '') ? i - 1 : i;
    return `${s.slice(0, cut)}${c}z${s.slice(cut)}`;
  });

/** A string longer than `max` (up to ~100 KB), made of repeated unicode pieces. */
export const hugeString = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('x', 'é', '\u200b', '👩🏽‍⚖️', 'مفاوضات ', 'e\u0301', '\ud800'), fc.integer({ min: max + 1, max: Math.max(max + 1, 100_000) }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length))
    .filter((s) => s.normalize('NFC').trim().length > max);

/** `base` with a control character (NUL included) inside it: between two letters, where no trim removes it. */
export const withControl = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(base, fc.constantFrom(...CONTROL), fc.nat()).map(([s, c, at]) => {
    const i = 1 + (at % Math.max(1, s.length));
    return `${s.slice(0, i)}${c}${s.slice(i)}z`;
  });

// ---------------------------------------------------------------------------------------------
// Values of the wrong JSON type for each GraphQL input type

export const notAString = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant({}), fc.constant([1]), fc.constant({ value: 'x' }));
export const notAnInt = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e300, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant({}),
  fc.constant([1, 2]),
);
export const notABoolean = fc.oneof(fc.constantFrom('true', 'false', 1, 0, 'yes'), fc.constant({}), fc.constant([true, false]));
/** A list given where a list is expected but whose items have the wrong type (a lone scalar of the item type would be accepted). */
export const notAStringList = fc.oneof(fc.integer(), fc.boolean(), fc.constant({}), fc.constant([1]), fc.constant([null]), fc.constant(['FR', 2]), fc.constant([['FR']]));
export const notAnObjectList = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant([1]), fc.constant([null]), fc.constant([{}]), fc.constant([[{}]]));
export const notAnEnum = (values: readonly string[]) =>
  fc.oneof(
    fc.string({ maxLength: 12 }).filter((s) => !values.includes(s)),
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
    fc.constantFrom(...values).map((v) => `${v}\u200b`),
    fc.integer(),
    fc.boolean(),
    fc.constant({}),
  );

// ---------------------------------------------------------------------------------------------
// Codes, dates and ids that parse as strings but mean nothing

const KNOWN_AREAS: readonly string[] = AREAS;
export const badCountry = fc.oneof(
  fc.constantFrom('XX', 'ZZ', 'gn', 'Gn', 'G', 'GNQ', 'GIN', '', ' GN', 'GN ', 'G\u200bN', 'ＧＮ', 'G\u0301N', 'UK', 'EU', '\u202eNG'),
  fc.string({ minLength: 3, maxLength: 8 }),
);
export const badLanguage = fc.oneof(fc.constantFrom('xx', 'FR', 'Fr', 'fre', 'fra', 'f', '', 'e\u0301n', 'en-GB', 'ｆｒ', 'fr\u0000'), fc.string({ minLength: 3, maxLength: 8 }));
export const badArea = fc.oneof(
  fc.constantFrom('process_design', 'ASTROLOGY', '', 'PROCESS_DESIGN ', 'PROCESS\u200bDESIGN', 'PROCESS_DESIGN\u0000'),
  fc.string({ maxLength: 30 }).filter((s) => !KNOWN_AREAS.includes(s)),
);
export const badTimeZone = fc.oneof(
  fc.constantFrom('Mars/Olympus_Mons', 'UTC+3', 'GMT+5', 'Europe/Pariss', 'europe/paris\u200b', '', 'Europe/Paris\u0000', '../../etc/passwd', 'Africa/Dakar '),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `Nowhere/${s}`),
);
export const badEmail = fc.oneof(
  fc.constantFrom('no-at-sign', 'a@', '@example.org', 'a b@example.org', 'a@@example.org', '', 'a@example', 'nadia\u0000@example.org', 'nadia\ud800@example.org', 'nadia@exam\udc00ple.org', '<script>@x.y'),
  fc.string({ maxLength: 30 }).filter((s) => !s.includes('@')),
  hugeString(254).map((s) => `${s}@example.org`),
);
export const badDay = fc.oneof(
  // Real-looking days that do not exist, or out of the 1900–2999 range.
  fc.constantFrom('2027-02-30', '2027-02-29', '2027-13-01', '2027-00-10', '2027-04-31', '1899-12-31', '3000-01-01', '0000-01-01', '9999-12-31'),
  // Not YYYY-MM-DD at all.
  fc.constantFrom('2027-1-1', '27-01-01', '2027/01/01', '01-02-2027', '2027-01-01T00:00:00Z', ' 2027-01-01', '2027-01-01 ', '２０２７-01-01', '2027-01-0\u0661', '', 'today', '+02027-01-01'),
  fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
);

/** Base64url global ids that decode to garbage, the wrong type, or no uuid. */
export function badId(world: World, type: string): fc.Arbitrary<unknown> {
  const others = [world.expert, world.token, world.requestSubmitted, world.roleSubmitted, world.assignmentOffered].filter(
    (id) => !Buffer.from(id, 'base64url').toString('utf8').startsWith(`${type}:`),
  );
  return fc.oneof(
    fc.constantFrom(...others),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', 'null', '0', '-1', `${type}:00000000-0000-4000-8000-000000000000`, '\u202e\u200b', 'A'.repeat(500)),
    fc.uuid().map((u) => Buffer.from(`${type}:${u.slice(0, 30)}`).toString('base64url')),
    fc.uuid().map((u) => Buffer.from(`${type.toLowerCase()}:${u}`).toString('base64url')),
    fc.uuid().map((u) => Buffer.from(`${type}:${u}'; drop table experts; --`).toString('base64url')),
    fc.integer(),
  );
}

export function missingId(world: World, type: string, deleted: string): fc.Arbitrary<{ id: string; category: Category }> {
  return fc.oneof(
    fc.uuid().map((u) => ({ id: Buffer.from(`${type}:${u}`).toString('base64url'), category: 'nonexistent row' as Category })),
    fc.constant({ id: deleted, category: 'deleted row' as Category }),
  );
}

// ---------------------------------------------------------------------------------------------
// Field specifications and the corruption of one field

type SpecKind =
  | { t: 'text'; max: number; control?: boolean; blank?: boolean }
  | { t: 'country' }
  | { t: 'language' }
  | { t: 'area' }
  | { t: 'timeZone' }
  | { t: 'email' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'date' }
  | { t: 'int'; min?: number; max?: number }
  | { t: 'bool' }
  | { t: 'id'; type: string }
  | { t: 'list'; of: Spec; unique?: boolean; valid: () => unknown[] }
  | { t: 'objects'; fields: Record<string, Spec>; valid: () => Record<string, unknown> };
/** What an input field accepts; `required` fields are non-null in the schema. */
export type Spec = SpecKind & { required?: boolean };

interface Bad {
  value: unknown;
  category: Category;
  coercion: boolean;
  label: string;
}

const bad = (arb: fc.Arbitrary<unknown>, category: Category, coercion: boolean, label: string): fc.Arbitrary<Bad> =>
  arb.map((value) => ({ value, category, coercion, label }));

/** Values that `spec` must refuse with BAD_USER_INPUT. */
export function invalidFor(spec: Spec, world: World): fc.Arbitrary<Bad> {
  const options: fc.Arbitrary<Bad>[] = [];
  const required = spec.required === true;
  if (required) options.push(bad(fc.constant(null), 'null or missing', true, 'null for a required field'));
  switch (spec.t) {
    case 'text':
      options.push(bad(notAString, 'wrong type', true, 'not a string'));
      options.push(bad(hugeString(spec.max), 'huge string', false, `over ${spec.max} characters`));
      if (spec.control) options.push(bad(withControl(oddText()), 'unicode', false, 'a control character'));
      options.push(bad(withLoneSurrogate(oddText()), 'unicode', false, 'a lone surrogate'));
      if (spec.blank) options.push(bad(fc.constantFrom('', ' ', '\t\n', '\u00a0\u2003'), 'out of range', false, 'blank'));
      break;
    case 'country':
      options.push(bad(notAString, 'wrong type', true, 'not a string'), bad(badCountry, 'unknown code', false, 'not a country code'));
      break;
    case 'language':
      options.push(bad(notAString, 'wrong type', true, 'not a string'), bad(badLanguage, 'unknown code', false, 'not a language code'));
      break;
    case 'area':
      options.push(bad(notAString, 'wrong type', true, 'not a string'), bad(badArea, 'unknown code', false, 'not an expertise area'));
      break;
    case 'timeZone':
      options.push(bad(notAString, 'wrong type', true, 'not a string'), bad(badTimeZone, 'unknown code', false, 'not an IANA time zone'));
      break;
    case 'email':
      options.push(bad(notAString, 'wrong type', true, 'not a string'), bad(badEmail, 'out of range', false, 'not an email'));
      break;
    case 'enum':
      options.push(bad(notAnEnum(spec.values), 'unknown code', true, 'not an enum value'));
      break;
    case 'date':
      options.push(bad(badDay, 'bad date', true, 'not a calendar day'), bad(fc.oneof(fc.integer(), fc.boolean(), fc.constant({})), 'wrong type', true, 'not a string'));
      break;
    case 'int':
      options.push(bad(notAnInt, 'wrong type', true, 'not an Int'));
      if (spec.min !== undefined) options.push(bad(fc.integer({ min: -(2 ** 31), max: spec.min - 1 }), 'out of range', false, `below ${spec.min}`));
      if (spec.max !== undefined) options.push(bad(fc.integer({ min: spec.max + 1, max: 2 ** 31 - 1 }), 'out of range', false, `above ${spec.max}`));
      break;
    case 'bool':
      options.push(bad(notABoolean, 'wrong type', true, 'not a Boolean'));
      break;
    case 'id':
      options.push(bad(badId(world, spec.type), 'bad id', false, `not a ${spec.type} id`));
      options.push(bad(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)), fc.boolean(), fc.constant({}), fc.constant(['x'])), 'wrong type', true, 'not an ID'));
      break;
    case 'list': {
      options.push(bad(notAStringList, 'wrong type', true, 'not a list of strings'));
      options.push(
        invalidFor(spec.of, world).map((b) => {
          const list = [...spec.valid()];
          list.splice(list.length ? 1 : 0, 0, b.value);
          // null inside a [String!] list fails coercion like null for a required field.
          return { ...b, value: list, coercion: b.coercion || b.value === null, label: `list item: ${b.label}` };
        }),
      );
      if (spec.unique) options.push(bad(fc.constant(null).map(() => [...spec.valid(), ...spec.valid()]), 'out of range', false, 'duplicate entries'));
      break;
    }
    case 'objects': {
      options.push(bad(notAnObjectList, 'wrong type', true, 'not a list of objects'));
      const keys = Object.keys(spec.fields);
      options.push(
        fc.constantFrom(...keys).chain((key) =>
          invalidFor(spec.fields[key]!, world).map((b) => {
            const item = { ...spec.valid(), [key]: b.value };
            return { ...b, value: [spec.valid(), item], label: `item.${key}: ${b.label}` };
          }),
        ),
      );
      options.push(
        fc.constantFrom(...keys.filter((k) => spec.fields[k]!.required)).map((key) => {
          const item: Record<string, unknown> = { ...spec.valid() };
          delete item[key];
          return { value: [item], category: 'null or missing' as Category, coercion: true, label: `item.${key} missing` };
        }),
      );
      options.push(bad(fc.constant([{ ...spec.valid(), nickname: 'x' }]), 'unknown field', true, 'unknown field in an item'));
      break;
    }
  }
  return fc.oneof(...options);
}

/** One corruption of a valid input: a bad value for one field, a missing required one, an unknown one, or a bad input as a whole. */
export function corrupt(valid: () => Record<string, unknown>, specs: Record<string, Spec>, world: World): fc.Arbitrary<Omit<Case, 'token' | 'expect'>> {
  const keys = Object.keys(specs);
  const requiredKeys = keys.filter((k) => specs[k]!.required);
  type Shape = Omit<Case, 'token' | 'expect'>;
  const options: { arbitrary: fc.Arbitrary<Shape>; weight: number }[] = [];
  const add = (arbitrary: fc.Arbitrary<Shape>, weight = 1) => options.push({ arbitrary, weight });
  // Most cases spoil one field; the rest spoil the input's shape.
  add(
    fc.constantFrom(...keys).chain((key) =>
      invalidFor(specs[key]!, world).map((b) => ({ category: b.category, label: `${key}: ${b.label}`, input: { ...valid(), [key]: b.value }, coercion: b.coercion })),
    ),
    8,
  );
  for (const arbitrary of [
    fc.tuple(fc.oneof(fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,11}$/), fc.constantFrom('__proto__', 'constructor', 'id', 'version')).filter((k) => !keys.includes(k)), fc.jsonValue()).map(([k, v]) => ({
      category: 'unknown field' as Category,
      label: `unknown field ${k}`,
      input: { ...valid(), [k]: v ?? 1 },
      coercion: true,
    })),
    fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.constant([{}])).map((input) => ({
      category: 'wrong type' as Category,
      label: 'input is not an object',
      input,
      coercion: true,
    })),
  ])
    add(arbitrary);
  if (requiredKeys.length) {
    add(
      fc.constantFrom(...requiredKeys).map((key) => {
        const input = valid();
        delete input[key];
        return { category: 'null or missing' as Category, label: `${key} missing`, input, coercion: true };
      }),
    );
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// GraphQL literals, to send an input inline in the document rather than as a variable

const ENUM_KEYS = new Set(['tier', 'gender', 'role', 'status', 'mode', 'proficiency', 'events']);

export function literal(value: unknown, key = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return ENUM_KEYS.has(key) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, key)).join(', ')}]`;
  return `{ ${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(k) ? k : '_bad'}: ${literal(v, k)}`)
    .join(', ')} }`;
}

export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value && typeof value === 'object') return Object.values(value).some(hasLoneSurrogate);
  return false;
}
