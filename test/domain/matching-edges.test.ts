// Edges of the matching engine that the table and property tests did not pin (found by mutation
// testing): a request ending before it starts, a commitment ending on the start day, the appraisal
// term without appraisals, and the canonical order of experts whose names are equal.
import { describe, expect, it } from 'vitest';
import { appraisalTerm, evaluateEligibility, proposeTeam } from '../../server/domain/matching/index.js';
import { makeExpert, makeRequest, makeRole } from '../../bench/lib/fixtures.js';

describe('matching edges', () => {
  it('refuses a request that ends before it starts', () => {
    const backwards = makeRequest({ id: 'q7', startDate: '2026-03-10', endDate: '2026-03-09' });
    expect(() => proposeTeam(backwards, [makeExpert()])).toThrow(new RangeError('request q7: endDate before startDate'));
    expect(proposeTeam(makeRequest({ startDate: '2026-03-10', endDate: '2026-03-10' }), [makeExpert()]).complete).toBe(true);
  });

  it('a live commitment ending on the start day overlaps it', () => {
    const expert = makeExpert({ commitments: [{ requestId: 'other', startDate: '2026-03-01', endDate: '2026-03-10', mode: 'REMOTE', status: 'ACCEPTED' }] });
    expect(evaluateEligibility(makeRequest(), makeRole(), expert).reasons).toEqual(['ALREADY_ASSIGNED']);
  });

  it('the appraisal term is 0 without appraisals, whatever the sum says', () => {
    expect(appraisalTerm(0, 12)).toBe(0);
    expect(appraisalTerm(-1, 0)).toBe(0);
    expect(appraisalTerm(1, 5)).toBeGreaterThan(0);
  });

  it('orders experts of equal name and score by id, whatever order they come in', () => {
    const twin = (id: string) => makeExpert({ id, fullName: 'Same Name' });
    for (const roster of [[twin('b'), twin('a'), twin('c')], [twin('c'), twin('b'), twin('a')], [twin('a'), twin('c'), twin('b')]]) {
      const proposal = proposeTeam(makeRequest(), roster);
      expect(proposal.candidates.map((c) => c.expertId)).toEqual(['a', 'b', 'c']);
      expect(proposal.members.map((m) => m.expertId)).toEqual(['a']);
    }
  });
});
