// After `stryker run` (npm run test:mutation): reads Stryker's JSON report and fails unless the
// mutation score reaches 85% on server/domain/matching/ and on availability.ts, and 75% on the rest
// of server/domain/ (Stryker's own `break` threshold covers only the whole run), then prints the
// score of each file (docs/testing.md records them). Score as Stryker counts it: (killed + timed
// out) / (killed + timed out + survived + no coverage).
import { readFileSync } from 'node:fs';

const REPORT = process.argv[2] ?? 'node_modules/.stryker-report/mutation.json';

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

export const GROUPS: { name: string; min: number; has: (path: string) => boolean }[] = [
  { name: 'server/domain/matching/', min: 85, has: (p) => p.includes('server/domain/matching/') },
  { name: 'server/domain/availability.ts', min: 85, has: (p) => p.endsWith('server/domain/availability.ts') },
  { name: 'the rest of server/domain/', min: 75, has: (p) => !p.includes('server/domain/matching/') && !p.endsWith('server/domain/availability.ts') },
];

export function score(statuses: string[]): { score: number; detected: number; valid: number } {
  const detected = statuses.filter((s) => s === 'Killed' || s === 'Timeout').length;
  const valid = detected + statuses.filter((s) => s === 'Survived' || s === 'NoCoverage').length;
  return { score: valid === 0 ? 100 : (100 * detected) / valid, detected, valid };
}

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
let failed = false;
for (const group of GROUPS) {
  const statuses = Object.entries(report.files)
    .filter(([path]) => group.has(path))
    .flatMap(([, f]) => f.mutants.map((m) => m.status));
  if (statuses.length === 0) {
    console.log(`n/a  ${group.name}: not mutated in this run (test/stryker.config.json)`);
    continue;
  }
  const s = score(statuses);
  const ok = s.score >= group.min;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${group.name}: ${s.score.toFixed(2)}% (${s.detected} of ${s.valid} mutants detected; needs ${group.min}%)`);
}
for (const [path, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const s = score(f.mutants.map((m) => m.status));
  console.log(`     ${path}: ${s.score.toFixed(2)}% (${s.detected} of ${s.valid})`);
}
process.exit(failed ? 1 : 0);
