// The one place where errors meet the wire. Each error class maps to an `extensions.code`
// (docs/api.md, Errors); anything unexpected is masked as INTERNAL_SERVER_ERROR and logged.
import { GraphQLError } from 'graphql';
import { isStandbyError } from '../domain/errors.js';

export interface ErrorLogger {
  error(obj: unknown, msg?: string): void;
}

/** graphql ships CommonJS and ESM builds; an error from the other build fails instanceof. */
export function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof GraphQLError || (value instanceof Error && value.name === 'GraphQLError' && 'extensions' in value);
}

function withCode(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, ...extensions },
  });
}

export function maskError(logger: ErrorLogger) {
  return (error: unknown): Error => {
    const gql = isGraphQLError(error) ? error : undefined;
    // Walk through wrappers (yoga and graphql-js each may wrap once) to the thrown error.
    let original: unknown = error;
    while (isGraphQLError(original) && original.originalError && !isStandbyError(original)) original = original.originalError;
    if (isStandbyError(original)) {
      const extra: Record<string, unknown> = { code: original.code };
      if ('field' in original && original.field) extra.field = original.field;
      if ('reason' in original && original.reason) extra.reason = original.reason;
      return gql ? withCode(gql, original.message, extra) : new GraphQLError(original.message, { extensions: extra });
    }
    if (gql && (!gql.originalError || isGraphQLError(original))) {
      // Parse, validation, variable and limit errors: keep them; useErrorCodes completes their codes.
      return gql;
    }
    logger.error({ err: withoutParameters(original) }, 'unexpected error in a resolver');
    return new GraphQLError('Unexpected error.', {
      nodes: gql?.nodes,
      path: gql?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/**
 * Drizzle puts a failed query's parameters (names, emails) in the error message; the log keeps the
 * SQL text, the SQLSTATE and the driver's own message, never the values.
 */
export function withoutParameters(error: unknown): unknown {
  if (!(error instanceof Error) || !('params' in error)) return error;
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  const query = (error as { query?: string }).query;
  return { type: error.name, query, sqlState: cause?.code, message: cause?.message ?? 'database error', stack: error.stack?.split('\n').filter((l) => /^\s+at /.test(l)).join('\n') };
}

// graphql-js appends " Did you mean …?" to messages about unknown fields, arguments, types and enum
// values; in production that text would map the schema for anyone guessing names.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Gives every error its wire form. Codes come from where the error was made, never from its text:
 * the service's own errors (maskError), bad variables (variables.ts), the limits (limits.ts), and
 * graphql-yoga's parse (GRAPHQL_PARSE_FAILED) and validation (GRAPHQL_VALIDATION_FAILED) errors
 * carry one; what is left is a request yoga refused before GraphQL (no query, a bad body), which
 * is the client's to fix like a validation error. In production, suggestions are cut.
 */
export function codeFor(error: GraphQLError, production: boolean): GraphQLError {
  const message = production ? error.message.replace(SUGGESTION, '') : error.message;
  if (error.extensions?.code && message === error.message) return error;
  return withCode(error, message, { code: error.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED' });
}
