// proposeTeam and offerProposedTeam through the API: the data loading, eligibility reasons,
// optimality on a small hand-checked roster, the gender rule, never writing, and all-or-nothing offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { codes, createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { loadMatchInput } from '../../server/repo/matching.js';
import { requestsByIds } from '../../server/repo/requests.js';
import { proposeTeam } from '../../server/domain/matching/index.js';
import { regionOf } from '../../server/domain/codes.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const PROPOSE = `query($requestId: ID!, $candidates: Int, $excluded: Int) {
  proposeTeam(requestId: $requestId) {
    complete totalScore women
    members { role { id } expert { id gender nationalities } fitScore reasons pinned }
    unfilled { role { id } missing reasons }
    candidates(first: $candidates) { role { id } expert { id } fitScore }
    excluded(first: $excluded) { role { id } expert { id } reasons }
  } }`;
const OFFER_TEAM = `mutation($input: OfferProposedTeamInput!) { offerProposedTeam(input: $input) {
  request { id status } assignments { id status expert { id } role { id } } } }`;

const base = {
  nationalities: ['SN'],
  countryExperience: [] as string[],
  languages: [{ code: 'fr', proficiency: 'FLUENT' }],
  securityTrainingValidUntil: '2030-01-01',
  medicalClearanceValidUntil: '2030-01-01',
};

describe('proposeTeam', () => {
  const ids: Record<string, string> = {};
  let request: { id: string; roleIds: string[] };

  beforeAll(async () => {
    // Two roles compete for "star", the best at both; the optimum gives star to the role where the
    // runner-up is weakest. Each role's second-best is checked by hand below.
    ids.star = await createExpert(h.gql, { ...base, fullName: 'Star', gender: 'MALE', expertise: [{ area: 'PROCESS_DESIGN', level: 5 }, { area: 'ELECTORAL_DISPUTES', level: 5 }] });
    ids.pd = await createExpert(h.gql, { ...base, fullName: 'Process Four', gender: 'FEMALE', expertise: [{ area: 'PROCESS_DESIGN', level: 4 }] });
    ids.el = await createExpert(h.gql, { ...base, fullName: 'Electoral Three', gender: 'MALE', expertise: [{ area: 'ELECTORAL_DISPUTES', level: 3 }] });
    ids.guinean = await createExpert(h.gql, { ...base, fullName: 'Guinean', gender: 'FEMALE', nationalities: ['GN'], expertise: [{ area: 'PROCESS_DESIGN', level: 5 }] });
    ids.expired = await createExpert(h.gql, { ...base, fullName: 'Expired', gender: 'FEMALE', medicalClearanceValidUntil: '2027-03-05', expertise: [{ area: 'PROCESS_DESIGN', level: 5 }] });
    ids.noFrench = await createExpert(h.gql, { ...base, fullName: 'No French', gender: 'FEMALE', languages: [{ code: 'fr', proficiency: 'BASIC' }], expertise: [{ area: 'PROCESS_DESIGN', level: 5 }] });
    ids.away = await createExpert(h.gql, { ...base, fullName: 'Away', gender: 'FEMALE', expertise: [{ area: 'PROCESS_DESIGN', level: 5 }] });
    // Three men below "Process Four" on PROCESS_DESIGN, for the candidate order: one with regional
    // experience, and two equal ones that only their names (then ids) order.
    ids.worked = await createExpert(h.gql, { ...base, fullName: 'Process Three Senegal', gender: 'MALE', countryExperience: ['SN'], expertise: [{ area: 'PROCESS_DESIGN', level: 3 }] });
    ids.threeB = await createExpert(h.gql, { ...base, fullName: 'Process Three B', gender: 'MALE', expertise: [{ area: 'PROCESS_DESIGN', level: 3 }] });
    ids.threeA = await createExpert(h.gql, { ...base, fullName: 'Process Three A', gender: 'MALE', expertise: [{ area: 'PROCESS_DESIGN', level: 3 }] });
    await h.gql(`mutation($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }`, {
      input: { expertId: ids.away, startDate: '2027-03-09', endDate: '2027-03-20', status: 'UNAVAILABLE' },
    });
    request = await createRequest(h.gql, {
      country: 'GN',
      mode: 'IN_PERSON',
      startDate: '2027-03-01',
      endDate: '2027-03-10',
      minWomen: 1,
      roles: [
        { expertise: 'PROCESS_DESIGN', minLevel: 3, languages: ['fr'] },
        { expertise: 'ELECTORAL_DISPUTES', minLevel: 3, languages: ['fr'] },
      ],
    });
  });

  it('returns the optimal complete team and explains the exclusions', async () => {
    const before = await h.snapshot();
    const res = await h.gql(PROPOSE, { requestId: request.id, candidates: 10, excluded: 100 });
    expect(res.errors).toBeUndefined();
    const p = res.data.proposeTeam;
    expect(p.complete).toBe(true);
    expect(p.unfilled).toEqual([]);
    // minWomen 1 forces the woman "Process Four" onto PROCESS_DESIGN; "Star" takes ELECTORAL_DISPUTES.
    expect(p.members.map((m: any) => [m.role.id, m.expert.id])).toEqual([
      [request.roleIds[0], ids.pd],
      [request.roleIds[1], ids.star],
    ]);
    expect(p.women).toBe(1);
    expect(p.totalScore).toBeCloseTo(p.members.reduce((s: number, m: any) => s + m.fitScore, 0), 9);
    expect(p.members[1].reasons.join(' | ')).toMatch(/level 5 in ELECTORAL_DISPUTES \(needs 3\)/);
    const reasonsOf = (name: string) => p.excluded.find((x: any) => x.expert.id === ids[name] && x.role.id === request.roleIds[0])?.reasons;
    expect(reasonsOf('guinean')).toEqual(['NATIONALITY_CONFLICT']);
    expect(reasonsOf('expired')).toEqual(['CLEARANCE_EXPIRED']);
    expect(reasonsOf('noFrench')).toEqual(['LANGUAGE_MISSING']);
    expect(reasonsOf('away')).toEqual(['UNAVAILABLE']);
    // On the electoral role, those without that expertise are excluded for it too.
    const electoralPd = p.excluded.find((x: any) => x.expert.id === ids.pd && x.role.id === request.roleIds[1]);
    expect(electoralPd.reasons).toEqual(['EXPERTISE_MISSING']);
    // Candidates are per role, by fitScore (docs/api.md: E + L FLUENT 2/3 + R + 1 − D), then name:
    // level 5 → 0.35 + 0.1333 + 0.10; level 4 → 0.2333 + …; level 3 with Senegal → 0.1167 + 0.10 + …
    const pdCandidates = p.candidates.filter((c: any) => c.role.id === request.roleIds[0]);
    expect(pdCandidates.map((c: any) => [c.expert.id, c.fitScore])).toEqual([
      [ids.star, 0.5833],
      [ids.pd, 0.4667],
      [ids.worked, 0.45],
      [ids.threeA, 0.35],
      [ids.threeB, 0.35],
    ]);
    // A proposal never writes.
    expect(await h.snapshot()).toEqual(before);
  });

  it('proposes the same team from the experts SQL picks as from every skilled one', async () => {
    const raw = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1]!;
    const [row] = await requestsByIds(h.database.db, [raw(request.id)]);
    const now = new Date();
    const strict = await loadMatchInput(h.database.db, row!, now, 'best', { regionOf, perRole: 100 });
    const broad = await loadMatchInput(h.database.db, row!, now, 'skilled');
    expect(strict.experts.length).toBeLessThan(broad.experts.length);
    const a = proposeTeam(strict.match, strict.experts, { regionOf });
    const b = proposeTeam(broad.match, broad.experts, { regionOf });
    expect(a.members).toEqual(b.members);
    expect(a.totalScore).toBe(b.totalScore);
    expect(a.candidates).toEqual(b.candidates);
  });

  it('leaves experts with a conflict of interest out of the SQL-filtered set, and the engine excludes them from the broad one', async () => {
    const DECLARE = `mutation($input: DeclareInterestInput!) { declareInterest(input: $input) { interest { id } } }`;
    const skilled = { ...base, gender: 'FEMALE', expertise: [{ area: 'CONSTITUTION_MAKING', level: 4 }] };
    const tied: Record<string, string> = {
      country: await createExpert(h.gql, { ...skilled, fullName: 'Tied To Country' }),
      party: await createExpert(h.gql, { ...skilled, fullName: 'Tied To Party' }),
      accents: await createExpert(h.gql, { ...skilled, fullName: 'Tied Without Accents' }),
    };
    const free = await createExpert(h.gql, { ...skilled, fullName: 'Tied Elsewhere' });
    for (const [key, input] of [
      ['country', { country: 'GN' }],
      ['party', { party: 'Union des Forces Républicaines' }],
      ['accents', { party: '  UNION DES FORCES  REPUBLICAINES' }],
    ] as const) {
      expect((await h.gql(DECLARE, { input: { expertId: tied[key], ...input } })).errors).toBeUndefined();
    }
    expect((await h.gql(DECLARE, { input: { expertId: free, country: 'SN', party: 'Union des Forces' } })).errors).toBeUndefined();
    const r = await createRequest(h.gql, {
      country: 'GN',
      startDate: '2028-06-01',
      endDate: '2028-06-05',
      parties: ['union des forces républicaines', 'RPG Arc-en-ciel'],
      roles: [{ expertise: 'CONSTITUTION_MAKING', minLevel: 3, languages: ['fr'], count: 2 }],
    });
    const raw = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1]!;
    const [row] = await requestsByIds(h.database.db, [raw(r.id)]);
    const now = new Date();
    const strict = await loadMatchInput(h.database.db, row!, now, 'best', { regionOf, perRole: 100 });
    const broad = await loadMatchInput(h.database.db, row!, now, 'skilled');
    const loaded = (input: typeof strict) => input.experts.map((e) => e.id);
    for (const id of Object.values(tied)) {
      expect(loaded(strict)).not.toContain(raw(id));
      expect(loaded(broad)).toContain(raw(id));
    }
    expect(loaded(strict)).toContain(raw(free));
    const a = proposeTeam(strict.match, strict.experts, { regionOf });
    const b = proposeTeam(broad.match, broad.experts, { regionOf });
    expect(a.members).toEqual(b.members);
    expect(a.candidates).toEqual(b.candidates);
    for (const id of Object.values(tied)) expect(b.excluded.find((x) => x.expertId === raw(id))?.reasons).toEqual(['CONFLICT_OF_INTEREST']);
    expect(b.members.map((m) => m.expertId)).toContain(raw(free));
  });

  it('limits candidates per role and excluded overall', async () => {
    const res = await h.gql(PROPOSE, { requestId: request.id, candidates: 1, excluded: 2 });
    expect(res.data.proposeTeam.candidates).toHaveLength(2);
    expect(res.data.proposeTeam.excluded).toHaveLength(2);
    expect(codes(await h.gql(PROPOSE, { requestId: request.id, candidates: 101 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('marks ALREADY_ASSIGNED for an expert held by another request', async () => {
    const other = await createRequest(h.gql, { startDate: '2027-03-05', endDate: '2027-03-06', roles: [{ expertise: 'PROCESS_DESIGN' }] });
    const busy = await createExpert(h.gql, { ...base, fullName: 'Busy', expertise: [{ area: 'PROCESS_DESIGN', level: 5 }] });
    await h.gql(OFFER, { input: { roleId: other.roleIds[0], expertId: busy } });
    const res = await h.gql(PROPOSE, { requestId: request.id, excluded: 100 });
    const entry = res.data.proposeTeam.excluded.find((x: any) => x.expert.id === busy && x.role.id === request.roleIds[0]);
    expect(entry.reasons).toEqual(['ALREADY_ASSIGNED']);
  });

  it('fills every seat but reports MIN_WOMEN_NOT_MET when no woman is eligible', async () => {
    const r = await createRequest(h.gql, {
      country: 'GN',
      startDate: '2027-03-01',
      endDate: '2027-03-03',
      minWomen: 1,
      roles: [{ expertise: 'ELECTORAL_DISPUTES', minLevel: 3 }],
    });
    const res = await h.gql(PROPOSE, { requestId: r.id });
    const p = res.data.proposeTeam;
    expect(p.complete).toBe(false);
    expect(p.members).toHaveLength(1);
    expect(p.unfilled).toEqual([{ role: { id: r.roleIds[0] }, missing: 0, reasons: ['MIN_WOMEN_NOT_MET'] }]);
  });

  it('names what is missing when seats cannot be filled', async () => {
    const r = await createRequest(h.gql, { startDate: '2027-03-01', endDate: '2027-03-03', roles: [{ expertise: 'TRANSITIONAL_JUSTICE', count: 2 }] });
    const p = (await h.gql(PROPOSE, { requestId: r.id })).data.proposeTeam;
    expect(p.complete).toBe(false);
    expect(p.members).toEqual([]);
    expect(p.unfilled).toEqual([{ role: { id: r.roleIds[0] }, missing: 2, reasons: ['NO_ELIGIBLE_EXPERTS'] }]);
    expect(codes(await h.gql(OFFER_TEAM, { input: { requestId: r.id } }))).toEqual(['CONFLICT']);
  });

  it('is for staff only', async () => {
    expect(codes(await h.gql(PROPOSE, { requestId: request.id }, await h.token('REQUESTER')))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(PROPOSE, { requestId: request.id }, null))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('offerProposedTeam', () => {
  it('offers the whole proposal at once and keeps held seats pinned', async () => {
    const a = await createExpert(h.gql, { ...base, fullName: 'Alpha', gender: 'FEMALE', expertise: [{ area: 'CONFLICT_ANALYSIS', level: 4 }] });
    const b = await createExpert(h.gql, { ...base, fullName: 'Bravo', expertise: [{ area: 'CONFLICT_ANALYSIS', level: 3 }] });
    const r = await createRequest(h.gql, { country: 'TD', startDate: '2028-02-01', endDate: '2028-02-05', roles: [{ expertise: 'CONFLICT_ANALYSIS', count: 2 }] });
    await h.gql(OFFER, { input: { roleId: r.roleIds[0], expertId: b } });
    const p = (await h.gql(PROPOSE, { requestId: r.id })).data.proposeTeam;
    expect(p.members.find((m: any) => m.expert.id === b).pinned).toBe(true);
    const res = await h.gql(OFFER_TEAM, { input: { requestId: r.id } });
    expect(res.errors).toBeUndefined();
    expect(res.data.offerProposedTeam.request.status).toBe('STAFFING');
    expect(res.data.offerProposedTeam.assignments.map((x: any) => [x.expert.id, x.status])).toEqual([[a, 'OFFERED']]);
  });

  it('writes nothing when one member was booked meanwhile', async () => {
    const c = await createExpert(h.gql, { ...base, fullName: 'Charlie', expertise: [{ area: 'DIALOGUE_FACILITATION', level: 4 }] });
    const d = await createExpert(h.gql, { ...base, fullName: 'Delta', expertise: [{ area: 'DIALOGUE_FACILITATION', level: 4 }] });
    const r = await createRequest(h.gql, { country: 'TD', startDate: '2028-03-01', endDate: '2028-03-05', roles: [{ expertise: 'DIALOGUE_FACILITATION', count: 2 }] });
    const proposal = (await h.gql(PROPOSE, { requestId: r.id })).data.proposeTeam;
    expect(proposal.members.map((m: any) => m.expert.id).sort()).toEqual([c, d].sort());
    // Delta is booked elsewhere between the proposal and the offer.
    const other = await createRequest(h.gql, { startDate: '2028-03-03', endDate: '2028-03-04', roles: [{ expertise: 'DIALOGUE_FACILITATION' }] });
    await h.gql(OFFER, { input: { roleId: other.roleIds[0], expertId: d } });
    const before = await h.snapshot();
    // Charlie is not offered alone: CONFLICT, and nothing is written.
    expect(codes(await h.gql(OFFER_TEAM, { input: { requestId: r.id } }))).toEqual(['CONFLICT']);
    expect(await h.snapshot()).toEqual(before);
  });
});
