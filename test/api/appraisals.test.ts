// Appraisals through the API: who may rate a COMPLETED assignment and who reads what (staff all,
// the expert its own, a requester what it wrote), every bad input refused with the database
// unchanged, and the appraisal term of fitScore seen in proposeTeam.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { codes, completeWith, createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { op } from '../support/contract.js';
import { addDays, today } from '../../server/domain/dates.js';

let h: Harness;
const tok = {} as Record<'coordinator' | 'requester' | 'otherRequester' | 'rated' | 'twin', string>;
const ids = {} as Record<'rated' | 'twin' | 'pending' | 'done' | 'offered' | 'staffAppraisal' | 'ownerAppraisal', string>;
const APPRAISE = op('AppraiseAssignment');
const EXPERT_APPRAISALS = op('ExpertAppraisals');
const ASSIGNMENT_APPRAISALS = `query($id: ID!) { node(id: $id) { ... on Assignment { appraisals { id rating comment authorRole } } } }`;
// A year ahead, so that the deployment days do not touch the year of the proposal below.
const Y1 = addDays(today(), 400);

beforeAll(async () => {
  h = await startHarness();
  tok.coordinator = await h.token('COORDINATOR');
  tok.requester = await h.token('REQUESTER');
  tok.otherRequester = await h.token('REQUESTER');
  const skills = { expertise: [{ area: 'NATURAL_RESOURCES', level: 4 }], languages: [{ code: 'fr', proficiency: 'FLUENT' }] };
  ids.rated = await createExpert(h.gql, { fullName: 'Rated Expert', ...skills });
  ids.twin = await createExpert(h.gql, { fullName: 'Twin Expert', ...skills });
  ids.pending = await createExpert(h.gql, { fullName: 'Pending Expert' });
  tok.rated = await h.token('EXPERT', ids.rated);
  tok.twin = await h.token('EXPERT', ids.twin);
  const request = await createRequest(h.gql, { startDate: Y1, endDate: addDays(Y1, 4), roles: [{ expertise: 'NATURAL_RESOURCES', count: 1 }] }, tok.requester);
  ids.done = (await completeWith(h.gql, request, [ids.rated]))[0]!;
  const open = await createRequest(h.gql, { startDate: addDays(Y1, 20), endDate: addDays(Y1, 22) }, tok.requester);
  ids.offered = (await h.gql(OFFER, { input: { roleId: open.roleIds[0], expertId: ids.pending } })).data.offerAssignment.assignment.id;
}, 60_000);
afterAll(() => h?.close());

