/**
 * proposeTeam: the whole proposal for one request. It evaluates every expert against every role
 * (role-independent checks once per expert), scores the eligible ones, pins the experts who
 * already hold seats, hands the free seats to the exact optimiser and explains what is missing.
 *
 * Decisions the contract leaves open:
 * - Held experts are pinned even if now ineligible, in `held` order, and count toward women and
 *   totalScore. Held ids absent from `experts` are still pinned (score 0, reason "expert record
 *   not supplied") so that a live assignment is never silently dropped; an id held twice is
 *   pinned once (first role). More held experts than `count` are all kept (missing is then 0).
 * - Names compare by UTF-16 code units (not locale collation), so order is the same on every
 *   machine; ids break ties. Expert ids are expected to be distinct (they are primary keys).
 * - When seats stay empty AND the team has fewer women than minWomen, the short roles also carry
 *   MIN_WOMEN_NOT_MET. The excluded entries share frozen reason arrays (copy to mutate).
 * - `candidates` lists every eligible expert, members and pinned experts included (a pinned
 *   expert can be eligible for other roles too); `excluded` includes ineligible pinned experts.
 *
 * Performance shape: pass 1 walks the roster in input order (sequential memory) and keeps only a
 * reason mask per (role, expert) plus the scored eligible pairs; pass 2 walks the name order to
 * emit `excluded` bucketed by reason count, so no per-role sort over the whole roster is needed.
 */
import { makeContext } from './context.js';
import { EXPERTISE_MISSING, reasonsOfMask, requestMask, roleMask } from './eligibility.js';
import { expertBase, roleFit, SCORE_SCALE, type ExpertBase } from './score.js';
import { solveSeats, type SeatCandidate } from './optimise.js';
import {
  EXCLUSION_REASONS,
  type MatchExpert,
  type MatchOptions,
  type MatchRequest,
  type Proposal,
  type ProposalCandidate,
  type ProposalExcluded,
  type ProposalMember,
  type ProposalUnfilled,
  type UnfilledReason,
} from './types.js';

const MAX_EXCLUSION_REASONS_PER_ROLE = 3;
const REASON_COUNT = EXCLUSION_REASONS.length;

const POPCOUNT = new Uint8Array(1 << REASON_COUNT);
for (let m = 1; m < POPCOUNT.length; m++) POPCOUNT[m] = (m & 1) + POPCOUNT[m >> 1]!;

interface Eligible {
  index: number;
  units: number;
  reasons: string[];
}

