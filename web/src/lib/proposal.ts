// A proposal with the staff's swaps applied: each swap replaces one member (by role and expert)
// with an alternative of the same role. Pure, so the request page and its tests share it.
export interface Person {
  id: string;
  fullName: string;
}
export interface Seat {
  role: { id: string };
  expert: Person;
  fitScore: number;
  reasons: readonly string[];
}
export interface Member extends Seat {
  pinned: boolean;
}
/** Original member's key (roleId:expertId) → the alternative's expert id. */
export type Swaps = Readonly<Record<string, string>>;

export const swapKey = (seat: { role: { id: string }; expert: { id: string } }): string => `${seat.role.id}:${seat.expert.id}`;

export interface TeamRow extends Member {
  /** The member that the proposal gave for this seat. */
  original: Member;
}

/**
 * The team after the swaps. A swap is ignored when the member is pinned (it already holds the
 * seat), when the alternative is not a candidate of that role, or when it is already in the team.
 */
export function applySwaps(members: readonly Member[], candidates: readonly Seat[], swaps: Swaps): TeamRow[] {
  const taken = new Set(members.map(swapKey));
  return members.map((member) => {
    const wanted = swaps[swapKey(member)];
    const alternative = wanted === undefined || member.pinned
      ? undefined
      : candidates.find((c) => c.role.id === member.role.id && c.expert.id === wanted);
    if (!alternative || taken.has(swapKey(alternative))) return { ...member, original: member };
    taken.add(swapKey(alternative));
    return { ...alternative, pinned: false, original: member };
  });
}
