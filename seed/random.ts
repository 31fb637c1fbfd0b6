// Deterministic randomness for the seed: the domain's seeded PRNG (server/domain/random.ts), ids
// hashed from (seed, kind, index) so that a row keeps its id whatever else the generator draws,
// and calendar-day arithmetic on 'YYYY-MM-DD' strings.
import { createHash } from 'node:crypto';

export { Rng } from '../server/domain/random.js';

/** A v4-shaped UUID derived from the generator seed, a row kind and its index. */
export function seededUuid(seed: number, kind: string, index: number): string {
  const bytes = createHash('sha256').update(`standby-seed:${seed}:${kind}:${index}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const MS_PER_DAY = 86_400_000;

export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

export function dayString(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A timestamp on day `n` at `minutes` past midnight UTC, as PostgreSQL reads it. */
export function timestampOn(n: number, minutes: number): string {
  return new Date(n * MS_PER_DAY + minutes * 60_000).toISOString();
}
