// Tables of the API benchmark in markdown, and their place in docs/benchmarks.md: each table
// replaces the text between its two markers (written by hand once, in its section), so that the
// commentary around the tables and the other sections stay as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LoadResult } from './api-load.js';

export interface Row {
  op: string;
  label: string;
  /** By connection count. */
  runs: Record<number, LoadResult>;
}

const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const rate = (x: number) => (x >= 1000 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(0) : x.toFixed(1));

export function loadTable(rows: Row[], connections: number[]): string {
  const head = ['operation', ...connections.flatMap((c) => [`req/s @${c}`, `p50 ms @${c}`, `p99 ms @${c}`]), 'server CPU ms/req @1', 'failures'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    const cells = connections.flatMap((c) => {
      const r = row.runs[c];
      if (!r) return ['–', '–', '–'];
      return r.requests ? [rate(r.rps), num(r.p50), num(r.p99)] : ['0', '–', '–'];
    });
    const failures = Object.values(row.runs).reduce((n, r) => n + r.failures, 0);
    const cpu = row.runs[1]?.serverCpuMsPerRequest;
    lines.push(`| ${row.label} | ${cells.join(' | ')} | ${cpu === undefined ? '–' : num(cpu)} | ${failures} |`);
  }
  return lines.join('\n');
}

export function ratioTable(pairs: { label: string; graphql: Row; bare: Row }[], connections: number[]): string {
  const head = ['operation', ...connections.map((c) => `GraphQL ÷ bare @${c}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const p of pairs) {
    const cells = connections.map((c) => {
      const g = p.graphql.runs[c];
      const b = p.bare.runs[c];
      return g && b ? (g.rps / b.rps).toFixed(2) : '–';
    });
    lines.push(`| ${p.label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Replaces the text between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->`; false when the markers are missing. */
export function replaceBetweenMarkers(path: string, name: string, content: string): boolean {
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return false;
  writeFileSync(path, `${text.slice(0, a + begin.length)}\n${content.trim()}\n${text.slice(b)}`);
  return true;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export { num as fmt };
