// The seat optimiser's parts with exact answers (server/domain/matching/optimise.ts): the top-K
// reduction's kept lists, its score checks, the women bonus against a large score, the tie-break by
// list position, and the guard on integer costs. The property tests compare the optimum's value with
// brute force; these pin which experts it keeps and picks.
import { describe, expect, it } from 'vitest';
import { reduceCandidates, solveSeats, type SeatCandidate } from '../../server/domain/matching/index.js';

const man = (expert: number, score: number): SeatCandidate => ({ expert, score, female: false });
const woman = (expert: number, score: number): SeatCandidate => ({ expert, score, female: true });
const ids = (list: readonly SeatCandidate[]) => list.map((c) => c.expert);

describe('reduceCandidates', () => {
  it('keeps per role the first K by score and the first K women, K = all free seats', () => {
    const list = [man(1, 90), man(2, 80), woman(3, 70), man(4, 60), woman(5, 50), woman(6, 40), man(7, 30)];
    const reduced = reduceCandidates({ roles: [{ seats: 1, candidates: list }, { seats: 1, candidates: [man(1, 5)] }], womenTarget: 1 });
    expect(ids(reduced.roles[0]!.candidates)).toEqual([1, 2, 3, 5]); // K = 2: 1 and 2, then the women 3 and 5
    expect(reduced.roles[0]!.seats).toBe(1);
    expect(reduced.womenTarget).toBe(1);
    // With K = 3 the third by score (a woman) counts for both lists.
    const three = reduceCandidates({ roles: [{ seats: 3, candidates: list }], womenTarget: 0 });
    expect(ids(three.roles[0]!.candidates)).toEqual([1, 2, 3, 5, 6]);
    // Lists shorter than K are kept whole.
    expect(ids(reduceCandidates({ roles: [{ seats: 9, candidates: list }], womenTarget: 0 }).roles[0]!.candidates)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('sorts an unsorted list by score, ties in the order given, and drops roles without seats', () => {
    const reduced = reduceCandidates({ roles: [{ seats: 2, candidates: [man(1, 10), man(2, 30), woman(3, 30), man(4, 20)] }, { seats: 0, candidates: [man(9, 99)] }, { seats: -1, candidates: [man(8, 99)] }], womenTarget: 0 });
    expect(ids(reduced.roles[0]!.candidates)).toEqual([2, 3]);
    expect(reduced.roles.slice(1)).toEqual([{ seats: 0, candidates: [] }, { seats: 0, candidates: [] }]);
    // A negative seat count does not add to K.
    const k = reduceCandidates({ roles: [{ seats: 1, candidates: [man(1, 3), man(2, 2), man(3, 1)] }, { seats: -5, candidates: [] }], womenTarget: 0 });
    expect(ids(k.roles[0]!.candidates)).toEqual([1]);
    const ascending = reduceCandidates({ roles: [{ seats: 1, candidates: [man(1, 1), man(2, 2)] }], womenTarget: 0 });
    expect(ids(ascending.roles[0]!.candidates)).toEqual([2]);
  });

  it('refuses scores that are not integers ≥ 0', () => {
    for (const bad of [-1, 0.5, Number.NaN]) {
      expect(() => reduceCandidates({ roles: [{ seats: 1, candidates: [man(1, 10), man(2, bad)] }], womenTarget: 0 })).toThrow(new RangeError(`seat scores must be integers >= 0, got ${bad}`));
    }
  });
});

describe('solveSeats', () => {
  it('takes a woman of score 0 over a man of the highest score while women are wanted', () => {
    const problem = { roles: [{ seats: 1, candidates: [man(1, 10), woman(2, 0)] }], womenTarget: 1 };
    expect(solveSeats(problem)).toEqual({ assignment: [{ role: 0, expert: 2, score: 0, female: true }], seats: 1, women: 1, score: 0 });
    expect(solveSeats({ ...problem, womenTarget: 0 }).assignment.map((a) => a.expert)).toEqual([1]);
  });

  it('breaks ties by position in the role list', () => {
    // K = 2 keeps both equal candidates of the first role; the earlier one gets its one seat.
    expect(solveSeats({ roles: [{ seats: 1, candidates: [man(1, 10), man(2, 10)] }, { seats: 1, candidates: [man(3, 5)] }], womenTarget: 0 }).assignment.map((a) => a.expert)).toEqual([1, 3]);
    expect(solveSeats({ roles: [{ seats: 2, candidates: [man(3, 10), man(2, 10), man(1, 10)] }], womenTarget: 0 }).assignment.map((a) => a.expert)).toEqual([3, 2]);
    // One expert is one person: first in both lists, one seat; the other goes to the next in line.
    const shared = solveSeats({ roles: [{ seats: 1, candidates: [man(1, 10), man(2, 9)] }, { seats: 1, candidates: [man(1, 10)] }], womenTarget: 0 });
    expect(shared.assignment).toEqual([{ role: 0, expert: 2, score: 9, female: false }, { role: 1, expert: 1, score: 10, female: false }]);
  });

  it('refuses scores too large for exact integer costs', () => {
    expect(() => solveSeats({ roles: [{ seats: 1, candidates: [man(1, 2 ** 51)] }], womenTarget: 0 })).toThrow(new RangeError('too many seats for exact integer costs'));
    expect(solveSeats({ roles: [{ seats: 1, candidates: [man(1, 2 ** 49)] }], womenTarget: 0 }).score).toBe(2 ** 49);
  });
});
