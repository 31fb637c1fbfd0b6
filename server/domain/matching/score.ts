/**
 * fitScore: how well one expert fits one role of one request, in [0, 1]. It depends only on the
 * expert, the role and the request (never on the rest of the team), which is what lets the
 * optimiser treat it as a fixed edge weight.
 *
 *   fitScore = round4(clamp01( 0.35·E + 0.20·L + 0.15·C + 0.10·R + 0.10·S + 0.10·(1 − D) + 0.05·A ))
 *
 * - E expertise depth: 0 below minLevel, else (level − minLevel + 1) / (6 − minLevel), so meeting
 *   the bar exactly earns a share and level 5 earns 1 (minLevel 3: 1/3, 2/3, 1).
 * - L language: mean over the role's languages of BASIC/none 0, WORKING 1/3, FLUENT 2/3, NATIVE 1.
 *   A role without languages needs none, so L = 1 for everyone: rewarding languages nobody asked
 *   for would be arbitrary, and a constant keeps the ranking on the other factors.
 * - C country: 1 when the expert has worked in request.country (the strongest single signal).
 * - R region: 1 when the expert has worked anywhere in the request country's region (per
 *   options.regionOf, the request country included), so country experience earns C + R = 0.25
 *   and experience elsewhere in the region 0.10.
 * - S standby: 1 for STANDBY_TEAM members when the request starts (00:00 UTC of startDate) at
 *   most 72 hours after `now` (or has started): that is what the standby team is for.
 * - D load: DEPLOYED/COMPLETED commitment days in the request's start year over the expert's
 *   annual cap, capped at 1, so work spreads across the roster.
 * - A appraisals, centred on a neutral rating: A = 0 for an expert without appraisals (no penalty
 *   for being new); with n ≥ 1 appraisals whose ratings sum to Σr, A = (m − 3) / 2 where
 *   m = (Σr + 2·3) / (n + 2) is their mean shrunk toward 3 as if by two extra ratings of 3. So
 *   A ∈ (−1, 1): one rating of 5 gives A = 1/3 (+0.0167), four ratings of 5 give 2/3 (+0.0333).
 *   Noisy ratings move scores little until they agree.
 * round4(x) = round(x · 10,000) / 10,000 (halves up); clamp01 bounds to [0, 1]. The six positive
 * weights sum to 1, so without appraisals the clamp only guards against bad data; with them it
 * keeps a perfect expert at 1 and any other score within [0, 1]. Scores are rounded to 4 decimals
 * and the optimiser works on the integers 0..10000, so sums are exact.
 */
import { makeContext, type RequestContext } from './context.js';
import { coveredDays, dayNumber } from './dates.js';
import { bestLevel, bestProficiency } from './eligibility.js';
import type { FitResult, MatchExpert, MatchOptions, MatchRequest, MatchRole } from './types.js';
import { APPRAISAL_PRIOR, APPRAISAL_WEIGHT, FIT_WEIGHTS } from './weights.js';

export { APPRAISAL_PRIOR, APPRAISAL_WEIGHT, FIT_WEIGHTS };

/** One-line statement of the formula, for schema descriptions. */
export const FIT_FORMULA =
  `fitScore = round4(clamp01(${FIT_WEIGHTS.expertise}·expertise + ${FIT_WEIGHTS.language}·language + ` +
  `${FIT_WEIGHTS.countryExperience}·worked in country + ${FIT_WEIGHTS.regionExperience}·worked in region + ` +
  `${FIT_WEIGHTS.standbyShortNotice}·standby team on short notice (≤72 h) + ` +
  `${FIT_WEIGHTS.lowLoad}·(1 − min(1, deployed days this year / annual cap)) + ` +
  `${APPRAISAL_WEIGHT}·appraisal)), round4 rounding to 4 decimals (halves up) and clamp01 bounding to 0–1; ` +
  'expertise = (level − minLevel + 1)/(6 − minLevel), 0 below minLevel; language = mean over role languages of ' +
  'WORKING 1/3, FLUENT 2/3, NATIVE 1 (1 when the role needs none); ' +
  `appraisal = 0 without appraisals, else (m − ${APPRAISAL_PRIOR.rating})/2 with ` +
  `m = (sum of ratings + ${APPRAISAL_PRIOR.count}·${APPRAISAL_PRIOR.rating})/(number of appraisals + ${APPRAISAL_PRIOR.count}) ` +
  '(no penalty for an expert never appraised)';

/** Score scale of the optimiser: fitScore × SCORE_SCALE is an integer. */
export const SCORE_SCALE = 10_000;

/** L of the formula: the credit of a proficiency rank (PROFICIENCY_RANK; 0 = none listed). */
export const LANGUAGE_CREDIT: readonly number[] = Object.freeze([0, 0, 1 / 3, 2 / 3, 1]);
const PROFICIENCY_WORD = ['no', 'basic', 'working', 'fluent', 'native'];

