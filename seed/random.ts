// Deterministic randomness for the seed: the domain's seeded PRNG (server/domain/random.ts, also drawn
// from by the matching benchmark's rosters and the crash test), and ids hashed from (seed, kind, index)
// so that a row keeps its id whatever else the generator draws.
import { createHash } from 'node:crypto';

export { mulberry32, Rng } from '../server/domain/random.js';

/** A v4-shaped UUID derived from the generator seed, a row kind and its index. */
export function seededUuid(seed: number, kind: string, index: number): string {
  const bytes = createHash('sha256').update(`standby-seed:${seed}:${kind}:${index}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
