/**
 * Eligibility of an expert for a role of a request (docs/api.md, "Proposals"). Reasons are kept
 * as a bit mask (bit i = EXCLUSION_REASONS[i]) so that a proposal over a large roster splits the
 * work: the role-independent checks (availability, commitments, nationality, clearances, day cap,
 * rest) run once per expert, the role checks (expertise, languages) once per expert and role.
 *
 * Rules, with the decisions the contract leaves open:
 * - Commitments whose `requestId` is this request are ignored everywhere: seats on this request
 *   are `role.held`, and counting them again would exclude an expert for holding their own seat.
 * - LANGUAGE_MISSING: the best proficiency listed for the code must be WORKING or above.
 * - CLEARANCE_EXPIRED: a clearance valid until exactly `endDate` is fine; the day before is not.
 * - DAY_CAP_EXCEEDED: per calendar year the request touches, the days of that year covered by
 *   OFFERED/ACCEPTED/DEPLOYED/COMPLETED commitments (overlaps counted once) plus the request's days
 *   in that year must not exceed `maxDeploymentDaysPerYear`; exactly the cap is fine. Days of a
 *   live commitment overlapping the request count too (that expert is ALREADY_ASSIGNED anyway).
 * - REST_PERIOD: as docs/api.md words it, another live in-person commitment that ends fewer than
 *   7 days before startDate (startDate - endDate < 7) or starts fewer than 7 days after endDate
 *   (one ending 3 Jan vs a start on 10 Jan is fine; ending 4 Jan is not). A commitment that
 *   overlaps the request is ALREADY_ASSIGNED only, not also REST_PERIOD: "rest between two
 *   deployments" has no meaning for the same days, and double-counting it would skew the
 *   most-frequent-reason summary of unfilled roles. Another nearby commitment still adds it.
 * - CONFLICT_OF_INTEREST: a declared interest in request.country, or in a party whose folded name
 *   (server/domain/interests.ts: case, accents and spacing ignored) equals one of request.parties.
 *   It sits beside NATIONALITY_CONFLICT, which stays the rule for nationalities.
 */
import { makeContext, type RequestContext } from './context.js';
import { coveredDays, dayNumber } from './dates.js';
import { hasConflictOfInterest } from '../interests.js';
import {
  EXCLUSION_REASONS,
  type EligibilityResult,
  type ExclusionReason,
  type MatchExpert,
  type MatchOptions,
  type MatchRequest,
  type MatchRole,
  type Proficiency,
} from './types.js';

export const EXPERTISE_MISSING = 1 << 0;
export const LANGUAGE_MISSING = 1 << 1;
export const UNAVAILABLE = 1 << 2;
export const ALREADY_ASSIGNED = 1 << 3;
export const NATIONALITY_CONFLICT = 1 << 4;
export const CLEARANCE_EXPIRED = 1 << 5;
export const DAY_CAP_EXCEEDED = 1 << 6;
export const REST_PERIOD = 1 << 7;
export const CONFLICT_OF_INTEREST = 1 << 8;

export const PROFICIENCY_RANK: Readonly<Record<Proficiency, number>> = Object.freeze({
  BASIC: 1,
  WORKING: 2,
  FLUENT: 3,
  NATIVE: 4,
});

/** OFFERED, ACCEPTED and DEPLOYED hold days; string tests beat a Set lookup in this hot loop. */
function isLive(status: string): boolean {
  return status === 'ACCEPTED' || status === 'OFFERED' || status === 'DEPLOYED';
}

// One frozen array per mask, shared by every excluded entry with that mask: a proposal over
// 100k experts and several roles would otherwise allocate hundreds of thousands of tiny arrays.
const MASK_REASONS: (readonly ExclusionReason[])[] = [];
for (let mask = 0; mask < 1 << EXCLUSION_REASONS.length; mask++) {
  MASK_REASONS.push(Object.freeze(EXCLUSION_REASONS.filter((_, i) => (mask & (1 << i)) !== 0)));
}

