// Offer deadlines (docs/api.md, "Deadlines"): when an offer stops waiting for its answer.
import { InvalidInputError, type InputPath } from './errors.js';

/**
 * The offer's respondBy as an ISO instant: the one given, which must be in the future, or now +
 * `ttlHours`. BAD_USER_INPUT on `field` for a past or unreadable instant.
 */
export function respondByFor(given: string | null | undefined, now: Date, ttlHours: number, field: InputPath): string {
  if (given == null) return new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
  const at = new Date(given);
  if (Number.isNaN(at.getTime())) throw new InvalidInputError(field, 'respondBy: not an ISO 8601 instant');
  if (at.getTime() <= now.getTime()) throw new InvalidInputError(field, 'respondBy: must be in the future');
  return at.toISOString();
}
