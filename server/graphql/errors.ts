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
    // Variable coercion failures (a scalar's own parse error) are the caller's input, not our fault.
    const coercion = gql && !gql.path && gql.message.startsWith('Variable "$');
    if (gql && (!gql.originalError || isGraphQLError(original) || coercion)) {
      // Parse, validation and coercion errors: keep them; codes are added by useErrorCodes.
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

/**
 * Turns graphql-js's 'at "input.roles[0].minLevel"' into ['input', 'roles', 0, 'minLevel'], and
 * 'at "input.roles[0]"; Field "expertise" of required type "String!" was not provided.' into
 * ['input', 'roles', 0, 'expertise'].
 */
export function inputPathOf(message: string): (string | number)[] | undefined {
  const variable = /^Variable "\$([^"]+)"/.exec(message);
  if (!variable) return undefined;
  const at = /\bat "([^"]+)"/.exec(message);
  const path = at ? at[1]! : variable[1]!;
  const out: (string | number)[] = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(part[2] !== undefined ? Number(part[2]) : part[1]!);
  if (out[0] !== variable[1]) out.unshift(variable[1]!);
  // A missing or unknown field of an input object is reported at the object; name the field itself.
  const field = /; Field "([^"]+)" (?:of required type "[^"]*" was not provided|is not defined by type)/.exec(message);
  if (field) out.push(field[1]!);
  return out;
}

/** Gives every error a code: coercion failures are BAD_USER_INPUT with the input path. */
export function codeFor(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  const field = inputPathOf(error.message);
  if (field) return withCode(error, error.message, { code: 'BAD_USER_INPUT', field });
  if (/^(Expected value of type|Expected type|Int cannot represent|String cannot represent|Enum ")/.test(error.message)) {
    return withCode(error, error.message, { code: 'BAD_USER_INPUT' });
  }
  return withCode(error, error.message, { code: 'GRAPHQL_VALIDATION_FAILED' });
}
