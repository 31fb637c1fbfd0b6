// Availability interval maths (server/domain/availability.ts): examples, then fast-check properties
// against a naive model that keeps one status per day in a Map.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMark,
  availabilityTimeline,
  normalise,
  type DayRange,
  type MarkedPeriod,
  type MarkedStatus,
  type StatusPeriod,
} from '../../server/domain/availability.js';
import { addDays, formatDay, dayNumber } from '../../server/domain/dates.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 300;

// Days are written as offsets from a fixed base that crosses a month and a leap day.
const BASE = '2028-02-20';
const d = (offset: number) => addDays(BASE, offset);
const U = (s: number, e: number, note: string | null = null): MarkedPeriod => ({ startDate: d(s), endDate: d(e), status: 'UNAVAILABLE', note });
const T = (s: number, e: number, note: string | null = null): MarkedPeriod => ({ startDate: d(s), endDate: d(e), status: 'TENTATIVE', note });
const mark = (s: number, e: number, status: MarkedStatus, note: string | null = null) => ({ startDate: d(s), endDate: d(e), status, note });
const short = (periods: readonly { startDate: string; endDate: string; status: string }[]) =>
  periods.map((p) => `${dayNumber(p.startDate) - dayNumber(BASE)}-${dayNumber(p.endDate) - dayNumber(BASE)}:${p.status[0]}`);

describe('applyMark', () => {
  it('splits a period around a mark inside it (1–10 U, then 4–6 A → 1–3 U, 7–10 U)', () => {
    const next = applyMark([U(1, 10, 'leave')], mark(4, 6, 'AVAILABLE'));
    expect(next).toEqual([U(1, 3, 'leave'), U(7, 10, 'leave')]);
  });

  it('replaces exactly the days of the mark, trimming periods that stick out on either side', () => {
    expect(short(applyMark([U(1, 5), T(8, 12)], mark(4, 9, 'TENTATIVE')))).toEqual(['1-3:U', '4-12:T']);
    expect(short(applyMark([U(1, 5), T(8, 12)], mark(3, 10, 'UNAVAILABLE')))).toEqual(['1-10:U', '11-12:T']);
    expect(short(applyMark([U(1, 5), T(8, 12)], mark(0, 20, 'AVAILABLE')))).toEqual([]);
    expect(short(applyMark([U(1, 5), T(8, 12)], mark(5, 8, 'AVAILABLE')))).toEqual(['1-4:U', '9-12:T']);
  });

  it('merges a mark with equal neighbours that touch it, but not with ones a day away or with another note', () => {
    expect(applyMark([U(1, 3), U(7, 9)], mark(4, 6, 'UNAVAILABLE'))).toEqual([U(1, 9)]);
    expect(applyMark([U(1, 3), U(8, 9)], mark(4, 6, 'UNAVAILABLE'))).toEqual([U(1, 6), U(8, 9)]);
    expect(applyMark([U(1, 3, 'a')], mark(4, 6, 'UNAVAILABLE', 'b'))).toEqual([U(1, 3, 'a'), U(4, 6, 'b')]);
    expect(applyMark([T(1, 3)], mark(4, 6, 'UNAVAILABLE'))).toEqual([T(1, 3), U(4, 6)]);
  });

  it('re-marking the same days with a new note replaces the note', () => {
    expect(applyMark([U(1, 10, 'old')], mark(1, 10, 'UNAVAILABLE', 'new'))).toEqual([U(1, 10, 'new')]);
  });

  it('keeps periods it does not touch as they were, and AVAILABLE never stores a period', () => {
    const far = [T(-30, -20, 'x'), U(40, 50)];
    expect(applyMark(far, mark(0, 5, 'AVAILABLE', 'ignored'))).toEqual(far);
    expect(applyMark([], mark(0, 0, 'AVAILABLE'))).toEqual([]);
    expect(applyMark([], mark(0, 0, 'TENTATIVE'))).toEqual([T(0, 0)]);
  });

  it('handles a single-day mark at the edges of a period', () => {
    expect(short(applyMark([U(1, 5)], mark(1, 1, 'AVAILABLE')))).toEqual(['2-5:U']);
    expect(short(applyMark([U(1, 5)], mark(5, 5, 'TENTATIVE')))).toEqual(['1-4:U', '5-5:T']);
  });

  it('works across month and year ends', () => {
    const p: MarkedPeriod = { startDate: '2027-12-30', endDate: '2028-01-02', status: 'UNAVAILABLE', note: null };
    expect(applyMark([p], { startDate: '2027-12-31', endDate: '2028-01-01', status: 'AVAILABLE', note: null })).toEqual([
      { ...p, endDate: '2027-12-30' },
      { ...p, startDate: '2028-01-02' },
    ]);
  });
});

