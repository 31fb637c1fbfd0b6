// Offer deadlines (server/domain/deadlines.ts, docs/api.md "Deadlines" and offerAssignment) and the
// outbox's retry schedule (server/domain/delivery.ts, docs/api.md "Notifications"): exact values at
// every boundary the docs name.
import { describe, expect, it } from 'vitest';
import { respondByFor } from '../../server/domain/deadlines.js';
import { afterFailure, LEASE_MS, MAX_ATTEMPTS, MAX_BACKOFF_MS, retryDelayMs } from '../../server/domain/delivery.js';
import { InvalidInputError } from '../../server/domain/errors.js';

const NOW = new Date('2027-03-10T12:00:00.000Z');
const FIELD = ['input', 'respondBy'] as const;

/** The InvalidInputError that `run` throws (fails the test when it throws nothing or something else). */
function refusal(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected a refusal');
}

describe('respondByFor', () => {
  it('defaults to now + the TTL in hours, as an ISO instant', () => {
    expect(respondByFor(undefined, NOW, 24, FIELD)).toBe('2027-03-11T12:00:00.000Z');
    expect(respondByFor(null, NOW, 1, FIELD)).toBe('2027-03-10T13:00:00.000Z');
    expect(respondByFor(null, NOW, 0.5, FIELD)).toBe('2027-03-10T12:30:00.000Z');
  });

  it('keeps a future instant, normalised to UTC with milliseconds', () => {
    expect(respondByFor('2027-03-10T12:00:00.001Z', NOW, 24, FIELD)).toBe('2027-03-10T12:00:00.001Z');
    expect(respondByFor('2027-03-12T09:30:00+02:00', NOW, 24, FIELD)).toBe('2027-03-12T07:30:00.000Z');
  });

  it('refuses now itself and the past, naming the field', () => {
    for (const past of ['2027-03-10T12:00:00.000Z', '2027-03-10T11:59:59.999Z', '2020-01-01T00:00:00Z']) {
      const error = refusal(() => respondByFor(past, NOW, 24, FIELD));
      expect([error.field, error.message]).toEqual([FIELD, 'respondBy: must be in the future']);
    }
  });

  it('refuses what is not an instant, naming the field it is given', () => {
    for (const bad of ['tomorrow', '', '2027-13-45T00:00:00Z']) {
      const error = refusal(() => respondByFor(bad, NOW, 24, ['input', 'offers', 2, 'respondBy']));
      expect([error.field, error.message]).toEqual([['input', 'offers', 2, 'respondBy'], 'respondBy: not an ISO 8601 instant']);
    }
  });
});

describe('the outbox retry schedule', () => {
  it('has the documented limits', () => {
    expect([MAX_ATTEMPTS, LEASE_MS, MAX_BACKOFF_MS]).toEqual([8, 60_000, 3_600_000]);
  });

  it('waits base × 2^(n−1) after the n-th failure, at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000]);
    expect(retryDelayMs(1, 5000)).toBe(5000);
    expect(retryDelayMs(12, 1000)).toBe(2_048_000);
    expect(retryDelayMs(13, 1000)).toBe(MAX_BACKOFF_MS); // 4,096,000 capped
    expect(retryDelayMs(3, 900_000)).toBe(MAX_BACKOFF_MS); // exactly an hour
    expect(retryDelayMs(4, 900_000)).toBe(MAX_BACKOFF_MS);
  });

  it('refuses an attempt number that is not a whole number ≥ 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => retryDelayMs(bad, 1000)).toThrow(new RangeError(`attempts must be a whole number ≥ 1, got ${bad}`));
    }
  });

  it('gives up after the 8th failed attempt', () => {
    expect([1, 2, 7, 8, 9].map(afterFailure)).toEqual(['RETRYING', 'RETRYING', 'RETRYING', 'DEAD', 'DEAD']);
  });
});
