import { describe, expect, it } from 'vitest';
import { cellKey, heatLevel, heatTable, perMonth } from './reports.ts';

const row = (code: string, language: string, availableExperts: number, thin = false) => ({
  expertise: { code, name: code.toLowerCase() },
  language,
  availableExperts,
  standbyTeamExperts: 0,
  thin,
});

describe('reports', () => {
  it('lays coverage rows out as areas × languages', () => {
    const table = heatTable([row('B', 'fr', 2, true), row('A', 'en', 7), row('B', 'ar', 4)]);
    expect(table.areas.map((a) => a.code)).toEqual(['B', 'A']);
    expect(table.languages).toEqual(['ar', 'en', 'fr']);
    expect(table.cells.get(cellKey('B', 'fr'))).toMatchObject({ availableExperts: 2, thin: true });
    expect(table.cells.get(cellKey('A', 'fr'))).toBeUndefined();
    expect(table.max).toBe(7);
  });

  it('grades heat from 0 (nobody) to 5 (the most)', () => {
    expect([0, 1, 3, 7].map((n) => heatLevel(n, 7))).toEqual([0, 1, 3, 5]);
    expect(heatLevel(0, 0)).toBe(0);
  });

  it('counts requests per month over the window, months without any included', () => {
    expect(perMonth(['2026-01-05', '2026-03-31', '2026-03-01', '2025-12-31'], '2026-01-15', '2026-03-02')).toEqual([
      { month: '2026-01', count: 1 },
      { month: '2026-02', count: 0 },
      { month: '2026-03', count: 2 },
    ]);
  });
});
