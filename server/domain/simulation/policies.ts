/**
 * How a coordinator picks a team in the simulation. Every policy sees the same rules (the real
 * engine's eligibility) and returns new members for the free seats, experts already holding a
 * seat (`role.held`) kept:
 * - engine: `proposeTeam`, the exact optimum the service proposes.
 * - greedy: seats in role order, each given the best-scoring eligible expert still free: how it
 *   is done by hand. It reads the engine's per-role candidate lists (eligible experts by fitScore),
 *   so the two differ only in how seats are assigned, never in the rules or the scores.
 * - fair: the engine with the load term weighted 0.4 instead of 0.1, to spread deployment days.
 * - blind: the engine with the appraisal term switched off, to measure what appraisals are worth.
 */
import { proposeTeam } from '../matching/propose.js';
import type { MatchExpert, MatchOptions, MatchRequest } from '../matching/types.js';

export interface PolicyPick {
  role: number;
  expert: string;
}

export interface Policy {
  name: string;
  /** New members for the free seats of `request` (held seats excluded). */
  choose(request: MatchRequest, experts: MatchExpert[], options: MatchOptions): PolicyPick[];
  /** Weights this policy scores with, over the served ones. */
  weights?: MatchOptions['weights'];
}

function engineChoice(request: MatchRequest, experts: MatchExpert[], options: MatchOptions): PolicyPick[] {
  const roleIndex = new Map(request.roles.map((r, i) => [r.id, i]));
  return proposeTeam(request, experts, options)
    .members.filter((m) => !m.pinned)
    .map((m) => ({ role: roleIndex.get(m.roleId)!, expert: m.expertId }));
}

function greedyChoice(request: MatchRequest, experts: MatchExpert[], options: MatchOptions): PolicyPick[] {
  const { candidates } = proposeTeam(request, experts, options);
  const taken = new Set(request.roles.flatMap((r) => r.held));
  const picks: PolicyPick[] = [];
  request.roles.forEach((role, r) => {
    let free = role.count - role.held.length;
    for (const c of candidates) {
      if (free <= 0) break;
      if (c.roleId !== role.id || taken.has(c.expertId)) continue;
      taken.add(c.expertId);
      picks.push({ role: r, expert: c.expertId });
      free--;
    }
  });
  return picks;
}

export const FAIR_LOAD_WEIGHT = 0.4;

export const POLICIES: Readonly<Record<string, Policy>> = Object.freeze({
  engine: { name: 'engine', choose: engineChoice },
  greedy: { name: 'greedy', choose: greedyChoice },
  fair: { name: 'fair', choose: engineChoice, weights: { lowLoad: FAIR_LOAD_WEIGHT } },
  blind: { name: 'blind', choose: engineChoice, weights: { appraisal: 0 } },
});
