// Scalars and closed sets shared by every type (docs/api.md, "Scalars and codes"). Each enum's
// values come from its drizzle pgEnum (schema/index.ts), the one source of each closed set.
import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';
import { isIsoDay, parseTimestamp } from '../../domain/dates.js';
import { deploymentModeEnum, genderEnum, proficiencyEnum, languageEnum, roleEnum, rosterTierEnum } from '../../../schema/index.js';

/**
 * A GraphQL enum of a closed set's values, each with its description. The Record makes a value
 * added to the set fail the type check until it is described here.
 */
export function describedEnum<const V extends string>(name: string, values: readonly V[], descriptions: Record<V, string>, description?: string) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v, { description: descriptions[v] }])) as Record<V, { description: string }>,
  });
}

function parseDay(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDay(value)) {
    // A plain error, so that graphql-js adds the input path (variables) or the location (literals).
    throw new TypeError(`Date must be a calendar day written YYYY-MM-DD, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  const year = Number(value.slice(0, 4));
  if (year < 1900 || year > 2999) throw new TypeError(`Date must be between 1900 and 2999, got ${value}`);
  return value;
}

export const DateScalar = builder.scalarType('Date', {
  description: 'A calendar day, `YYYY-MM-DD` (years 1900–2999). A range `startDate..endDate` includes both ends.',
  serialize: (value) => String(value),
  parseValue: parseDay,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Date must be a string, YYYY-MM-DD');
    return parseDay(ast.value);
  },
});

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with offset, e.g. `2026-11-26T09:30:00.000Z`.',
  serialize: (value) => {
    const date = value instanceof Date ? value : parseTimestamp(String(value));
    return date.toISOString();
  },
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new GraphQLError('DateTime must be ISO 8601');
    return value;
  },
});

export const MailLanguageEnum = describedEnum(
  'MailLanguage',
  languageEnum.enumValues,
  { en: 'English.', fr: 'French (français).' },
  'A language the service writes mail and one-tap pages in.',
);

export const RoleEnum = describedEnum(
  'Role',
  roleEnum.enumValues,
  {
    ADMIN: 'Everything, including issuing tokens.',
    COORDINATOR: 'Mediation support staff: roster, requests, proposals, offers, approval, reports.',
    REQUESTER: 'Envoys, missions and regional offices: create and read their own requests.',
    EXPERT: 'A roster member: own profile, availability and offers.',
  },
  'What a token may do.',
);

export const RosterTierEnum = describedEnum('RosterTier', rosterTierEnum.enumValues, {
  STANDBY_TEAM: 'Full-time Standby Team member, deployable within 72 hours.',
  ROSTER: 'Member of the wider roster of mediation professionals.',
});

export const GenderEnum = builder.enumType('Gender', { values: genderEnum.enumValues });

export const ProficiencyEnum = builder.enumType('Proficiency', {
  description: 'Language proficiency, ordered BASIC < WORKING < FLUENT < NATIVE.',
  values: proficiencyEnum.enumValues,
});

export const DeploymentModeEnum = describedEnum('DeploymentMode', deploymentModeEnum.enumValues, {
  IN_PERSON: 'On site; needs valid security training and medical clearance.',
  REMOTE: 'Remote analysis support.',
  HYBRID: 'Partly on site; the in-person rules apply.',
});