/** The reasons of a mask, in contract order. Shared and frozen: copy before mutating. */
export function reasonsOfMask(mask: number): ExclusionReason[] {
  return MASK_REASONS[mask] as ExclusionReason[];
}

/** Best level the expert has in `area`, 0 when none. */
export function bestLevel(expert: MatchExpert, area: string): number {
  let best = 0;
  for (const x of expert.expertise) if (x.area === area && x.level > best) best = x.level;
  return best;
}

/** Best proficiency rank (1..4) the expert lists for `code`, 0 when none. */
export function bestProficiency(expert: MatchExpert, code: string): number {
  let best = 0;
  for (const l of expert.languages) {
    if (l.code === code) {
      const r = PROFICIENCY_RANK[l.proficiency] ?? 0;
      if (r > best) best = r;
    }
  }
  return best;
}

/** Role-specific checks: EXPERTISE_MISSING and LANGUAGE_MISSING. */
export function roleMask(role: MatchRole, expert: MatchExpert): number {
  let mask = 0;
  if (bestLevel(expert, role.expertise) < role.minLevel) mask |= EXPERTISE_MISSING;
  for (const code of role.languages) {
    if (bestProficiency(expert, code) < PROFICIENCY_RANK.WORKING) {
      mask |= LANGUAGE_MISSING;
      break;
    }
  }
  return mask;
}

/** Role-independent checks: everything except expertise and languages. */
export function requestMask(ctx: RequestContext, expert: MatchExpert): number {
  const { request, inPerson } = ctx;
  const { startDate, endDate } = request;
  let mask = 0;

  for (const u of expert.unavailable) {
    if (u.startDate <= endDate && u.endDate >= startDate) {
      mask |= UNAVAILABLE;
      break;
    }
  }

  let capIntervals: [number, number][] | undefined;
  for (const c of expert.commitments) {
    if (c.requestId === request.id) continue;
    const overlaps = c.startDate <= endDate && c.endDate >= startDate;
    const live = isLive(c.status);
    if (live) {
      if (overlaps) mask |= ALREADY_ASSIGNED;
      else if (
        inPerson &&
        c.mode !== 'REMOTE' &&
        ((c.endDate < startDate && c.endDate >= ctx.restFrom) || (c.startDate > endDate && c.startDate <= ctx.restUntil))
      ) {
        mask |= REST_PERIOD;
      }
    }
    if ((live || c.status === 'COMPLETED') && c.startDate <= ctx.yearsUntil && c.endDate >= ctx.yearsFrom) {
      (capIntervals ??= []).push([dayNumber(c.startDate), dayNumber(c.endDate)]);
    }
  }

  if (expert.nationalities.includes(request.country)) mask |= NATIONALITY_CONFLICT;
  if (hasConflictOfInterest(expert.declaredInterests, request.country, ctx.partyKeys)) mask |= CONFLICT_OF_INTEREST;

  if (inPerson) {
    const s = expert.securityTrainingValidUntil;
    const m = expert.medicalClearanceValidUntil;
    if (s === null || s === undefined || s < endDate || m === null || m === undefined || m < endDate) {
      mask |= CLEARANCE_EXPIRED;
    }
  }

  const cap = expert.maxDeploymentDaysPerYear;
  for (const y of ctx.years) {
    const committed = capIntervals ? coveredDays(capIntervals, y.lo, y.hi) : 0;
    if (committed + y.requestDays > cap) {
      mask |= DAY_CAP_EXCEEDED;
      break;
    }
  }

  return mask;
}

/** Whether `expert` may fill a seat of `role` on `request`, with every reason that applies. */
export function evaluateEligibility(
  request: MatchRequest,
  role: MatchRole,
  expert: MatchExpert,
  options: MatchOptions = {},
): EligibilityResult {
  const mask = roleMask(role, expert) | requestMask(makeContext(request, options), expert);
  return { eligible: mask === 0, reasons: [...reasonsOfMask(mask)] };
}
