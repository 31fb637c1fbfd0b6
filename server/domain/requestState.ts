// The life of a deployment request as one pure function. SUBMITTED → STAFFING → APPROVED →
// DEPLOYED → COMPLETED, and CANCELLED from any state before COMPLETED.

export const REQUEST_STATUSES = ['SUBMITTED', 'STAFFING', 'APPROVED', 'DEPLOYED', 'COMPLETED', 'CANCELLED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

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
