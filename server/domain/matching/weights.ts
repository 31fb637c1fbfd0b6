/**
 * The numbers of the fitScore formula (the formula itself is documented in score.ts): the six
 * positive weights, which sum to 1, and the appraisal term's weight and prior. Kept apart from
 * score.ts so that the per-request context can resolve them without an import cycle.
 */
import type { FitWeights, MatchOptions } from './types.js';

/** Weights of the positive fitScore terms (score.ts); they sum to 1. */
export const FIT_WEIGHTS = Object.freeze({
  expertise: 0.35,
  language: 0.2,
  countryExperience: 0.15,
  regionExperience: 0.1,
  standbyShortNotice: 0.1,
  lowLoad: 0.1,
});

/**
 * Weight of the centred appraisal term A ∈ [−1, 1] (score.ts): appraisals move a score by at most
 * ±0.05, half the standby or load term, and an expert without appraisals has A = 0.
 */
export const APPRAISAL_WEIGHT = 0.05;

/**
 * The appraisal mean is shrunk toward a neutral 3 as if every expert had PRIOR_COUNT extra
 * appraisals of 3: one glowing or poor rating moves the score by a third of what many would.
 */
export const APPRAISAL_PRIOR = Object.freeze({ rating: 3, count: 2 });

/** The served weights, with any of `options.weights` in their place. */
export function fitWeights(options: MatchOptions = {}): Readonly<FitWeights> {
  return { ...FIT_WEIGHTS, appraisal: APPRAISAL_WEIGHT, ...options.weights };
}
