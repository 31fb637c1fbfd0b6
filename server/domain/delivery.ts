// The delivery rules of the outbox (docs/api.md, "Notifications"): how long to wait before the next
// attempt, and when to give up. Pure, so that the worker and the tests share one statement of them.

/** At most this many attempts; a message that fails them all is DEAD. */
export const MAX_ATTEMPTS = 8;

/** A claimed message is leased for this long by default (OUTBOX_LEASE_MS): a crash mid-delivery leaves it due again after it. */
export const LEASE_MS = 60_000;

/** The longest wait between two attempts. */
export const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Exponential backoff: after the n-th failed attempt (n ≥ 1) wait base × 2^(n-1), at most an hour.
 * `base` is JOB_INTERVAL_MS, so the first retry comes at the worker's next look.
 */
export function retryDelayMs(attempts: number, baseMs: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a whole number ≥ 1, got ${attempts}`);
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempts - 1));
}

/** What becomes of a message whose attempt number `attempts` failed. */
export function afterFailure(attempts: number): 'RETRYING' | 'DEAD' {
  return attempts >= MAX_ATTEMPTS ? 'DEAD' : 'RETRYING';
}
