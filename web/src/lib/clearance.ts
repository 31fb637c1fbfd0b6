// Whether a clearance (security training, medical) needs attention: expired, or ending within
// 30 days (issue 12), from the reader's today. Pure; tests beside it.
import { DateTime } from 'luxon';
import { daysUntil } from './dates.ts';

export const SOON_DAYS = 30;

export type ClearanceState = { state: 'missing' } | { state: 'expired' | 'soon' | 'valid'; days: number };

export function clearanceState(validUntil: string | null | undefined, today: DateTime = DateTime.local()): ClearanceState {
  if (!validUntil) return { state: 'missing' };
  const days = daysUntil(validUntil, today);
  return { state: days < 0 ? 'expired' : days <= SOON_DAYS ? 'soon' : 'valid', days };
}
