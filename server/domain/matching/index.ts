/**
 * Public surface of the pure team-matching engine behind `proposeTeam` (docs/api.md,
 * "Proposals"): eligibility with reasons, the documented fitScore with its weights, and the exact
 * team optimiser. Plain data in, plain data out; the GraphQL layer maps its records to these types.
 */
export * from './types.js';
export { evaluateEligibility } from './eligibility.js';
export { fitScore, appraisalTerm, FIT_WEIGHTS, APPRAISAL_WEIGHT, APPRAISAL_PRIOR, FIT_FORMULA, SCORE_SCALE } from './score.js';
export { fitWeights } from './weights.js';
export { proposeTeam } from './propose.js';
export { solveSeats, reduceCandidates } from './optimise.js';
export type { SeatProblem, SeatRole, SeatCandidate, SeatSolution, SeatAssignment } from './optimise.js';
export { SHORT_NOTICE_HOURS, REST_DAYS } from './context.js';
