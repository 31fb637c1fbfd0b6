/**
 * Plain data types of the team-matching engine. The engine is pure: the GraphQL layer loads a
 * request, its roles (with the experts already holding seats) and the candidate roster, maps them
 * to these shapes and gets a `Proposal` back. Nothing here knows about GraphQL, the database or
 * HTTP, so the same code runs in tests, in the benchmark and behind `proposeTeam`.
 */

// The closed sets shared with the database are its enums (type-only: erased at compile time).
import type { DeploymentMode, Gender, Proficiency, RosterTier } from '../../../schema/index.js';
import type { DeclaredInterest } from '../interests.js';
export type { DeclaredInterest, DeploymentMode, Gender, Proficiency, RosterTier };

/** Why an expert is not eligible for a role. The order of this union is the order reasons are listed in. */
export type ExclusionReason =
  | 'EXPERTISE_MISSING'
  | 'LANGUAGE_MISSING'
  | 'UNAVAILABLE'
  | 'ALREADY_ASSIGNED'
  | 'NATIONALITY_CONFLICT'
  | 'CLEARANCE_EXPIRED'
  | 'DAY_CAP_EXCEEDED'
  | 'REST_PERIOD'
  | 'CONFLICT_OF_INTEREST';

/** The same order as a runtime list (index = bit position in the engine's reason masks). */
export const EXCLUSION_REASONS: readonly ExclusionReason[] = Object.freeze([
  'EXPERTISE_MISSING',
  'LANGUAGE_MISSING',
  'UNAVAILABLE',
  'ALREADY_ASSIGNED',
  'NATIONALITY_CONFLICT',
  'CLEARANCE_EXPIRED',
  'DAY_CAP_EXCEEDED',
  'REST_PERIOD',
  'CONFLICT_OF_INTEREST',
] as const);

/**
 * Why a role is short of seats (or why the team is incomplete).
 * - `NO_ELIGIBLE_EXPERTS`: no eligible expert is left for the missing seats: nobody is eligible,
 *   or every eligible expert already sits in this very role.
 * - `CANDIDATES_NEEDED_ELSEWHERE`: some expert eligible for this role fills a seat of another role
 *   (the optimum could not give them to both).
 * - `MIN_WOMEN_NOT_MET`: the team has fewer `FEMALE` members than `minWomen`.
 * - an `ExclusionReason`: what knocked out experts who had the role's expertise at `minLevel`.
 */
export type UnfilledReason = 'NO_ELIGIBLE_EXPERTS' | 'CANDIDATES_NEEDED_ELSEWHERE' | 'MIN_WOMEN_NOT_MET' | ExclusionReason;

/** `YYYY-MM-DD` days, both ends included. */
export interface DateRange {
  startDate: string;
  endDate: string;
}

export interface MatchRole {
  id: string;
  /** Expertise area code, e.g. `SECURITY_ARRANGEMENTS`. */
  expertise: string;
  minLevel: number;
  /** ISO 639-1 codes the role needs at `WORKING` or above. */
  languages: string[];
  count: number;
  /** Expert ids already holding a live assignment on this role of THIS request: pinned seats. */
  held: string[];
}

export interface MatchRequest {
  id: string;
  country: string;
  mode: DeploymentMode;
  startDate: string;
  endDate: string;
  minWomen: number;
  roles: MatchRole[];
  /** ISO datetime of evaluation, for the 72-hour short-notice rule. */
  now: string;
  /** The actors involved (free text), for CONFLICT_OF_INTEREST; absent means none named. */
  parties?: string[];
}

/** An assignment of the expert on ANOTHER request (ones on this request are ignored). */
export interface ExpertCommitment {
  requestId: string;
  startDate: string;
  endDate: string;
  mode: DeploymentMode;
  status: 'OFFERED' | 'ACCEPTED' | 'DEPLOYED' | 'COMPLETED';
}

export interface MatchExpert {
  id: string;
  fullName: string;
  tier: RosterTier;
  gender: Gender;
  nationalities: string[];
  countryExperience: string[];
  securityTrainingValidUntil: string | null;
  medicalClearanceValidUntil: string | null;
  maxDeploymentDaysPerYear: number;
  languages: { code: string; proficiency: Proficiency }[];
  expertise: { area: string; level: number }[];
  /** Days the expert marked UNAVAILABLE (may extend beyond the request). */
  unavailable: DateRange[];
  /** May include ones far from the request; the engine filters. */
  commitments: ExpertCommitment[];
  /** Declared ties to a country or a party (CONFLICT_OF_INTEREST); absent means none. */
  declaredInterests?: DeclaredInterest[];
  /** Appraisals received (ratings 1–5): how many, and the sum of their ratings; absent means none. */
  appraisals?: { count: number; sum: number };
}

/** The fitScore weights (score.ts): the six positive terms and the centred appraisal term. */
export interface FitWeights {
  expertise: number;
  language: number;
  countryExperience: number;
  regionExperience: number;
  standbyShortNotice: number;
  lowLoad: number;
  appraisal: number;
}

export interface MatchOptions {
  /** Region (e.g. UN subregion name) of an ISO 3166-1 alpha-2 country, for regional experience. */
  regionOf?: (country: string) => string | undefined;
  /**
   * Other fitScore weights than the served ones (score.ts), for what-if policies such as the
   * simulation's stronger load balance; the service never sets them.
   */
  weights?: Partial<FitWeights>;
}

export interface EligibilityResult {
  eligible: boolean;
  /** Every reason that applies, in the order of `ExclusionReason`. */
  reasons: ExclusionReason[];
}

export interface FitResult {
  /** In [0, 1], rounded to 4 decimals. */
  score: number;
  /** Short English phrases explaining the score. */
  reasons: string[];
}

export interface ProposalMember {
  roleId: string;
  expertId: string;
  fitScore: number;
  reasons: string[];
  /** True for experts from `role.held` (they already hold the seat). */
  pinned: boolean;
}

export interface ProposalUnfilled {
  roleId: string;
  missing: number;
  reasons: UnfilledReason[];
}

export interface ProposalCandidate {
  roleId: string;
  expertId: string;
  fitScore: number;
  reasons: string[];
}

export interface ProposalExcluded {
  roleId: string;
  expertId: string;
  reasons: ExclusionReason[];
}

export interface Proposal {
  complete: boolean;
  /** Sum of the members' fitScore (pinned members included). */
  totalScore: number;
  /** Role order; within a role pinned first (held order), then by fitScore desc, fullName, id. */
  members: ProposalMember[];
  unfilled: ProposalUnfilled[];
  /** Per role (role order), ALL eligible experts by fitScore desc, then fullName, then id. */
  candidates: ProposalCandidate[];
  /** Per role (role order), every ineligible expert: fewer reasons first, then fullName, then id. */
  excluded: ProposalExcluded[];
}