/** The role-independent part of the score of one expert for one request. */
export interface ExpertBase {
  /** Weighted C + R + S + (1 − D) + A terms. */
  partial: number;
  reasons: string[];
}

export function expertBase(ctx: RequestContext, expert: MatchExpert): ExpertBase {
  const { request, weights } = ctx;
  const reasons: string[] = [];
  let partial = 0;

  const country = expert.countryExperience.includes(request.country);
  if (country) {
    partial += weights.countryExperience;
    reasons.push(`worked in ${request.country}`);
  }
  const region = ctx.requestRegion;
  if (region !== undefined) {
    // The request country itself counts for the region; a reason only when another country earned it.
    let other = false;
    for (const c of expert.countryExperience) {
      if (c !== request.country && ctx.regionOf(c) === region) {
        other = true;
        break;
      }
    }
    if (country || other) partial += weights.regionExperience;
    if (other) reasons.push(`worked in ${region}`);
  }

  if (ctx.shortNotice && expert.tier === 'STANDBY_TEAM') {
    partial += weights.standbyShortNotice;
    reasons.push('standby team, short notice');
  }

  const y = ctx.startYear;
  let intervals: [number, number][] | undefined;
  const from = ctx.yearsFrom;
  const until = ctx.startYearUntil;
  for (const c of expert.commitments) {
    if (c.requestId === request.id) continue;
    if ((c.status === 'DEPLOYED' || c.status === 'COMPLETED') && c.startDate <= until && c.endDate >= from) {
      (intervals ??= []).push([dayNumber(c.startDate), dayNumber(c.endDate)]);
    }
  }
  const deployed = intervals ? coveredDays(intervals, y.lo, y.hi) : 0;
  const load = Math.min(1, deployed / Math.max(1, expert.maxDeploymentDaysPerYear));
  partial += weights.lowLoad * (1 - (Number.isFinite(load) ? load : 1));
  if (deployed > 0) reasons.push(`${deployed} deployed days ${ctx.startYearIsCurrent ? 'this year' : `in ${y.year}`}`);

  const rated = expert.appraisals;
  if (rated && rated.count > 0) {
    partial += weights.appraisal * appraisalTerm(rated.count, rated.sum);
    reasons.push(`rated ${(rated.sum / rated.count).toFixed(1)} on average by ${rated.count} appraisal${rated.count === 1 ? '' : 's'}`);
  }

  return { partial, reasons };
}

/** A in the module header: 0 without appraisals, else the shrunk mean rating centred on 3, in (−1, 1). */
export function appraisalTerm(count: number, sum: number): number {
  if (!(count > 0)) return 0;
  const mean = (sum + APPRAISAL_PRIOR.count * APPRAISAL_PRIOR.rating) / (count + APPRAISAL_PRIOR.count);
  return (mean - APPRAISAL_PRIOR.rating) / 2;
}

/** Score as an integer 0..SCORE_SCALE plus reasons, given the precomputed expert base. */
export function roleFit(ctx: RequestContext, role: MatchRole, expert: MatchExpert, base: ExpertBase): { units: number; reasons: string[] } {
  const minLevel = Math.min(5, Math.max(1, role.minLevel));
  const level = bestLevel(expert, role.expertise);
  const e = level < minLevel ? 0 : Math.min(1, (level - minLevel + 1) / (6 - minLevel));
  const reasons: string[] =
    level > 0
      ? [`level ${level} in ${role.expertise} (needs ${role.minLevel})`]
      : [`no ${role.expertise} expertise (needs ${role.minLevel})`];

  let l = 1;
  if (role.languages.length > 0) {
    let sum = 0;
    for (const code of role.languages) {
      const rank = bestProficiency(expert, code);
      sum += LANGUAGE_CREDIT[rank] ?? 0;
      reasons.push(`${PROFICIENCY_WORD[rank] ?? 'no'} ${code}`);
    }
    l = sum / role.languages.length;
  }

  const raw = ctx.weights.expertise * e + ctx.weights.language * l + base.partial;
  const clamped = raw < 0 ? 0 : raw > 1 ? 1 : raw;
  // Halves up, as documented: the exact sum is a fraction whose ten-thousandths may end in exactly
  // one half (0.84875), which the float sum can land just below (0.848749999…). Rounding to 10⁻⁹
  // first removes that float noise (far below any real difference of the terms), then Math.round
  // takes the half up. test/oracle computes the same in exact fractions.
  const units = Math.round(Math.round(clamped * SCORE_SCALE * 100_000) / 100_000);
  for (const r of base.reasons) reasons.push(r);
  return { units, reasons };
}

/** fitScore of `expert` for `role` of `request` (formula in the module header). */
export function fitScore(request: MatchRequest, role: MatchRole, expert: MatchExpert, options: MatchOptions = {}): FitResult {
  const ctx = makeContext(request, options);
  const { units, reasons } = roleFit(ctx, role, expert, expertBase(ctx, expert));
  return { score: units / SCORE_SCALE, reasons };
}
