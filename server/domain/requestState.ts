// The life of a deployment request as one pure function. SUBMITTED → STAFFING → APPROVED →
// DEPLOYED → COMPLETED, and CANCELLED from any state before COMPLETED. The statuses are the
// database's enum (a type-only import: nothing of the database is loaded here).
import type { RequestStatus } from '../../schema/index.js';

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
