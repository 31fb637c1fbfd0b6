import { describe, expect, it } from 'vitest';
import { isMonth, monthGrid, monthRange, shiftMonth } from './calendar.ts';

describe('month calendar', () => {
  it('lays a month out in Monday-first weeks', () => {
    // March 2026 starts on a Sunday and has 31 days: 6 weeks.
    const weeks = monthGrid('2026-03', [], []);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]!.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0]![6]).toMatchObject({ date: '2026-03-01', day: 1 });
    expect(weeks[5]![1]).toMatchObject({ date: '2026-03-31' });
    expect(weeks[5]!.slice(2)).toEqual([null, null, null, null, null]);
    // February 2027 starts on a Monday and has 28 days: exactly 4 weeks.
    expect(monthGrid('2027-02', [], []).flat().filter(Boolean)).toHaveLength(28);
    expect(monthGrid('2027-02', [], [])).toHaveLength(4);
  });

  it('gives each day its period status and the items that touch it', () => {
    const weeks = monthGrid(
      '2026-03',
      [
        { startDate: '2026-02-20', endDate: '2026-03-02', status: 'UNAVAILABLE' },
        { startDate: '2026-03-03', endDate: '2026-03-31', status: 'AVAILABLE' },
      ],
      [{ id: 'a', startDate: '2026-03-02', endDate: '2026-03-04' }],
    );
    const days = weeks.flat().filter((d) => d !== null);
    expect(days.find((d) => d.date === '2026-03-02')).toMatchObject({ status: 'UNAVAILABLE', items: [{ id: 'a' }] });
    expect(days.find((d) => d.date === '2026-03-04')).toMatchObject({ status: 'AVAILABLE', items: [{ id: 'a' }] });
    expect(days.find((d) => d.date === '2026-03-05')).toMatchObject({ status: 'AVAILABLE', items: [] });
  });

  it('moves between months and checks month strings', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect([isMonth('2026-03'), isMonth('2026-13'), isMonth('2026-3'), isMonth(null)]).toEqual([true, false, false, false]);
  });
});
