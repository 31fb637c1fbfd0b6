// Deterministic randomness, the one seeded PRNG of the repository, shared by the demo roster generator (seed/) and the year simulation
// (server/domain/simulation/): a small seeded PRNG (mulberry32) with the draws both need, and a
// hash of a few numbers and strings to one uniform draw, for decisions that must come out the
// same whatever else was drawn before (an expert declining a given request under every policy).

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

/** A uniform draw in [0, 1) that depends only on `parts` (32-bit FNV-1a, then a murmur3 finaliser). */
export function hashUniform(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A standard normal draw from two uniforms (Box–Muller). */
export function normalFrom(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}
