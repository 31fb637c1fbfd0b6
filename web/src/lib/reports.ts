// Shapes the reports' answers for the page: rosterCoverage rows as an area × language heat table,
// and deployed requests counted per month. Pure; tests beside it.
import { DateTime } from 'luxon';

export interface CoverageRow {
  expertise: { code: string; name: string };
  language: string;
  availableExperts: number;
  standbyTeamExperts: number;
  thin: boolean;
}

export interface HeatTable<R> {
  areas: { code: string; name: string }[];
  languages: string[];
  cells: Map<string, R>;
  max: number;
}

export const cellKey = (area: string, language: string) => `${area}\u0000${language}`;

/** Areas in the order the server first names them (its fixed area order), languages alphabetical. */
export function heatTable<R extends CoverageRow>(rows: readonly R[]): HeatTable<R> {
  const areas = new Map<string, { code: string; name: string }>();
  const languages = new Set<string>();
  const cells = new Map<string, R>();
  let max = 0;
  for (const row of rows) {
    if (!areas.has(row.expertise.code)) areas.set(row.expertise.code, row.expertise);
    languages.add(row.language);
    cells.set(cellKey(row.expertise.code, row.language), row);
    max = Math.max(max, row.availableExperts);
  }
  return { areas: [...areas.values()], languages: [...languages].sort(), cells, max };
}

/** 0 for nobody, else 1–5 by share of the table's largest count. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((count / max) * 5));
}

/** Every month 'yyyy-MM' touching from..to, with how many requests started in it. */
export function perMonth(startDates: readonly string[], from: string, to: string): { month: string; count: number }[] {
  const months: { month: string; count: number }[] = [];
  let cursor = DateTime.fromISO(from, { zone: 'utc' }).startOf('month');
  const end = DateTime.fromISO(to, { zone: 'utc' });
  while (cursor <= end) {
    months.push({ month: cursor.toFormat('yyyy-MM'), count: 0 });
    cursor = cursor.plus({ months: 1 });
  }
  for (const date of startDates) {
    const entry = months.find((m) => m.month === date.slice(0, 7));
    if (entry) entry.count++;
  }
  return months;
}