describe('appraiseAssignment', () => {
  it('lets staff and the owning requester rate a COMPLETED assignment once each', async () => {
    const byStaff = await h.gql(APPRAISE, { input: { assignmentId: ids.done, rating: 5, comment: 'Excellent facilitation' } }, tok.coordinator);
    expect(byStaff.errors).toBeUndefined();
    expect(byStaff.data.appraiseAssignment.appraisal).toMatchObject({ rating: 5 });
    ids.staffAppraisal = byStaff.data.appraiseAssignment.appraisal.id;
    const byOwner = await h.gql(APPRAISE, { input: { assignmentId: ids.done, rating: 4 } }, tok.requester);
    expect(byOwner.errors).toBeUndefined();
    ids.ownerAppraisal = byOwner.data.appraiseAssignment.appraisal.id;
    // The bootstrap ADMIN is another author.
    expect((await h.gql(APPRAISE, { input: { assignmentId: ids.done, rating: 3 } })).errors).toBeUndefined();
  });

  it('refuses bad input and a second appraisal, writing nothing', async () => {
    const before = await h.snapshot();
    const refused = async (input: Record<string, unknown>, token: string | null, code: string, field?: (string | number)[]) => {
      const res = await h.gql(APPRAISE, { input }, token);
      expect(codes(res), JSON.stringify(input)).toEqual([code]);
      if (field) expect(res.errors![0]!.extensions.field).toEqual(field);
      expect(res.data?.appraiseAssignment ?? null).toBeNull();
    };
    for (const rating of [0, 6, -1, 100]) await refused({ assignmentId: ids.done, rating }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'rating']);
    await refused({ assignmentId: ids.done, rating: 4.5 }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'rating']);
    await refused({ assignmentId: ids.done, rating: 3, comment: 'bad\u0000comment' }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'comment']);
    await refused({ assignmentId: ids.done, rating: 3, comment: 'x'.repeat(2001) }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'comment']);
    await refused({ assignmentId: ids.rated, rating: 3 }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'assignmentId']);
    await refused({ assignmentId: Buffer.from('Assignment:7b0c2a52-4f7c-4f35-9d1e-1d2a3b4c5d6e').toString('base64url'), rating: 3 }, tok.coordinator, 'NOT_FOUND');
    // Not COMPLETED yet; a second appraisal by the same token.
    await refused({ assignmentId: ids.offered, rating: 3 }, tok.coordinator, 'CONFLICT');
    await refused({ assignmentId: ids.done, rating: 2 }, tok.coordinator, 'CONFLICT');
    await refused({ assignmentId: ids.done, rating: 2 }, tok.requester, 'CONFLICT');
    // Another requester, the expert itself, and nobody.
    await refused({ assignmentId: ids.done, rating: 1 }, tok.otherRequester, 'FORBIDDEN');
    await refused({ assignmentId: ids.done, rating: 5 }, tok.rated, 'FORBIDDEN');
    await refused({ assignmentId: ids.done, rating: 5 }, null, 'UNAUTHENTICATED');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('reading appraisals', () => {
  it('staff and the expert see every appraisal and the mean', async () => {
    for (const token of [tok.coordinator, tok.rated]) {
      const res = await h.gql(EXPERT_APPRAISALS, { id: ids.rated }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node.averageRating).toBe(4);
      expect(res.data.node.appraisals.map((a: { rating: number }) => a.rating).sort()).toEqual([3, 4, 5]);
    }
    const none = await h.gql(EXPERT_APPRAISALS, { id: ids.twin }, tok.coordinator);
    expect(none.data.node).toEqual({ id: ids.twin, averageRating: null, appraisals: [] });
  });

  it('a requester reads only what it wrote; others read nothing', async () => {
    const onExpert = await h.gql(EXPERT_APPRAISALS, { id: ids.rated }, tok.requester);
    expect(onExpert.data.node).toEqual({ id: ids.rated, averageRating: null, appraisals: null });
    expect(codes(onExpert)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const own = await h.gql(ASSIGNMENT_APPRAISALS, { id: ids.done }, tok.requester);
    expect(own.data.node.appraisals).toEqual([{ id: ids.ownerAppraisal, rating: 4, comment: null, authorRole: 'REQUESTER' }]);
    const staff = await h.gql(ASSIGNMENT_APPRAISALS, { id: ids.done }, tok.coordinator);
    expect(staff.data.node.appraisals).toHaveLength(3);
    // The appraisal node itself: its author and staff, not another requester or another expert.
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Appraisal { rating expert { id } } } }`;
    expect((await h.gql(NODE, { id: ids.staffAppraisal }, tok.rated)).data.node).toEqual({ id: ids.staffAppraisal, rating: 5, expert: { id: ids.rated } });
    expect((await h.gql(NODE, { id: ids.ownerAppraisal }, tok.requester)).data.node.rating).toBe(4);
    for (const token of [tok.otherRequester, tok.twin]) {
      const res = await h.gql(NODE, { id: ids.ownerAppraisal }, token);
      expect(res.data.node).toBeNull();
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
    expect((await h.gql(NODE, { id: ids.staffAppraisal }, tok.requester)).data.node).toBeNull();
  });
});

describe('appraisals in fitScore', () => {
  it('lift a well-rated expert by the documented term; an expert never appraised keeps the plain score', async () => {
    // Ratings 5, 4, 3: m = (12 + 2·3) / (3 + 2) = 3.6, A = (3.6 − 3) / 2 = 0.3, so +0.05 × 0.3 = +0.015.
    const year = Number(Y1.slice(0, 4)) + 1;
    const request = await createRequest(h.gql, { startDate: `${year}-02-01`, endDate: `${year}-02-05`, roles: [{ expertise: 'NATURAL_RESOURCES', minLevel: 3, languages: ['fr'] }] });
    const res = await h.gql(
      `query($id: ID!) { proposeTeam(requestId: $id) { members { expert { id } } candidates(first: 10) { expert { id } fitScore reasons } } }`,
      { id: request.id },
      tok.coordinator,
    );
    expect(res.errors).toBeUndefined();
    const p = res.data.proposeTeam;
    const of = (id: string) => p.candidates.find((c: { expert: { id: string } }) => c.expert.id === id);
    // Level 4 vs minLevel 3: E = 2/3; FLUENT fr: L = 2/3; no load in that year.
    const plain = Math.round((0.35 * (2 / 3) + 0.2 * (2 / 3) + 0.1) * 10_000) / 10_000;
    expect(of(ids.twin).fitScore).toBe(plain);
    expect(of(ids.rated).fitScore).toBe(Math.round((0.35 * (2 / 3) + 0.2 * (2 / 3) + 0.1 + 0.05 * 0.3) * 10_000) / 10_000);
    expect(of(ids.rated).reasons).toContain('rated 4.0 on average by 3 appraisals');
    expect(p.members.map((m: { expert: { id: string } }) => m.expert.id)).toEqual([ids.rated]);
  });
});
