// Deployment requests end to end: creation and idempotency, the lifecycle with its history,
// offers and answers, approval rules, cancellation freeing days, permissions, and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/rows.js';
import { startHarness, usingPostgres, type Harness } from '../support/harness.js';
import { codes, CREATE_REQUEST, createExpert, createRequest, OFFER, RESPOND, WITHDRAW } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** Runs a mutation that must be refused and checks that the database is unchanged by it. */
async function refusedUnchanged<T extends { errors?: unknown[] }>(send: () => Promise<T>): Promise<T> {
  const before = await h.snapshot();
  const res = await send();
  expect(res.errors?.length).toBeGreaterThan(0);
  expect(await h.snapshot()).toEqual(before);
  return res;
}

const STATUS = `query($id: ID!) { node(id: $id) { ... on DeploymentRequest { status history { fromStatus toStatus actorRole note } } } }`;
const AVAILABILITY = `query($id: ID!, $from: Date!, $to: Date!) { node(id: $id) { ... on Expert { availability(from: $from, to: $to) { startDate endDate status } } } }`;
const APPROVE = `mutation($input: ApproveDeploymentRequestInput!) { approveDeploymentRequest(input: $input) { request { id status } } }`;
const DEPLOY = `mutation($input: MarkDeployedInput!) { markDeployed(input: $input) { request { id status } } }`;
const COMPLETE = `mutation($input: CompleteDeploymentRequestInput!) { completeDeploymentRequest(input: $input) { request { id status } } }`;
const CANCEL = `mutation($input: CancelDeploymentRequestInput!) { cancelDeploymentRequest(input: $input) { request { id status } } }`;

