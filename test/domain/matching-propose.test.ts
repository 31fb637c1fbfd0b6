// proposeTeam on hand-made rosters: exactness where greedy fails, pinned seats, the gender rule,
// unfilled explanations, list orders and determinism.
import { describe, expect, it } from 'vitest';
import { proposeTeam, type MatchExpert } from '../../server/domain/matching/index.js';
import { makeExpert, makeRequest, makeRole } from '../../bench/lib/fixtures.js';

const SEC = 'SECURITY_ARRANGEMENTS';
const POW = 'POWER_SHARING';
const person = (id: string, level: Record<string, number>, extra: Partial<MatchExpert> = {}) =>
  makeExpert({
    id,
    fullName: `Expert ${id}`,
    gender: 'MALE',
    expertise: Object.entries(level).map(([area, l]) => ({ area, level: l })),
    ...extra,
  });
const roleSec = makeRole({ id: 'sec', expertise: SEC, minLevel: 3, languages: [] });
const rolePow = makeRole({ id: 'pow', expertise: POW, minLevel: 3, languages: [] });

describe('proposeTeam', () => {
  it('is exact where greedy is not: the best expert goes where nobody else can', () => {
    const x = person('x', { [SEC]: 5, [POW]: 3 });
    const y = person('y', { [SEC]: 4 });
    const p = proposeTeam(makeRequest({ roles: [roleSec, rolePow] }), [x, y]);
    expect(p.complete).toBe(true);
    expect(p.members.map((m) => [m.roleId, m.expertId])).toEqual([
      ['sec', 'y'],
      ['pow', 'x'],
    ]);
    expect(p.totalScore).toBeCloseTo(p.members.reduce((s, m) => s + m.fitScore, 0), 9);
    expect(p.unfilled).toEqual([]);
  });

  it('fills seats first, then the gender rule, then the score', () => {
    const strongMan = person('m', { [SEC]: 5 });
    const weakWoman = person('w', { [SEC]: 3 }, { gender: 'FEMALE' });
    const request = makeRequest({ roles: [roleSec], minWomen: 1 });
    const p = proposeTeam(request, [strongMan, weakWoman]);
    expect(p.members.map((m) => m.expertId)).toEqual(['w']);
    expect(p.complete).toBe(true);
    const noRule = proposeTeam({ ...request, minWomen: 0 }, [strongMan, weakWoman]);
    expect(noRule.members.map((m) => m.expertId)).toEqual(['m']);
  });

  it('fills every seat and reports MIN_WOMEN_NOT_MET on every role when the rule cannot hold', () => {
    const p = proposeTeam(makeRequest({ roles: [roleSec, rolePow], minWomen: 2 }), [
      person('a', { [SEC]: 4 }),
      person('b', { [POW]: 4 }, { gender: 'FEMALE' }),
    ]);
    expect(p.members).toHaveLength(2);
    expect(p.complete).toBe(false);
    expect(p.unfilled).toEqual([
      { roleId: 'sec', missing: 0, reasons: ['MIN_WOMEN_NOT_MET'] },
      { roleId: 'pow', missing: 0, reasons: ['MIN_WOMEN_NOT_MET'] },
    ]);
  });

  it('pins held experts (even ineligible ones), counts them, and keeps them out of other seats', () => {
    const held = person('h', { [SEC]: 5, [POW]: 5 }, { gender: 'FEMALE', nationalities: ['GN'] });
    const other = person('o', { [SEC]: 5, [POW]: 4 });
    const request = makeRequest({ roles: [{ ...roleSec, count: 2, held: ['h'] }, rolePow], minWomen: 1 });
    const p = proposeTeam(request, [other, held]);
    expect(p.members.map((m) => [m.roleId, m.expertId, m.pinned])).toEqual([
      ['sec', 'h', true],
      ['sec', 'o', false],
    ]);
    expect(p.excluded).toContainEqual({ roleId: 'sec', expertId: 'h', reasons: ['NATIONALITY_CONFLICT'] });
    expect(p.unfilled).toEqual([{ roleId: 'pow', missing: 1, reasons: ['CANDIDATES_NEEDED_ELSEWHERE', 'NATIONALITY_CONFLICT'] }]);
    const pinned = p.members[0]!;
    expect(pinned.fitScore).toBeGreaterThan(0);
    expect(p.totalScore).toBeCloseTo(p.members.reduce((s, m) => s + m.fitScore, 0), 9);
  });

  it('pins held ids missing from the roster with score 0', () => {
    const p = proposeTeam(makeRequest({ roles: [{ ...roleSec, held: ['ghost'] }] }), []);
    expect(p.members).toEqual([{ roleId: 'sec', expertId: 'ghost', fitScore: 0, reasons: ['expert record not supplied'], pinned: true }]);
    expect(p.complete).toBe(true);
  });

  it('explains empty seats with the most frequent knock-outs among experts who had the expertise', () => {
    const roster = [
      person('a', { [SEC]: 4 }, { nationalities: ['GN'] }),
      person('b', { [SEC]: 4 }, { nationalities: ['GN'], securityTrainingValidUntil: null }),
      person('c', { [SEC]: 4 }, { securityTrainingValidUntil: null }),
      person('d', { [SEC]: 4 }, { nationalities: ['GN'], unavailable: [{ startDate: '2026-03-10', endDate: '2026-03-10' }] }),
      person('e', { [SEC]: 4 }, { maxDeploymentDaysPerYear: 1 }),
      person('f', { [SEC]: 2 }, { maxDeploymentDaysPerYear: 1 }), // lacks the level: not counted
      person('g', { [SEC]: 2 }, { maxDeploymentDaysPerYear: 1 }),
    ];
    const p = proposeTeam(makeRequest({ roles: [roleSec] }), roster);
    expect(p.unfilled).toEqual([
      { roleId: 'sec', missing: 1, reasons: ['NO_ELIGIBLE_EXPERTS', 'NATIONALITY_CONFLICT', 'CLEARANCE_EXPIRED', 'UNAVAILABLE'] },
    ]);
    expect(p.members).toEqual([]);
    expect(p.complete).toBe(false);
    expect(p.totalScore).toBe(0);
  });

  it('is incomplete when the gender rule fails even without roles', () => {
    expect(proposeTeam(makeRequest({ roles: [], minWomen: 1 }), []).complete).toBe(false);
    expect(proposeTeam(makeRequest({ roles: [], minWomen: 0 }), []).complete).toBe(true);
  });

  it('says NO_ELIGIBLE_EXPERTS when the only eligible experts already sit in the role', () => {
    const p = proposeTeam(makeRequest({ roles: [{ ...roleSec, count: 3 }] }), [person('a', { [SEC]: 4 })]);
    expect(p.unfilled).toEqual([{ roleId: 'sec', missing: 2, reasons: ['NO_ELIGIBLE_EXPERTS'] }]);
  });

  it('adds MIN_WOMEN_NOT_MET to short roles when the rule fails too', () => {
    const p = proposeTeam(makeRequest({ roles: [roleSec, rolePow], minWomen: 1 }), [person('a', { [SEC]: 4 })]);
    expect(p.unfilled).toEqual([{ roleId: 'pow', missing: 1, reasons: ['NO_ELIGIBLE_EXPERTS', 'MIN_WOMEN_NOT_MET'] }]);
  });

  it('orders candidates by score, name, id and excluded by reason count, name, id', () => {
    const roster = [
      person('z2', { [SEC]: 4 }, { fullName: 'Same Name' }),
      person('z1', { [SEC]: 4 }, { fullName: 'Same Name' }),
      person('top', { [SEC]: 5 }, { fullName: 'Zed' }),
      person('b', { [SEC]: 4 }, { fullName: 'Bea' }),
      person('x3', {}, { fullName: 'Ann', nationalities: ['GN'] }),
      person('x1', {}, { fullName: 'Zoe' }),
      person('x2', {}, { fullName: 'Abe' }),
    ];
    const p = proposeTeam(makeRequest({ roles: [roleSec] }), roster);
    expect(p.candidates.map((c) => c.expertId)).toEqual(['top', 'b', 'z1', 'z2']);
    expect(p.excluded.map((c) => c.expertId)).toEqual(['x2', 'x1', 'x3']);
    expect(p.members.map((m) => m.expertId)).toEqual(['top']);
  });

  it('breaks ties by name whatever the input order', () => {
    const roster = ['d', 'a', 'c', 'b'].map((id) => person(id, { [SEC]: 4, [POW]: 4 }));
    const request = makeRequest({ roles: [{ ...roleSec, count: 2 }, rolePow] });
    const first = proposeTeam(request, roster);
    // Equal scores everywhere: the least sum of list positions keeps the last name, d, out.
    expect(first.members.map((m) => m.expertId).sort()).toEqual(['a', 'b', 'c']);
    for (const perm of [[...roster].reverse(), [roster[2]!, roster[0]!, roster[3]!, roster[1]!]]) {
      expect(proposeTeam(request, perm)).toEqual(first);
    }
  });
});
