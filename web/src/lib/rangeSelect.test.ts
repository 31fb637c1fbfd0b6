import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extendTo, initialSelection, isSelected, onKey, pick, type RangeSelection } from './rangeSelect.ts';

describe('range selection', () => {
  it('two picks make a range, in either order', () => {
    const one = pick(initialSelection('2027-03-01'), '2027-03-10');
    expect(one).toEqual({ focus: '2027-03-10', anchor: '2027-03-10', start: '2027-03-10', end: '2027-03-10' });
    expect(pick(one, '2027-03-04')).toEqual({ focus: '2027-03-04', anchor: null, start: '2027-03-04', end: '2027-03-10' });
  });

  it('moves with the arrows, extends with Shift, ends with Enter', () => {
    let sel: RangeSelection = initialSelection('2027-03-31');
    sel = onKey(sel, 'ArrowRight', false)!;
    expect(sel.focus).toBe('2027-04-01');
    sel = onKey(sel, 'ArrowUp', false)!;
    expect(sel.focus).toBe('2027-03-25');
    sel = onKey(sel, 'Enter', false)!;
    sel = onKey(sel, 'ArrowDown', true)!;
    sel = onKey(sel, 'ArrowRight', true)!;
    expect(sel).toMatchObject({ start: '2027-03-25', end: '2027-04-02', anchor: '2027-03-25' });
    sel = onKey(sel, ' ', false)!;
    expect(sel).toEqual({ focus: '2027-04-02', anchor: null, start: '2027-03-25', end: '2027-04-02' });
    expect(onKey(sel, 'a', false)).toBeNull();
  });

  it('Shift-click extends a complete range from its start', () => {
    const sel = extendTo({ focus: '2027-03-05', anchor: null, start: '2027-03-05', end: '2027-03-06' }, '2027-03-02');
    expect(sel).toMatchObject({ start: '2027-03-02', end: '2027-03-05' });
  });

  it('always holds start ≤ end, the start of a range being chosen inside it, and isSelected agrees', () => {
    const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    const step = fc.oneof(
      day.map((d) => (s: RangeSelection) => pick(s, d)),
      day.map((d) => (s: RangeSelection) => extendTo(s, d)),
      fc.tuple(fc.constantFrom('ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', ' '), fc.boolean())
        .map(([k, shift]) => (s: RangeSelection) => onKey(s, k, shift)!),
    );
    fc.assert(
      fc.property(day, fc.array(step, { maxLength: 30 }), (start, steps) => {
        let sel = initialSelection(start);
        for (const f of steps) {
          sel = f(sel);
          if (sel.start !== null) {
            expect(sel.start <= sel.end!).toBe(true);
            expect(isSelected(sel, sel.start) && isSelected(sel, sel.end!)).toBe(true);
          }
          if (sel.anchor !== null) expect(isSelected(sel, sel.anchor)).toBe(true);
        }
      }),
    );
  });
});