describe('normalise', () => {
  it('sorts and merges touching periods with the same status and note', () => {
    expect(normalise([U(8, 9), U(1, 3), U(4, 7)])).toEqual([U(1, 9)]);
    expect(normalise([U(5, 6, 'a'), U(1, 4, 'a'), T(7, 8)])).toEqual([U(1, 6, 'a'), T(7, 8)]);
    expect(normalise([U(1, 2, 'a'), U(3, 4, 'b')])).toEqual([U(1, 2, 'a'), U(3, 4, 'b')]);
    expect(normalise([U(1, 2), U(4, 5)])).toEqual([U(1, 2), U(4, 5)]);
    expect(normalise([])).toEqual([]);
  });

  it('does not mutate its input', () => {
    const input = [U(3, 4), U(1, 2)];
    const copy = structuredClone(input);
    normalise(input);
    expect(input).toEqual(copy);
  });
});

describe('availabilityTimeline', () => {
  it('returns one AVAILABLE period for an unmarked range', () => {
    expect(availabilityTimeline(d(0), d(9), [], [])).toEqual([{ startDate: d(0), endDate: d(9), status: 'AVAILABLE', note: null }]);
    expect(availabilityTimeline(d(3), d(3), [], [])).toEqual([{ startDate: d(3), endDate: d(3), status: 'AVAILABLE', note: null }]);
  });

  it('clips marks and holds to exactly from..to', () => {
    const out = availabilityTimeline(d(5), d(15), [U(0, 7, 'n'), T(14, 30)], [{ startDate: d(9), endDate: d(10) }]);
    expect(out).toEqual([
      { startDate: d(5), endDate: d(7), status: 'UNAVAILABLE', note: 'n' },
      { startDate: d(8), endDate: d(8), status: 'AVAILABLE', note: null },
      { startDate: d(9), endDate: d(10), status: 'ASSIGNED', note: null },
      { startDate: d(11), endDate: d(13), status: 'AVAILABLE', note: null },
      { startDate: d(14), endDate: d(15), status: 'TENTATIVE', note: null },
    ]);
  });

  it('lets ASSIGNED win over marks and merges overlapping holds', () => {
    const out = availabilityTimeline(d(0), d(10), [U(0, 10)], [
      { startDate: d(2), endDate: d(5) },
      { startDate: d(4), endDate: d(7) },
    ]);
    expect(short(out)).toEqual(['0-1:U', '2-7:A', '8-10:U']);
    expect(out[1]!.status).toBe('ASSIGNED');
  });

  it('merges adjacent runs of one status and drops the note when the notes differ', () => {
    const out = availabilityTimeline(d(0), d(9), [U(0, 4, 'a'), U(5, 9, 'b')], []);
    expect(out).toEqual([{ startDate: d(0), endDate: d(9), status: 'UNAVAILABLE', note: null }]);
    const same = availabilityTimeline(d(0), d(9), [U(0, 4, 'a'), U(5, 9, 'a')], []);
    expect(same).toEqual([{ startDate: d(0), endDate: d(9), status: 'UNAVAILABLE', note: 'a' }]);
  });

  it('ignores marks and holds entirely outside the range', () => {
    const out = availabilityTimeline(d(10), d(12), [U(0, 9), T(13, 20)], [{ startDate: d(0), endDate: d(9) }, { startDate: d(13), endDate: d(14) }]);
    expect(out).toEqual([{ startDate: d(10), endDate: d(12), status: 'AVAILABLE', note: null }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against a naive model: a Map from day number to { status, note } of marked days.

const WINDOW = 40; // days 0..39 from BASE
type Mark = { s: number; e: number; status: MarkedStatus; note: string | null };

const markArb: fc.Arbitrary<Mark> = fc
  .tuple(fc.integer({ min: 0, max: WINDOW - 1 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom<MarkedStatus>('AVAILABLE', 'TENTATIVE', 'UNAVAILABLE'), fc.constantFrom(null, 'a', 'b'))
  .map(([s, len, status, note]) => ({ s, e: Math.min(WINDOW - 1, s + len), status, note }));

const holdArb = fc
  .tuple(fc.integer({ min: -5, max: WINDOW + 5 }), fc.integer({ min: 0, max: 8 }))
  .map(([s, len]) => ({ s, e: s + len }));

const rangeArb = fc
  .tuple(fc.integer({ min: -5, max: WINDOW + 5 }), fc.integer({ min: 0, max: WINDOW + 5 }))
  .map(([s, len]) => ({ from: s, to: s + len }));

const base = dayNumber(BASE);

function modelOf(marks: readonly Mark[]): Map<number, { status: 'TENTATIVE' | 'UNAVAILABLE'; note: string | null }> {
  const model = new Map<number, { status: 'TENTATIVE' | 'UNAVAILABLE'; note: string | null }>();
  for (const m of marks) {
    for (let day = m.s; day <= m.e; day++) {
      if (m.status === 'AVAILABLE') model.delete(day);
      else model.set(day, { status: m.status, note: m.note });
    }
  }
  return model;
}

function applyAll(marks: readonly Mark[]): MarkedPeriod[] {
  let stored: MarkedPeriod[] = [];
  for (const m of marks) stored = applyMark(stored, mark(m.s, m.e, m.status, m.note));
  return stored;
}

const n = (day: string) => dayNumber(day) - base;

function expectNormalised(stored: readonly MarkedPeriod[]): void {
  for (const [i, p] of stored.entries()) {
    expect(n(p.startDate)).toBeLessThanOrEqual(n(p.endDate));
    expect(p.status).not.toBe('AVAILABLE');
    const next = stored[i + 1];
    if (!next) continue;
    // Sorted and disjoint.
    expect(n(next.startDate)).toBeGreaterThan(n(p.endDate));
    // Merged: touching neighbours differ in status or note.
    if (n(next.startDate) === n(p.endDate) + 1) expect(next.status !== p.status || next.note !== p.note).toBe(true);
  }
}

function expectTimeline(out: readonly StatusPeriod[], from: number, to: number, statusOf: (day: number) => { status: string; note: string | null }): void {
  expect(out.length).toBeGreaterThan(0);
  expect(n(out[0]!.startDate)).toBe(from);
  expect(n(out[out.length - 1]!.endDate)).toBe(to);
  for (const [i, p] of out.entries()) {
    expect(n(p.startDate)).toBeLessThanOrEqual(n(p.endDate));
    const next = out[i + 1];
    if (next) {
      expect(n(next.startDate)).toBe(n(p.endDate) + 1); // contiguous
      expect(next.status).not.toBe(p.status); // merged
    }
    const notes = new Set<string | null>();
    for (let day = n(p.startDate); day <= n(p.endDate); day++) {
      const expected = statusOf(day);
      expect(p.status, `day ${formatDay(base + day)}`).toBe(expected.status);
      notes.add(expected.note);
    }
    expect(p.note).toBe(notes.size === 1 ? [...notes][0] : null);
  }
}

describe('availability properties (model: a Map day → status)', () => {
  it('stored marks stay sorted, disjoint and merged, and hold exactly the model’s days', () => {
    fc.assert(
      fc.property(fc.array(markArb, { maxLength: 25 }), (marks) => {
        const stored = applyAll(marks);
        expectNormalised(stored);
        const model = modelOf(marks);
        const seen = new Map<number, { status: string; note: string | null }>();
        for (const p of stored) for (let day = n(p.startDate); day <= n(p.endDate); day++) seen.set(day, { status: p.status, note: p.note });
        expect(seen).toEqual(model);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('applying a mark to only the periods near it (as setMarks does) gives the same result as to all of them', () => {
    fc.assert(
      fc.property(fc.array(markArb, { maxLength: 15 }), markArb, (marks, last) => {
        const stored = applyAll(marks);
        const near = stored.filter((p) => n(p.endDate) >= last.s - 1 && n(p.startDate) <= last.e + 1);
        const far = stored.filter((p) => !near.includes(p));
        const viaNear = normalise([...far, ...applyMark(near, mark(last.s, last.e, last.status, last.note))]);
        expect(viaNear).toEqual(applyMark(stored, mark(last.s, last.e, last.status, last.note)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('normalise is idempotent and order-independent on disjoint periods', () => {
    fc.assert(
      fc.property(fc.array(markArb, { maxLength: 20 }), (marks) => {
        const stored = applyAll(marks);
        // Split every period into single days and shuffle them: normalise must rebuild the same list.
        const days = stored.flatMap((p) => {
          const out: MarkedPeriod[] = [];
          for (let day = n(p.startDate); day <= n(p.endDate); day++) out.push({ ...p, startDate: d(day), endDate: d(day) });
          return out;
        });
        expect(normalise(days.reverse())).toEqual(stored);
        expect(normalise(stored)).toEqual(stored);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the timeline covers exactly from..to, is contiguous, merges equal statuses, and ASSIGNED wins', () => {
    fc.assert(
      fc.property(fc.array(markArb, { maxLength: 20 }), fc.array(holdArb, { maxLength: 4 }), rangeArb, (marks, holds, { from, to }) => {
        const stored = applyAll(marks);
        const model = modelOf(marks);
        const assigned: DayRange[] = holds.map((h) => ({ startDate: d(h.s), endDate: d(h.e) }));
        const out = availabilityTimeline(d(from), d(to), stored, assigned);
        expectTimeline(out, from, to, (day) => {
          if (holds.some((h) => h.s <= day && day <= h.e)) return { status: 'ASSIGNED', note: null };
          return model.get(day) ?? { status: 'AVAILABLE', note: null };
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
