// Deterministic randomness: mulberry32, the one seeded PRNG of the repository (the seed, the
// matching benchmark's rosters and the crash test draw from it), the draws the seed generator
// needs, and ids hashed from (seed, kind, index) so that a row keeps its id whatever else the
// generator draws.
import { createHash } from 'node:crypto';

/** A small PRNG with 32-bit state: fast, seedable, good enough for test data. Floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An integer in lo..hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (!xs.length) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** Weighted choice over [value, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [value, w] of pairs) {
      x -= w;
      if (x < 0) return value;
    }
    return pairs[pairs.length - 1]![0];
  }

  /** `k` distinct items, each drawn with probability proportional to its weight (Efraimidis–Spirakis). */
  sampleWeighted<T>(items: readonly T[], k: number, weight: (item: T) => number): T[] {
    const keyed: { item: T; key: number }[] = [];
    for (const item of items) {
      const w = weight(item);
      if (w > 0) keyed.push({ item, key: -Math.log(1 - this.next()) / w });
    }
    keyed.sort((a, b) => a.key - b.key);
    return keyed.slice(0, k).map((x) => x.item);
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }

  /** A fresh 32-bit seed, for a sub-generator (faker) that keeps its own state. */
  seed(): number {
    return Math.floor(this.next() * 4294967296);
  }
}

/** A v4-shaped UUID derived from the generator seed, a row kind and its index. */
export function seededUuid(seed: number, kind: string, index: number): string {
  const bytes = createHash('sha256').update(`standby-seed:${seed}:${kind}:${index}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
