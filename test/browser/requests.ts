// Setting up requests for the browser tests through the API (as a client system would).
import { expect, type Gql } from './fixtures.js';

interface Expert { id: string; fullName: string }

/** A fresh request, as the coordinator, for two seats of the demo expert's first area, far in the future. */
export async function requestForDemoExpert(gql: Gql, title: string): Promise<{ id: string; expert: Expert }> {
  const me = await gql<{ me: { expert: Expert & { expertise: { area: { code: string } }[] } } }>(
    `{ me { expert { id fullName expertise { area { code } } } } }`, {}, 'EXPERT');
  const expert = me.data!.me.expert;
  // Far apart per run and per call, so that tests never compete for the same days.
  const offset = 400 + Math.floor(Math.random() * 2000);
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const created = await gql<{ createDeploymentRequest: { request: { id: string } } }>(
    `mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id } } }`,
    {
      input: {
        title, requestingEntity: 'Office of the Special Envoy', country: 'KE', mode: 'REMOTE',
        startDate: day(offset), endDate: day(offset + 4),
        roles: [{ expertise: expert.expertise[0]!.area.code, count: 2, minLevel: 1 }],
      },
    },
    'COORDINATOR',
  );
  expect(created.errors).toBeUndefined();
  return { id: created.data!.createDeploymentRequest.request.id, expert };
}

/** A fresh request with one of its seats offered to the demo expert. */
export async function offerToDemoExpert(gql: Gql, title: string) {
  const { id, expert } = await requestForDemoExpert(gql, title);
  const request = await gql<{ deploymentRequest: { roles: { id: string }[] } }>(`query($id: ID!) { deploymentRequest(id: $id) { roles { id } } }`, { id });
  const offered = await gql(`mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id } } }`,
    { input: { expertId: expert.id, roleId: request.data!.deploymentRequest.roles[0]!.id } }, 'COORDINATOR');
  expect(offered.errors).toBeUndefined();
  return { id, expert };
}
