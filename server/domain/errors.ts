// The errors the service raises on purpose. Domain and data code throw these; the GraphQL layer
// maps each class to one `extensions.code` in one place (server/graphql/errors.ts).

export type InputPath = readonly (string | number)[];

const BRAND = Symbol.for('standby.error');

export abstract class StandbyError extends Error {
  abstract readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';
  readonly [BRAND] = true;
  override name = this.constructor.name;
}

/** Brand check rather than instanceof: it holds even if a bundler or test runner loads this module twice. */
export function isStandbyError(value: unknown): value is StandbyError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Invalid input; `field` is the input path, e.g. ['input', 'endDate']. */
export class InvalidInputError extends StandbyError {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(
    readonly field: InputPath,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends StandbyError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    message: string,
    readonly field?: InputPath,
  ) {
    super(message);
  }
}

/** Double booking, a stale version, a reused idempotency key, or a transition the state machine forbids. */
export class ConflictError extends StandbyError {
  readonly code = 'CONFLICT' as const;
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends StandbyError {
  readonly code = 'FORBIDDEN' as const;
  constructor(
    message = 'Your role may not do this.',
    /** Why, where a client acts on it (a one-tap link: LINK_INVALID, LINK_USED, LINK_EXPIRED). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export class UnauthenticatedError extends StandbyError {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor(message = 'Send a valid token: Authorization: Bearer <token>.') {
    super(message);
  }
}
