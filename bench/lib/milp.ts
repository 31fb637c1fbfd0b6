/**
 * An independent MILP formulation of team matching for the HiGHS solver, used to cross-check
 * the matching engine (tests) and to time it against a general-purpose solver (benchmark).
 * Binary x[e,r] per eligible (expert, role) pair and Σ_r x[e,r] ≤ 1 per expert, then either
 * - `complete`: Σ_e x[e,r] = seats_r; Σ female x ≥ womenTarget; maximise Σ score·x, or
 * - `lexicographic`: Σ_e x[e,r] ≤ seats_r; 0 ≤ w ≤ womenTarget, w ≤ Σ female x; maximise
 *   A·Σx + B·w + Σ score·x with B > max Σ score and A > B·womenTarget + max Σ score, which is
 *   the engine's (seats, women capped, score) order in one objective.
 * Scores are integers, so the MIP gap can be closed exactly (mip_rel_gap = 0).
 */

export interface MilpRole {
  seats: number;
  candidates: { expert: string; score: number; female: boolean }[];
}

export interface MilpProblem {
  roles: MilpRole[];
  womenTarget: number;
  /** Largest possible single score (default 10,000). */
  maxScore?: number;
}

export type MilpMode = 'complete' | 'lexicographic';

export interface MilpText {
  /** CPLEX LP text, or null when infeasibility is evident without a solver. */
  lp: string | null;
  /** Column name -> [role index, expert id]. */
  columns: Map<string, [number, string]>;
}

const TERMS_PER_LINE = 8; // keep lines short for the LP reader

function sum(terms: string[], sign: '+' | '-' = '+'): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += TERMS_PER_LINE) lines.push(terms.slice(i, i + TERMS_PER_LINE).join(` ${sign} `));
  return lines.join(`\n   ${sign} `);
}

export function buildMilp(problem: MilpProblem, mode: MilpMode = 'complete'): MilpText {
  const lex = mode === 'lexicographic';
  const seatsTotal = problem.roles.reduce((n, r) => n + Math.max(0, r.seats), 0);
  const b = (problem.maxScore ?? 10_000) * seatsTotal + 1;
  const a = b * (problem.womenTarget + 1);
  const columns = new Map<string, [number, string]>();
  const objective: string[] = [];
  const byExpert = new Map<string, string[]>();
  const female: string[] = [];
  const rows: string[] = [];
  let evidentlyInfeasible = false;

  problem.roles.forEach((role, r) => {
    if (role.seats <= 0) return;
    const vars: string[] = [];
    role.candidates.forEach((c, k) => {
      const name = `x${r}_${k}`;
      columns.set(name, [r, c.expert]);
      vars.push(name);
      objective.push(`${lex ? a + c.score : c.score} ${name}`);
      const list = byExpert.get(c.expert) ?? [];
      list.push(name);
      byExpert.set(c.expert, list);
      if (c.female) female.push(name);
    });
    if (lex) {
      if (vars.length > 0) rows.push(` seat${r}: ${sum(vars)} <= ${role.seats}`);
    } else if (vars.length < role.seats) evidentlyInfeasible = true;
    else rows.push(` seat${r}: ${sum(vars)} = ${role.seats}`);
  });
  if (!lex && female.length < problem.womenTarget) evidentlyInfeasible = true;
  if (evidentlyInfeasible) return { lp: null, columns };

  let e = 0;
  for (const vars of byExpert.values()) if (vars.length > 1) rows.push(` one${e++}: ${sum(vars)} <= 1`);
  const bounds: string[] = [];
  if (lex && problem.womenTarget > 0 && female.length > 0) {
    objective.push(`${b} w`);
    rows.push(` women: w - ${sum(female, '-')} <= 0`);
    bounds.push(` 0 <= w <= ${problem.womenTarget}`);
  } else if (!lex && problem.womenTarget > 0) {
    rows.push(` women: ${sum(female)} >= ${problem.womenTarget}`);
  }
  if (columns.size === 0) return { lp: null, columns }; // nothing to choose: caller handles

  const lp = [
    'Maximize',
    ` obj: ${sum(objective)}`,
    'Subject To',
    ...rows,
    ...(bounds.length > 0 ? ['Bounds', ...bounds] : []),
    'Binary',
    ...[...columns.keys()].map((c) => ` ${c}`),
    'End',
    '',
  ].join('\n');
  return { lp, columns };
}

/** Minimal view of the highs module used here (its own types are broader). */
export interface HighsLike {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number }> };
}

export interface MilpResult {
  feasible: boolean;
  /** Optimal Σ score of the chosen pairs (integer units) when feasible. */
  objective: number;
  chosen: [number, string][];
}

export function solveMilp(highs: HighsLike, problem: MilpProblem, mode: MilpMode = 'complete'): MilpResult {
  const { lp, columns } = buildMilp(problem, mode);
  if (lp === null) {
    const trivial = mode === 'lexicographic' || (problem.roles.every((r) => r.seats <= 0) && problem.womenTarget <= 0);
    return { feasible: trivial, objective: 0, chosen: [] };
  }
  const res = highs.solve(lp, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-6 });
  if (res.Status === 'Infeasible') return { feasible: false, objective: 0, chosen: [] };
  if (res.Status !== 'Optimal') throw new Error(`HiGHS ended with ${res.Status}`);
  const chosen: [number, string][] = [];
  let objective = 0;
  for (const [name, col] of Object.entries(res.Columns)) {
    const at = columns.get(name);
    if (at === undefined || (col.Primal ?? 0) <= 0.5) continue;
    chosen.push(at);
    objective += problem.roles[at[0]]!.candidates.find((c) => c.expert === at[1])!.score;
  }
  return { feasible: true, objective, chosen };
}
