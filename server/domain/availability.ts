// Availability interval maths. Experts mark ranges of days TENTATIVE or UNAVAILABLE (AVAILABLE is
// the default and clears a mark); live assignments hold days as ASSIGNED, which wins over any
// mark. Marked periods are kept normalised: sorted, disjoint, and adjacent equal periods merged.
import type { MarkedStatus } from '../../schema/index.js';
import { formatDay, dayNumber } from './dates.js';

export type { MarkedStatus };
export type DayStatus = MarkedStatus | 'ASSIGNED';

export interface MarkedPeriod {
  startDate: string;
  endDate: string;
  status: Exclude<MarkedStatus, 'AVAILABLE'>;
  note: string | null;
}

export interface StatusPeriod {
  startDate: string;
  endDate: string;
  status: DayStatus;
  note: string | null;
}

export interface DayRange {
  startDate: string;
  endDate: string;
}

interface Span<T> {
  start: number;
  end: number;
  value: T;
}

function sameMark(a: MarkedPeriod, b: MarkedPeriod): boolean {
  return a.status === b.status && a.note === b.note;
}

/**
 * Replaces the marked status of exactly the days of `mark` in `existing`, splitting periods that
 * stick out of it and merging neighbours that end up equal. AVAILABLE clears the days.
 */
export function applyMark(
  existing: readonly MarkedPeriod[],
  mark: { startDate: string; endDate: string; status: MarkedStatus; note: string | null },
): MarkedPeriod[] {
  const start = dayNumber(mark.startDate);
  const end = dayNumber(mark.endDate);
  const pieces: MarkedPeriod[] = [];
  for (const period of existing) {
    const ps = dayNumber(period.startDate);
    const pe = dayNumber(period.endDate);
    if (pe < start || ps > end) {
      pieces.push(period);
      continue;
    }
    if (ps < start) pieces.push({ ...period, endDate: formatDay(start - 1) });
    if (pe > end) pieces.push({ ...period, startDate: formatDay(end + 1) });
  }
  if (mark.status !== 'AVAILABLE') {
    pieces.push({ startDate: mark.startDate, endDate: mark.endDate, status: mark.status, note: mark.note });
  }
  return normalise(pieces);
}

/** Sorts disjoint periods and merges adjacent ones with the same status and note. */
export function normalise(periods: readonly MarkedPeriod[]): MarkedPeriod[] {
  const sorted = [...periods].sort((a, b) => dayNumber(a.startDate) - dayNumber(b.startDate));
  const out: MarkedPeriod[] = [];
  for (const period of sorted) {
    const last = out[out.length - 1];
    if (last && sameMark(last, period) && dayNumber(last.endDate) + 1 === dayNumber(period.startDate)) {
      out[out.length - 1] = { ...last, endDate: period.endDate };
    } else {
      out.push({ ...period });
    }
  }
  return out;
}

/**
 * The day-by-day status over exactly from..to as contiguous periods covering the whole range,
 * adjacent days with the same status merged. ASSIGNED wins over marks; unmarked days are AVAILABLE.
 * Notes are kept on marked periods; a merged run keeps the note only when all its days share it.
 */
export function availabilityTimeline(
  from: string,
  to: string,
  marked: readonly MarkedPeriod[],
  assigned: readonly DayRange[],
): StatusPeriod[] {
  const start = dayNumber(from);
  const end = dayNumber(to);
  // Boundaries where the status may change: range edges and the edges of every period inside it.
  const cuts = new Set<number>([start, end + 1]);
  const marks: Span<MarkedPeriod>[] = marked.map((m) => ({ start: dayNumber(m.startDate), end: dayNumber(m.endDate), value: m }));
  const holds: Span<null>[] = assigned.map((a) => ({ start: dayNumber(a.startDate), end: dayNumber(a.endDate), value: null }));
  for (const s of [...marks, ...holds]) {
    if (s.start > start && s.start <= end) cuts.add(s.start);
    if (s.end + 1 > start && s.end + 1 <= end) cuts.add(s.end + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: StatusPeriod[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const segStart = points[i]!;
    const segEnd = points[i + 1]! - 1;
    let status: DayStatus = 'AVAILABLE';
    let note: string | null = null;
    if (holds.some((h) => h.start <= segStart && h.end >= segStart)) {
      status = 'ASSIGNED';
    } else {
      const mark = marks.find((m) => m.start <= segStart && m.end >= segStart);
      if (mark) {
        status = mark.value.status;
        note = mark.value.note;
      }
    }
    const last = out[out.length - 1];
    if (last && last.status === status) {
      last.endDate = formatDay(segEnd);
      if (last.note !== note) last.note = null;
    } else {
      out.push({ startDate: formatDay(segStart), endDate: formatDay(segEnd), status, note });
    }
  }
  return out;
}
