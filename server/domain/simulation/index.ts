/**
 * The year simulation behind `npm run simulate` (bench/simulate.ts): the same stream of requests
 * replayed under each policy on the same roster, each run checked against the rules by an
 * independent checker, and the figures of issue 13 per policy. Pure: data in, data out.
 */
import { POLICIES, type Policy } from './policies.js';
import { figures } from './report.js';
import { checkYear, type Violation } from './rules.js';
import { generateStream, prepareRoster, type StreamWorld } from './stream.js';
import { runYear } from './year.js';
import type { MatchExpert } from '../matching/types.js';
import type { PolicyDetails, PolicyFigures, SimExpert, SimRequest, SimRun } from './types.js';

export * from './types.js';
export { POLICIES, FAIR_LOAD_WEIGHT, type Policy } from './policies.js';
export { checkYear, type Violation, type Rule } from './rules.js';
export { generateStream, prepareRoster, partiesOf, STREAM_RATES, type StreamWorld } from './stream.js';
export { runYear, declines, rating, YEAR_RULES } from './year.js';
export { figures } from './report.js';

export interface YearInput {
  /** The roster at the start of the year (the demo roster, as the engine sees it). */
  experts: readonly MatchExpert[];
  world: StreamWorld;
  requests: number;
  /** Epoch day the year starts on. */
  start: number;
  seed: number;
  policies?: readonly Policy[];
}

export interface YearResult {
  roster: SimExpert[];
  stream: SimRequest[];
  runs: (SimRun & { violations: Violation[]; figures: PolicyFigures & PolicyDetails })[];
}

export function simulateYear(input: YearInput): YearResult {
  const roster = prepareRoster(input.experts, input.seed, input.world);
  const stream = generateStream({ requests: input.requests, start: input.start, seed: input.seed }, input.world);
  const runs = (input.policies ?? Object.values(POLICIES)).map((policy) => {
    const run = runYear(roster, stream, policy, input.seed);
    const violations = checkYear(roster, stream, run.events);
    return { ...run, violations, figures: figures(roster, stream, run, violations) };
  });
  return { roster, stream, runs };
}

/** The JSON object of `npm run simulate -- --json`: exactly the fields issue 13 names (more with `extended`). */
export function yearJson(result: YearResult, extended = false) {
  const policies: Record<string, PolicyFigures | (PolicyFigures & PolicyDetails)> = {};
  for (const run of result.runs) {
    const f = run.figures;
    const core: PolicyFigures = {
      fullyStaffed: f.fullyStaffed,
      minWomenMet: f.minWomenMet,
      standbyWithin72h: f.standbyWithin72h,
      medianScore: f.medianScore,
      gini: f.gini,
      maxDays: f.maxDays,
      violations: f.violations,
    };
    policies[run.policy] = extended ? f : core;
  }
  return { requests: result.stream.length, policies };
}
