import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applySwaps, swapKey, type Member, type Seat } from './proposal.ts';

const seat = (role: string, id: string, fitScore = 0.5): Seat => ({ role: { id: role }, expert: { id, fullName: `Expert ${id}` }, fitScore, reasons: [] });
const member = (role: string, id: string, pinned = false): Member => ({ ...seat(role, id), pinned });

describe('applySwaps', () => {
  const members = [member('r1', 'a'), member('r1', 'b'), member('r2', 'c', true)];
  const candidates = [seat('r1', 'a'), seat('r1', 'b'), seat('r1', 'd', 0.4), seat('r2', 'e')];

  it('replaces a member with an alternative of its role and remembers the original', () => {
    const team = applySwaps(members, candidates, { 'r1:a': 'd' });
    expect(team.map((m) => m.expert.id)).toEqual(['d', 'b', 'c']);
    expect(team[0]!.original.expert.id).toBe('a');
    expect(team[0]!.fitScore).toBe(0.4);
  });

  it('ignores swaps of pinned members, to another role, or to someone already in the team', () => {
    expect(applySwaps(members, candidates, { 'r2:c': 'e' }).map((m) => m.expert.id)).toEqual(['a', 'b', 'c']);
    expect(applySwaps(members, candidates, { 'r1:a': 'e' }).map((m) => m.expert.id)).toEqual(['a', 'b', 'c']);
    expect(applySwaps(members, candidates, { 'r1:a': 'b' }).map((m) => m.expert.id)).toEqual(['a', 'b', 'c']);
  });

  it('never puts one expert in the same role twice and keeps the team size', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom(...ids)),
        fc.dictionary(fc.constantFrom(...ids), fc.constantFrom(...ids)),
        (memberIds, candidateIds, byMember) => {
          const ms = memberIds.map((id) => member('r', id));
          const cs = candidateIds.map((id) => seat('r', id));
          const swaps = Object.fromEntries(Object.entries(byMember).map(([from, to]) => [`r:${from}`, to]));
          const team = applySwaps(ms, cs, swaps);
          expect(team).toHaveLength(ms.length);
          expect(new Set(team.map(swapKey)).size).toBe(team.length);
        },
      ),
    );
  });
});