describe('createDeploymentRequest', () => {
  it('returns roles in the order given, with defaults', async () => {
    const res = await h.gql(CREATE_REQUEST.replace('roles { id count }', 'roles { id count minLevel languages expertise { code } } minWomen'), {
      input: {
        title: 'Lake Chad basin',
        requestingEntity: 'UNOCA',
        country: 'TD',
        mode: 'HYBRID',
        startDate: '2027-02-01',
        endDate: '2027-02-20',
        roles: [
          { expertise: 'NATURAL_RESOURCES', minLevel: 3, languages: ['fr', 'ar'], count: 2 },
          { expertise: 'SECURITY_ARRANGEMENTS' },
          { expertise: 'GENDER_INCLUSION', count: 1 },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const request = res.data.createDeploymentRequest.request;
    expect(request.status).toBe('SUBMITTED');
    expect(request.minWomen).toBe(0);
    expect(request.roles.map((r: any) => [r.expertise.code, r.minLevel, r.languages, r.count])).toEqual([
      ['NATURAL_RESOURCES', 3, ['fr', 'ar'], 2],
      ['SECURITY_ARRANGEMENTS', 1, [], 1],
      ['GENDER_INCLUSION', 1, [], 1],
    ]);
  });

  it('replays the same idempotency key and input to the same request, and refuses a different input', async () => {
    const input = { idempotencyKey: `key-${Date.now()}`, title: 'Guinea electoral calendar' };
    const first = await createRequest(h.gql, input);
    const again = await createRequest(h.gql, input);
    expect(again.id).toBe(first.id);
    const before = await h.snapshot();
    const different = await h.gql(CREATE_REQUEST, {
      input: { ...input, requestingEntity: 'X', country: 'GN', mode: 'REMOTE', startDate: '2027-03-01', endDate: '2027-03-11', roles: [{ expertise: 'PROCESS_DESIGN' }] },
    });
    expect(codes(different)).toEqual(['CONFLICT']);
    expect(await h.snapshot()).toEqual(before);
  });

  it.skipIf(!usingPostgres)('creates one request for concurrent creates with one key (PostgreSQL only: PGlite runs one transaction at a time)', async () => {
    const input = { idempotencyKey: `race-${Date.now()}` };
    const other = await h.instance();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createRequest(i % 2 ? other.gql : h.gql, input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [row] = rowsOf<{ n: number }>(
      await h.database.db.execute(sql`select count(*)::int as n from deployment_requests where idempotency_key = ${input.idempotencyKey}`),
    );
    expect(row!.n).toBe(1);
  });

  it('scopes idempotency keys to the requester', async () => {
    const a = await h.token('REQUESTER');
    const b = await h.token('REQUESTER');
    const input = { idempotencyKey: 'shared-key' };
    const ra = await createRequest(h.gql, input, a);
    const rb = await createRequest(h.gql, input, b);
    expect(ra.id).not.toBe(rb.id);
  });
});

describe('lifecycle', () => {
  it('runs SUBMITTED → STAFFING → APPROVED → DEPLOYED → COMPLETED with every transition kept', async () => {
    const expertId = await createExpert(h.gql);
    const request = await createRequest(h.gql, { minWomen: 1, startDate: '2027-04-01', endDate: '2027-04-05' });
    const offer = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    expect(offer.data.offerAssignment.assignment.status).toBe('OFFERED');
    expect((await h.gql(STATUS, { id: request.id })).data.node.status).toBe('STAFFING');
    // Approval needs every seat ACCEPTED; the refusal writes nothing.
    expect(codes(await refusedUnchanged(() => h.gql(APPROVE, { input: { requestId: request.id } })))).toEqual(['CONFLICT']);
    const expertToken = await h.token('EXPERT', expertId);
    const accepted = await h.gql(RESPOND, { input: { assignmentId: offer.data.offerAssignment.assignment.id, accept: true } }, expertToken);
    expect(accepted.data.respondToOffer.assignment).toMatchObject({ status: 'ACCEPTED', respondedByRole: 'EXPERT' });
    expect((await h.gql(APPROVE, { input: { requestId: request.id } })).data.approveDeploymentRequest.request.status).toBe('APPROVED');
    expect((await h.gql(DEPLOY, { input: { requestId: request.id } })).data.markDeployed.request.status).toBe('DEPLOYED');
    expect((await h.gql(COMPLETE, { input: { requestId: request.id, note: 'Back home' } })).data.completeDeploymentRequest.request.status).toBe('COMPLETED');
    const history = (await h.gql(STATUS, { id: request.id })).data.node.history;
    expect(history.map((x: any) => [x.fromStatus, x.toStatus])).toEqual([
      [null, 'SUBMITTED'],
      ['SUBMITTED', 'STAFFING'],
      ['STAFFING', 'APPROVED'],
      ['APPROVED', 'DEPLOYED'],
      ['DEPLOYED', 'COMPLETED'],
    ]);
    expect(history[4].note).toBe('Back home');
    // COMPLETED is final: cancelling is a CONFLICT and changes nothing.
    const before = await h.snapshot();
    expect(codes(await h.gql(CANCEL, { input: { requestId: request.id } }))).toEqual(['CONFLICT']);
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses approval while minWomen is not met', async () => {
    const man = await createExpert(h.gql, { gender: 'MALE' });
    const request = await createRequest(h.gql, { minWomen: 1, startDate: '2027-05-01', endDate: '2027-05-03' });
    const offer = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: man } });
    await h.gql(RESPOND, { input: { assignmentId: offer.data.offerAssignment.assignment.id, accept: true } });
    const res = await refusedUnchanged(() => h.gql(APPROVE, { input: { requestId: request.id } }));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'MIN_WOMEN_NOT_MET' });
  });

  it('refuses illegal transitions with CONFLICT and writes nothing', async () => {
    const request = await createRequest(h.gql, { startDate: '2027-05-10', endDate: '2027-05-12' });
    const before = await h.snapshot();
    for (const op of [APPROVE, DEPLOY, COMPLETE]) {
      const res = await h.gql(op, { input: { requestId: request.id } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    }
    expect(await h.snapshot()).toEqual(before);
  });

  it('cancelling frees every held day', async () => {
    const expertId = await createExpert(h.gql);
    const request = await createRequest(h.gql, { startDate: '2027-06-01', endDate: '2027-06-04' });
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    const held = await h.gql(AVAILABILITY, { id: expertId, from: '2027-06-01', to: '2027-06-04' });
    expect(held.data.node.availability).toEqual([{ startDate: '2027-06-01', endDate: '2027-06-04', status: 'ASSIGNED' }]);
    expect((await h.gql(CANCEL, { input: { requestId: request.id, note: 'Talks postponed' } })).data.cancelDeploymentRequest.request.status).toBe('CANCELLED');
    const freed = await h.gql(AVAILABILITY, { id: expertId, from: '2027-06-01', to: '2027-06-04' });
    expect(freed.data.node.availability).toEqual([{ startDate: '2027-06-01', endDate: '2027-06-04', status: 'AVAILABLE' }]);
    // The freed expert can be offered elsewhere on the same days.
    const next = await createRequest(h.gql, { startDate: '2027-06-02', endDate: '2027-06-03' });
    expect((await h.gql(OFFER, { input: { roleId: next.roleIds[0], expertId } })).errors).toBeUndefined();
  });
});

describe('offers', () => {
  it('refuses an expert who marked a day UNAVAILABLE, and a role beyond its count', async () => {
    const expertId = await createExpert(h.gql);
    await h.gql(`mutation($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }`, {
      input: { expertId, startDate: '2027-07-03', endDate: '2027-07-03', status: 'UNAVAILABLE' },
    });
    const request = await createRequest(h.gql, { startDate: '2027-07-01', endDate: '2027-07-05' });
    const before = await h.snapshot();
    const refused = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'EXPERT_UNAVAILABLE' });
    expect(await h.snapshot()).toEqual(before);
    const other = await createExpert(h.gql);
    const third = await createExpert(h.gql);
    expect((await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: other } })).errors).toBeUndefined();
    const full = await refusedUnchanged(() => h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: third } }));
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ROLE_FULL' });
  });

  it('declining and withdrawing free the days; answered offers cannot be answered again', async () => {
    const expertId = await createExpert(h.gql);
    const request = await createRequest(h.gql, { startDate: '2027-08-01', endDate: '2027-08-02', roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] });
    const first = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
    expect((await h.gql(RESPOND, { input: { assignmentId: first, accept: false, note: 'Family reasons' } })).data.respondToOffer.assignment.status).toBe('DECLINED');
    expect(codes(await refusedUnchanged(() => h.gql(RESPOND, { input: { assignmentId: first, accept: true } })))).toEqual(['CONFLICT']);
    const second = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
    expect((await h.gql(WITHDRAW, { input: { assignmentId: second } })).data.withdrawOffer.assignment.status).toBe('WITHDRAWN');
    const third = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    expect(third.errors).toBeUndefined();
  });

  it('lets only the expert offered, or staff, answer', async () => {
    const expertId = await createExpert(h.gql);
    const otherId = await createExpert(h.gql);
    const request = await createRequest(h.gql, { startDate: '2027-09-01', endDate: '2027-09-02' });
    const assignmentId = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
    const otherToken = await h.token('EXPERT', otherId);
    const requester = await h.token('REQUESTER');
    expect(codes(await refusedUnchanged(() => h.gql(RESPOND, { input: { assignmentId, accept: true } }, otherToken)))).toEqual(['FORBIDDEN']);
    expect(codes(await refusedUnchanged(() => h.gql(RESPOND, { input: { assignmentId, accept: true } }, requester)))).toEqual(['FORBIDDEN']);
    const coordinator = await h.token('COORDINATOR');
    const res = await h.gql(RESPOND, { input: { assignmentId, accept: true } }, coordinator);
    expect(res.data.respondToOffer.assignment).toMatchObject({ status: 'ACCEPTED', respondedByRole: 'COORDINATOR' });
  });
});

