// The request state machine (server/domain/requestState.ts) against the table in docs/api.md:
// SUBMITTED → STAFFING → APPROVED → DEPLOYED → COMPLETED, or CANCELLED from any state before COMPLETED.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptsOffers, assertApprovable, canTransition, nextStatuses, type ApprovalFacts, type RequestStatus } from '../../server/domain/requestState.js';
import { isStandbyError } from '../../server/domain/errors.js';
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

/** The reason assertApprovable gives, or 'OK'. */
function verdict(facts: ApprovalFacts): string {
  try {
    assertApprovable(facts);
    return 'OK';
  } catch (error) {
    if (isStandbyError(error) && error.code === 'CONFLICT' && 'reason' in error) return String(error.reason);
    throw error;
  }
}

describe('approval rule', () => {
  const roles = [
    { id: 'r1', count: 2 },
    { id: 'r2', count: 1 },
  ];
  const staffing = (accepted: ApprovalFacts['accepted'], minWomen = 1): ApprovalFacts => ({ status: 'STAFFING', minWomen, roles, accepted });

  it('approves when every seat is ACCEPTED and minWomen holds', () => {
    expect(verdict(staffing([{ roleId: 'r1', gender: 'FEMALE' }, { roleId: 'r1', gender: 'MALE' }, { roleId: 'r2', gender: 'OTHER' }]))).toBe('OK');
  });

  it('refuses a seat without an ACCEPTED assignment, even when another role has more than it needs', () => {
    const accepted = [{ roleId: 'r1', gender: 'FEMALE' }, { roleId: 'r1', gender: 'FEMALE' }, { roleId: 'r1', gender: 'FEMALE' }] as const;
    expect(verdict(staffing(accepted))).toBe('SEATS_NOT_ACCEPTED');
  });

  it('refuses a full team with too few women, seats first', () => {
    const men = [{ roleId: 'r1', gender: 'MALE' }, { roleId: 'r1', gender: 'UNDISCLOSED' }, { roleId: 'r2', gender: 'MALE' }] as const;
    expect(verdict(staffing(men, 1))).toBe('MIN_WOMEN_NOT_MET');
    expect(verdict(staffing(men.slice(0, 1), 1))).toBe('SEATS_NOT_ACCEPTED');
  });

  it('leaves other states to the state machine', () => {
    for (const status of ['SUBMITTED', 'APPROVED', 'DEPLOYED', 'COMPLETED', 'CANCELLED'] as const) {
      expect(verdict({ status, minWomen: 5, roles, accepted: [] })).toBe('OK');
    }
  });

  it('approves exactly the teams that fill every role and hold minWomen women (property)', () => {
    const facts = fc.record({
      counts: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      minWomen: fc.integer({ min: 0, max: 6 }),
      accepted: fc.array(fc.record({ role: fc.nat(5), gender: fc.constantFrom('FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED') as fc.Arbitrary<'FEMALE' | 'MALE' | 'OTHER' | 'UNDISCLOSED'> }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(facts, ({ counts, minWomen, accepted }) => {
        const input: ApprovalFacts = {
          status: 'STAFFING',
          minWomen,
          roles: counts.map((count, i) => ({ id: `r${i}`, count })),
          accepted: accepted.map((a) => ({ roleId: `r${a.role}`, gender: a.gender })),
        };
        const filled = counts.every((count, i) => accepted.filter((a) => a.role === i).length >= count);
        const women = accepted.filter((a) => a.gender === 'FEMALE').length;
        expect(verdict(input)).toBe(!filled ? 'SEATS_NOT_ACCEPTED' : women < minWomen ? 'MIN_WOMEN_NOT_MET' : 'OK');
      }),
    );
  });
});
