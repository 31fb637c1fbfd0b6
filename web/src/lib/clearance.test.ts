import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { clearanceState } from './clearance.ts';

describe('clearance dates', () => {
  const today = DateTime.fromISO('2026-03-01T09:00:00', { zone: 'Europe/Paris' });
  it('is expired the day after its last valid day, and soon within 30 days', () => {
    expect(clearanceState('2026-02-28', today)).toEqual({ state: 'expired', days: -1 });
    expect(clearanceState('2026-03-01', today)).toEqual({ state: 'soon', days: 0 });
    expect(clearanceState('2026-03-31', today)).toEqual({ state: 'soon', days: 30 });
    expect(clearanceState('2026-04-01', today)).toEqual({ state: 'valid', days: 31 });
    expect(clearanceState(null, today)).toEqual({ state: 'missing' });
  });
});
