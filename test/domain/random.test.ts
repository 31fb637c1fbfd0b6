// The repository's one seeded PRNG (server/domain/random.ts): mulberry32's published outputs, the
// draws built on it, the order-free hash and Box–Muller.
import { describe, expect, it } from 'vitest';
import { hashUniform, mulberry32, normalFrom, Rng } from '../../server/domain/random.js';

describe('mulberry32', () => {
  it('gives the reference outputs for seed 1', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('stays in [0, 1) and repeats for the same seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(mulberry32(8)()).not.toBe(mulberry32(7)());
  });
});

describe('Rng', () => {
  it('draws the same sequence for a seed', () => {
    const r = new Rng(42);
    expect([r.int(1, 6), r.int(1, 6), r.chance(0.5), r.pick(['a', 'b', 'c']), r.weighted([['x', 1], ['y', 3]] as const)]).toEqual([4, 3, false, 'c', 'x']);
    expect(r.sampleWeighted([1, 2, 3, 4, 5], 3, (x) => x)).toEqual([5, 2, 3]);
    expect(r.shuffle([1, 2, 3, 4, 5])).toEqual([5, 1, 3, 4, 2]);
    expect(r.seed()).toBe(847198783);
  });

  it('keeps every draw in its range', () => {
    const r = new Rng(3);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(-2, 2);
      expect(Number.isInteger(n) && n >= -2 && n <= 2).toBe(true);
      ints.add(n);
      expect(['a', 'b']).toContain(r.pick(['a', 'b']));
      const s = r.seed();
      expect(Number.isInteger(s) && s >= 0 && s < 4294967296).toBe(true);
    }
    expect([...ints].sort()).toEqual([-1, -2, 0, 1, 2]);
    expect(() => r.pick([])).toThrow('pick from an empty list');
  });

  it('chance, weights and samples follow their probabilities', () => {
    const r = new Rng(5);
    expect(Array.from({ length: 100 }, () => r.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => r.chance(1)).every(Boolean)).toBe(true);
    // a zero weight is never drawn; the last pair answers when rounding leaves x at the total
    const drawn = new Set(Array.from({ length: 500 }, () => r.weighted([['never', 0], ['a', 1], ['b', 1]] as const)));
    expect([...drawn].sort()).toEqual(['a', 'b']);
    expect(new Rng(1).weighted([['only', 0]] as const)).toBe('only');
    const heavy = Array.from({ length: 2000 }, () => r.weighted([['rare', 1], ['common', 9]] as const)).filter((x) => x === 'rare').length;
    expect(heavy).toBeGreaterThan(100);
    expect(heavy).toBeLessThan(320);
    // items of weight 0 are never sampled; k caps the sample
    const sample = r.sampleWeighted(['a', 'b', 'c', 'zero'], 10, (x) => (x === 'zero' ? 0 : 1));
    expect([...sample].sort()).toEqual(['a', 'b', 'c']);
    expect(r.sampleWeighted(['a', 'b', 'c'], 2, () => 1)).toHaveLength(2);
    const shuffled = r.shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('hashUniform and normalFrom', () => {
  it('hash a list of parts to one draw in [0, 1), separating the parts', () => {
    expect(hashUniform(11, 3, 'e1')).toBe(0.9593700780533254);
    expect(hashUniform(11, 3, 'e1')).toBe(hashUniform('11', '3', 'e1'));
    expect(hashUniform('a')).toBe(0.5699745507445186);
    expect(hashUniform('a', '')).toBe(0.8085307409055531);
    expect(hashUniform('ab')).not.toBe(hashUniform('a', 'b'));
    for (let i = 0; i < 200; i++) {
      const x = hashUniform('x', i);
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('Box–Muller from two uniforms', () => {
    expect(normalFrom(0.9, 0)).toBeCloseTo(Math.sqrt(-2 * Math.log(0.1)), 12);
    expect(normalFrom(0.9, 0.5)).toBeCloseTo(-Math.sqrt(-2 * Math.log(0.1)), 12);
    expect(normalFrom(0.5, 0.25)).toBeCloseTo(0, 12);
    expect(normalFrom(0, 0.3)).toBe(0);
  });
});
