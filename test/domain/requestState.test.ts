// The request state machine (server/domain/requestState.ts) against the table in docs/api.md:
// SUBMITTED → STAFFING → APPROVED → DEPLOYED → COMPLETED, or CANCELLED from any state before COMPLETED.
import { describe, expect, it } from 'vitest';
import { acceptsOffers, canTransition, nextStatuses, type RequestStatus } from '../../server/domain/requestState.js';
import { requestStatusEnum } from '../../schema/index.js';

const S = ['SUBMITTED', 'STAFFING', 'APPROVED', 'DEPLOYED', 'COMPLETED', 'CANCELLED'] as const;

// Written out by hand, row = from, column = to, in the order of S. 1 = allowed.
const TABLE: Record<RequestStatus, readonly (0 | 1)[]> = {
  //         SUB STA APP DEP COM CAN
  SUBMITTED: [0, 1, 0, 0, 0, 1],
  STAFFING: [0, 0, 1, 0, 0, 1],
  APPROVED: [0, 0, 0, 1, 0, 1],
  DEPLOYED: [0, 0, 0, 0, 1, 1],
  COMPLETED: [0, 0, 0, 0, 0, 0],
  CANCELLED: [0, 0, 0, 0, 0, 0],
};

describe('request state machine', () => {
  it('knows exactly the six statuses of the database enum', () => {
    expect([...requestStatusEnum.enumValues].sort()).toEqual([...S].sort());
  });

  // 6 × 6 = 36 cases.
  const pairs = S.flatMap((from) => S.map((to, j) => ({ from, to, allowed: TABLE[from][j] === 1 })));

  it.each(pairs)('$from → $to allowed: $allowed', ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
    expect(nextStatuses(from).includes(to)).toBe(allowed);
  });

  it('reaches CANCELLED from every state before COMPLETED, walking the happy path', () => {
    const path: RequestStatus[] = ['SUBMITTED', 'STAFFING', 'APPROVED', 'DEPLOYED', 'COMPLETED'];
    for (let i = 0; i + 1 < path.length; i++) {
      expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
      expect(canTransition(path[i]!, 'CANCELLED')).toBe(true);
    }
  });

  it('lets nothing leave COMPLETED or CANCELLED, and no state stay where it is', () => {
    for (const end of ['COMPLETED', 'CANCELLED'] as const) {
      expect(nextStatuses(end)).toEqual([]);
      for (const to of S) expect(canTransition(end, to)).toBe(false);
    }
    for (const s of S) expect(canTransition(s, s)).toBe(false);
  });

  it('never goes back along the path', () => {
    for (const [i, from] of S.slice(0, 5).entries()) {
      for (const to of S.slice(0, i + 1)) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('takes offers only while SUBMITTED or STAFFING', () => {
    expect(S.filter(acceptsOffers)).toEqual(['SUBMITTED', 'STAFFING']);
  });
});
