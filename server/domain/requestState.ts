// The life of a deployment request as one pure function. SUBMITTED → STAFFING → APPROVED →
// DEPLOYED → COMPLETED, and CANCELLED from any state before COMPLETED. The statuses are the
// database's enum (a type-only import: nothing of the database is loaded here).
import type { Gender, RequestStatus } from '../../schema/index.js';
import { ConflictError } from './errors.js';

export type { RequestStatus };

const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  SUBMITTED: ['STAFFING', 'CANCELLED'],
  STAFFING: ['APPROVED', 'CANCELLED'],
  APPROVED: ['DEPLOYED', 'CANCELLED'],
  DEPLOYED: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

/** Whether a request may move from `from` to `to`. */
export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return NEXT[from].includes(to);
}

/** The states reachable in one step. */
export function nextStatuses(from: RequestStatus): readonly RequestStatus[] {
  return NEXT[from];
}

/** A request still wants offers while it is being staffed or not yet approved. */
export function acceptsOffers(status: RequestStatus): boolean {
  return status === 'SUBMITTED' || status === 'STAFFING';
}

export interface ApprovalFacts {
  status: RequestStatus;
  minWomen: number;
  roles: readonly { id: string; count: number }[];
  /** The request's ACCEPTED assignments, with each expert's gender. */
  accepted: readonly { roleId: string; gender: Gender }[];
}

/**
 * The approval rule: a STAFFING request is approved only when every seat of every role has an
 * ACCEPTED assignment and at least minWomen of them are FEMALE; CONFLICT naming what is missing
 * otherwise. Other states are the state machine's to refuse (canTransition).
 */
export function assertApprovable(facts: ApprovalFacts): void {
  if (facts.status !== 'STAFFING') return;
  const short = facts.roles.filter((role) => facts.accepted.filter((a) => a.roleId === role.id).length < role.count);
  if (short.length) throw new ConflictError(`${short.length} role(s) still have seats without an ACCEPTED assignment.`, 'SEATS_NOT_ACCEPTED');
  const women = facts.accepted.filter((a) => a.gender === 'FEMALE').length;
  if (women < facts.minWomen) throw new ConflictError(`The team has ${women} women; the request needs at least ${facts.minWomen}.`, 'MIN_WOMEN_NOT_MET');
}
