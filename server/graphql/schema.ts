// The GraphQL schema: importing each type file registers its types, queries and mutations.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './types/common.js';
import './types/expert.js';
import './types/expertMutations.js';
import './types/token.js';
import './types/request.js';
import './types/requestLifecycle.js';
import './types/assignment.js';
import './types/audit.js';
import './types/reports.js';
import './types/calendar.js';
import './types/proposal.js';
import './types/appraisal.js';
import './types/interest.js';
import './types/notifications.js';
import './types/webhook.js';

export const schema = builder.toSchema();

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
