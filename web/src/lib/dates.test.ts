import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { daysUntil, formatDate, formatDateTime } from './dates.ts';

describe('dates in the reader’s locale and zone', () => {
  it('shows a calendar day as that day in any language', () => {
    expect(formatDate('2026-03-01', 'en')).toBe('Mar 1, 2026');
    expect(formatDate('2026-03-01', 'fr')).toBe('1 mars 2026');
  });

  it('shows an instant in the given time zone', () => {
    expect(formatDateTime('2026-03-01T23:30:00Z', 'en', 'Asia/Tokyo')).toContain('Mar 2, 2026');
    expect(formatDateTime('2026-03-01T23:30:00Z', 'en', 'America/New_York')).toContain('Mar 1, 2026');
  });

  it('counts whole days to a date, negative when past', () => {
    const today = DateTime.fromISO('2026-03-01T22:00:00', { zone: 'Pacific/Auckland' });
    expect(daysUntil('2026-03-31', today)).toBe(30);
    expect(daysUntil('2026-02-28', today)).toBe(-1);
    expect(daysUntil('2026-03-01', today)).toBe(0);
  });
});