describe('visibility', () => {
  it('shows a REQUESTER only its own requests', async () => {
    const mine = await h.token('REQUESTER');
    const theirs = await h.token('REQUESTER');
    const own = await createRequest(h.gql, { title: 'Mine' }, mine);
    await createRequest(h.gql, { title: 'Theirs' }, theirs);
    const list = await h.gql(`{ deploymentRequests(first: 100) { totalCount nodes { id title } } }`, {}, mine);
    expect(list.data.deploymentRequests.nodes.map((n: any) => n.id)).toEqual([own.id]);
    expect(list.data.deploymentRequests.totalCount).toBe(1);
    const other = await createRequest(h.gql, {}, theirs);
    const peek = await h.gql(`query($id: ID!) { node(id: $id) { id ... on DeploymentRequest { title } } }`, { id: other.id }, mine);
    expect(peek.data?.node ?? null).toBeNull();
    expect(codes(peek)).toEqual(['FORBIDDEN']);
  });

  it('shows a REQUESTER its team, not the experts who declined or were withdrawn', async () => {
    const requester = await h.token('REQUESTER');
    const request = await createRequest(h.gql, { startDate: '2027-12-10', endDate: '2027-12-11', roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] }, requester);
    const declined = await createExpert(h.gql, { fullName: 'Declined Person' });
    const member = await createExpert(h.gql, { fullName: 'Team Member' });
    const offer = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: declined } });
    await h.gql(RESPOND, { input: { assignmentId: offer.data.offerAssignment.assignment.id, accept: false } });
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: member } });
    const view = await h.gql(`query($id: ID!) { node(id: $id) { ... on DeploymentRequest { roles { assignments { status expert { fullName } } } } } }`, { id: request.id }, requester);
    expect(view.errors).toBeUndefined();
    expect(view.data.node.roles[0].assignments).toEqual([{ status: 'OFFERED', expert: { fullName: 'Team Member' } }]);
    const direct = await h.gql(`query($id: ID!) { node(id: $id) { ... on Expert { fullName } } }`, { id: declined }, requester);
    expect(codes(direct)).toEqual(['FORBIDDEN']);
  });

  it('filters requests by status and country, and pages newest first', async () => {
    const requester = await h.token('REQUESTER');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createRequest(h.gql, { country: 'KZ', title: `Water ${i}` }, requester)).id);
    const page1 = await h.gql(`{ deploymentRequests(first: 2, country: "KZ", status: [SUBMITTED]) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, {}, requester);
    expect(page1.data.deploymentRequests.totalCount).toBe(5);
    expect(page1.data.deploymentRequests.nodes.map((n: any) => n.id)).toEqual([ids[4], ids[3]]);
    const after = page1.data.deploymentRequests.pageInfo.endCursor;
    const page2 = await h.gql(`query($after: String) { deploymentRequests(first: 10, after: $after, country: "KZ") { pageInfo { hasNextPage } nodes { id } } }`, { after }, requester);
    expect(page2.data.deploymentRequests.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(page2.data.deploymentRequests.pageInfo.hasNextPage).toBe(false);
  });
});

describe('audit trail', () => {
  it('writes one row per successful mutation and none for a failed one', async () => {
    const count = async () => (await h.gql(`{ auditLog(first: 1) { totalCount } }`)).data.auditLog.totalCount as number;
    const before = await count();
    const expertId = await createExpert(h.gql);
    expect(await count()).toBe(before + 1);
    const entries = await h.gql(`query($id: ID!) { auditLog(first: 5, filter: { entityId: $id }) { nodes { action actorRole entityId changes } } }`, { id: expertId });
    expect(entries.data.auditLog.nodes[0]).toMatchObject({ action: 'createExpert', actorRole: 'ADMIN', entityId: expertId });
    const { roleIds } = await createRequest(h.gql);
    const failed = await refusedUnchanged(() => h.gql(OFFER, { input: { roleId: roleIds[0], expertId: 'RXhwZXJ0OjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA' } }));
    expect(codes(failed)).toEqual(['NOT_FOUND']);
    expect(await count()).toBe(before + 2);
    const requester = await h.token('REQUESTER');
    expect(codes(await h.gql(`{ auditLog(first: 1) { totalCount } }`, {}, requester))).toEqual(['FORBIDDEN']);
  });
});

