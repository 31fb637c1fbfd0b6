import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

it('runs the request flow', async () => {
  const e = await h.gql(`mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`, {
    input: { fullName: 'Émilie Ngozi', email: 'emilie@example.org', gender: 'FEMALE', expertise: [{ area: 'PROCESS_DESIGN', level: 4 }] },
  });
  const expertId = e.data.createExpert.expert.id;
  const r = await h.gql(`mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id status title country mode startDate endDate minWomen roles { id expertise { code } minLevel languages count } } } }`, {
    input: { title: 'Guinea', requestingEntity: 'UNOWAS', country: 'GN', mode: 'REMOTE', startDate: '2027-01-10', endDate: '2027-01-20', minWomen: 1, roles: [{ expertise: 'PROCESS_DESIGN' }] },
  });
  console.log(JSON.stringify(r));
  const roleId = r.data.createDeploymentRequest.request.roles[0].id;
  const o = await h.gql(`mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id status expert { id } role { id } } } }`, { input: { roleId, expertId } });
  console.log(JSON.stringify(o));
  const o2 = await h.gql(`mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id status } } }`, { input: { roleId, expertId } });
  console.log(JSON.stringify(o2));
  const a = await h.gql(`mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { id status } } }`, { input: { assignmentId: o.data.offerAssignment.assignment.id, accept: true } });
  console.log(JSON.stringify(a));
  const ap = await h.gql(`mutation($input: ApproveDeploymentRequestInput!) { approveDeploymentRequest(input: $input) { request { id status history { fromStatus toStatus actorRole } } } }`, { input: { requestId: r.data.createDeploymentRequest.request.id } });
  console.log(JSON.stringify(ap));
  const av = await h.gql(`query($id: ID!) { node(id: $id) { ... on Expert { availability(from: "2027-01-08", to: "2027-01-22") { startDate endDate status } assignments { totalCount nodes { status } } } } }`, { id: expertId });
  console.log(JSON.stringify(av));
  const list = await h.gql(`{ deploymentRequests(first: 10) { totalCount pageInfo { hasNextPage endCursor } nodes { id status title roles { assignments { expert { fullName } } } } } }`);
  console.log(JSON.stringify(list));
  expect(ap.errors).toBeUndefined();
});
