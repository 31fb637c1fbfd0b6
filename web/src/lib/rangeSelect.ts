// Selecting a range of days in a month calendar, by mouse, touch or keyboard, as pure state
// transitions (the /me calendar draws them). A click, tap or Enter/Space on a day starts a range
// there; the next one ends it (either order). Shift with a click or an arrow key extends the range
// from where it started. Arrow keys move the focused day (±1 day left/right, ±7 up/down).
import { DateTime } from 'luxon';

export interface RangeSelection {
  /** The day that has the keyboard focus (yyyy-MM-dd). */
  focus: string;
  /** Where a range being chosen started; null once it is complete. */
  anchor: string | null;
  start: string | null;
  end: string | null;
}

export const initialSelection = (focus: string): RangeSelection => ({ focus, anchor: null, start: null, end: null });

const ordered = (a: string, b: string): [string, string] => (a <= b ? [a, b] : [b, a]);
const plusDays = (iso: string, days: number) => DateTime.fromISO(iso, { zone: 'utc' }).plus({ days }).toISODate()!;

/** A click, tap, Enter or Space on `day`. */
export function pick(sel: RangeSelection, day: string): RangeSelection {
  if (sel.anchor === null) return { focus: day, anchor: day, start: day, end: day };
  const [start, end] = ordered(sel.anchor, day);
  return { focus: day, anchor: null, start, end };
}

/** Shift with a click or arrow: the range from where it started (or the focused day) to `day`. */
export function extendTo(sel: RangeSelection, day: string): RangeSelection {
  const from = sel.anchor ?? sel.start ?? sel.focus;
  const [start, end] = ordered(from, day);
  return { focus: day, anchor: from, start, end };
}

const ARROWS: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

/** A key on the grid: the new selection, or null when the key is not the calendar's. */
export function onKey(sel: RangeSelection, key: string, shift: boolean): RangeSelection | null {
  const by = ARROWS[key];
  if (by !== undefined) {
    const day = plusDays(sel.focus, by);
    return shift ? extendTo(sel, day) : { ...sel, focus: day };
  }
  if (key === 'Enter' || key === ' ') return pick(sel, sel.focus);
  return null;
}

export const isSelected = (sel: RangeSelection, day: string): boolean =>
  sel.start !== null && sel.end !== null && sel.start <= day && day <= sel.end;