/** Expert indices in canonical order: fullName, then id (UTF-16 code-unit comparison). */
function canonicalOrder(experts: MatchExpert[], ids: string[]): number[] {
  const names = experts.map((e) => e.fullName);
  return names
    .map((_, i) => i)
    .sort((i, j) => {
      const a = names[i]!;
      const b = names[j]!;
      if (a !== b) return a < b ? -1 : 1;
      const x = ids[i]!;
      const y = ids[j]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
}

export function proposeTeam(request: MatchRequest, experts: MatchExpert[], options: MatchOptions = {}): Proposal {
  const ctx = makeContext(request, options);
  const roles = request.roles;
  const n = experts.length;
  const nRoles = roles.length;

  // Pinned seats: expert id -> role index (the first role holding it).
  const pinnedRole = new Map<string, number>();
  roles.forEach((role, r) => {
    for (const id of role.held) if (!pinnedRole.has(id)) pinnedRole.set(id, r);
  });
  const indexById = new Map<string, number>();

  // Pass 1, input order: masks, scores of eligible pairs, knock-out statistics.
  const masks = new Uint16Array(n * nRoles); // one bit per ExclusionReason (9 of them)
  const eligible: Eligible[][] = roles.map(() => []);
  const knockedOut: number[][] = roles.map(() => new Array<number>(REASON_COUNT).fill(0));
  for (let i = 0; i < n; i++) {
    const expert = experts[i]!;
    if (pinnedRole.size > 0 && pinnedRole.has(expert.id) && !indexById.has(expert.id)) indexById.set(expert.id, i);
    const reqMask = requestMask(ctx, expert);
    let base: ExpertBase | undefined;
    for (let r = 0; r < nRoles; r++) {
      const role = roles[r]!;
      const mask = roleMask(role, expert) | reqMask;
      masks[r * n + i] = mask;
      if (mask === 0) {
        base ??= expertBase(ctx, expert);
        const fit = roleFit(ctx, role, expert, base);
        eligible[r]!.push({ index: i, units: fit.units, reasons: fit.reasons });
      } else if (!(mask & EXPERTISE_MISSING)) {
        // Only experts who had the expertise explain a shortage; everyone else is noise.
        const counts = knockedOut[r]!;
        for (let b = 1; b < REASON_COUNT; b++) if (mask & (1 << b)) counts[b]!++;
      }
    }
  }

  const ids = experts.map((e) => e.id); // dense copy: pass 2 reads ids in name order
  const order = canonicalOrder(experts, ids);
  const rank = new Int32Array(n);
  for (let p = 0; p < n; p++) rank[order[p]!] = p;
  for (const list of eligible) list.sort((a, b) => b.units - a.units || rank[a.index]! - rank[b.index]!);

  // Pinned members.
  const members: ProposalMember[][] = roles.map(() => []);
  const seated = new Map<string, number>(); // expert id -> role index of their seat
  let women = 0;
  let totalUnits = 0;
  roles.forEach((role, r) => {
    for (const id of role.held) {
      if (pinnedRole.get(id) !== r || seated.has(id)) continue;
      seated.set(id, r);
      const i = indexById.get(id);
      if (i === undefined) {
        members[r]!.push({ roleId: role.id, expertId: id, fitScore: 0, reasons: ['expert record not supplied'], pinned: true });
        continue;
      }
      const expert = experts[i]!;
      const fit = roleFit(ctx, role, expert, expertBase(ctx, expert));
      members[r]!.push({ roleId: role.id, expertId: id, fitScore: fit.units / SCORE_SCALE, reasons: fit.reasons, pinned: true });
      totalUnits += fit.units;
      if (expert.gender === 'FEMALE') women++;
    }
  });

  // Free seats go to the optimiser; pinned experts are not candidates for any other seat.
  const solution = solveSeats({
    roles: roles.map((role, r) => ({
      seats: Math.max(0, role.count - members[r]!.length),
      candidates: eligible[r]!.filter((c) => pinnedRole.size === 0 || !pinnedRole.has(experts[c.index]!.id)).map(
        (c): SeatCandidate => ({ expert: c.index, score: c.units, female: experts[c.index]!.gender === 'FEMALE' }),
      ),
    })),
    womenTarget: Math.max(0, request.minWomen - women),
  });
  const chosen = roles.map(() => new Set<number>());
  for (const a of solution.assignment) chosen[a.role]!.add(a.expert);
  roles.forEach((role, r) => {
    if (chosen[r]!.size === 0) return;
    for (const c of eligible[r]!) {
      if (!chosen[r]!.has(c.index)) continue;
      seated.set(experts[c.index]!.id, r);
      members[r]!.push({ roleId: role.id, expertId: experts[c.index]!.id, fitScore: c.units / SCORE_SCALE, reasons: c.reasons, pinned: false });
    }
  });
  women += solution.women;
  totalUnits += solution.score;

  // Explain what is missing.
  const unfilled: ProposalUnfilled[] = [];
  const womenShort = women < request.minWomen;
  roles.forEach((role, r) => {
    const missing = role.count - members[r]!.length;
    if (missing <= 0) return;
    const elsewhere = eligible[r]!.some((c) => {
      const seat = seated.get(experts[c.index]!.id);
      return seat !== undefined && seat !== r;
    });
    const reasons: UnfilledReason[] = [elsewhere ? 'CANDIDATES_NEEDED_ELSEWHERE' : 'NO_ELIGIBLE_EXPERTS'];
    const counts = knockedOut[r]!;
    const top = EXCLUSION_REASONS.map((reason, b) => ({ reason, n: counts[b]! }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n) // stable: ties keep contract order
      .slice(0, MAX_EXCLUSION_REASONS_PER_ROLE);
    for (const x of top) reasons.push(x.reason);
    if (womenShort) reasons.push('MIN_WOMEN_NOT_MET');
    unfilled.push({ roleId: role.id, missing, reasons });
  });
  if (unfilled.length === 0 && womenShort) {
    for (const role of roles) unfilled.push({ roleId: role.id, missing: 0, reasons: ['MIN_WOMEN_NOT_MET'] });
  }

  // Pass 2, name order: candidates are already sorted; excluded are bucketed by reason count.
  const candidates: ProposalCandidate[] = [];
  const excluded: ProposalExcluded[] = [];
  const buckets: number[][] = Array.from({ length: REASON_COUNT + 1 }, () => []);
  roles.forEach((role, r) => {
    for (const c of eligible[r]!) {
      candidates.push({ roleId: role.id, expertId: experts[c.index]!.id, fitScore: c.units / SCORE_SCALE, reasons: c.reasons });
    }
    for (const b of buckets) b.length = 0;
    const offset = r * n;
    for (let p = 0; p < n; p++) {
      const i = order[p]!;
      const mask = masks[offset + i]!;
      if (mask !== 0) buckets[POPCOUNT[mask]!]!.push(i);
    }
    for (const bucket of buckets) {
      for (const i of bucket) excluded.push({ roleId: role.id, expertId: ids[i]!, reasons: reasonsOfMask(masks[offset + i]!) });
    }
  });

  return {
    complete: !womenShort && unfilled.every((u) => u.missing <= 0),
    totalScore: totalUnits / SCORE_SCALE,
    members: members.flat(),
    unfilled,
    candidates,
    excluded,
  };
}
