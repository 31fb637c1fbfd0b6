// What an assignment's status means for the rest of the service. The statuses themselves are the
// database's enum (a type-only import); these are the subsets that rules and queries share.
import type { AssignmentStatus } from '../../schema/index.js';

/** Statuses that hold the expert's days (the exclusion constraint on assignments uses the same list). */
export const LIVE_STATUSES = ['OFFERED', 'ACCEPTED', 'DEPLOYED'] as const satisfies readonly AssignmentStatus[];

/** Statuses that make an expert part of a request's team as its requester sees it: not a declined or withdrawn offer. */
export const TEAM_STATUSES = [...LIVE_STATUSES, 'COMPLETED'] as const satisfies readonly AssignmentStatus[];

export function isLive(status: AssignmentStatus): boolean {
  return (LIVE_STATUSES as readonly AssignmentStatus[]).includes(status);
}

export function isOnTeam(status: AssignmentStatus): boolean {
  return (TEAM_STATUSES as readonly AssignmentStatus[]).includes(status);
}
