// Scalars and closed sets shared by every type (docs/api.md, "Scalars and codes").
import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';
import { isIsoDay, parseTimestamp } from '../../domain/dates.js';

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

export const RoleEnum = builder.enumType('Role', {
  description: 'What a token may do.',
  values: {
    ADMIN: { description: 'Everything, including issuing tokens.' },
    COORDINATOR: { description: 'Mediation support staff: roster, requests, proposals, offers, approval, reports.' },
    REQUESTER: { description: 'Envoys, missions and regional offices: create and read their own requests.' },
    EXPERT: { description: 'A roster member: own profile, availability and offers.' },
  } as const,
});

export const RosterTierEnum = builder.enumType('RosterTier', {
  values: {
    STANDBY_TEAM: { description: 'Full-time Standby Team member, deployable within 72 hours.' },
    ROSTER: { description: 'Member of the wider roster of mediation professionals.' },
  } as const,
});

export const GenderEnum = builder.enumType('Gender', { values: ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED'] as const });

export const ProficiencyEnum = builder.enumType('Proficiency', {
  description: 'Language proficiency, ordered BASIC < WORKING < FLUENT < NATIVE.',
  values: ['BASIC', 'WORKING', 'FLUENT', 'NATIVE'] as const,
});

export const DeploymentModeEnum = builder.enumType('DeploymentMode', {
  values: {
    IN_PERSON: { description: 'On site; needs valid security training and medical clearance.' },
    REMOTE: { description: 'Remote analysis support.' },
    HYBRID: { description: 'Partly on site; the in-person rules apply.' },
  } as const,
});

export const PROFICIENCY_ORDER = ['BASIC', 'WORKING', 'FLUENT', 'NATIVE'] as const;
