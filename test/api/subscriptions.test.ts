// Subscriptions end to end over real HTTP: SSE at /graphql with Accept: text/event-stream. The
// cross-instance delivery runs on PostgreSQL only: there each instance has its own LISTEN/NOTIFY
// bus, while on embedded PGlite (one process by design) the instances share one in-process bus,
// so it would prove nothing about crossing instances.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, startHarness, usingPostgres, type Harness } from '../support/harness.js';
import { createExpert, createRequest, OFFER, RESPOND, WITHDRAW } from '../support/fixtures.js';
import { openSse, type SseStream } from '../support/sse.js';

let h: Harness;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => h?.close());

/** Opens an SSE subscription on the instance at `base`; it must be accepted (HTTP 200). */
async function subscribe(query: string, variables: Record<string, unknown>, token: string): Promise<SseStream> {
  const stream = await openSse(`${base}/graphql`, query, variables, token);
  expect(stream.status).toBe(200);
  return stream;
}

// Give the server a moment to register the subscription before the first event.
const settle = () => new Promise((r) => setTimeout(r, 150));

it('offerUpdates tells the expert of a new offer and of its withdrawal, and nobody else', async () => {
  const expertId = await createExpert(h.gql);
  const otherId = await createExpert(h.gql);
  const token = await h.token('EXPERT', expertId);
  const otherToken = await h.token('EXPERT', otherId);
  const mine = await subscribe('subscription { offerUpdates { id status role { id } } }', {}, token);
  const theirs = await subscribe('subscription { offerUpdates { id status } }', {}, otherToken);
  await settle();
  const request = await createRequest(h.gql, { startDate: '2027-11-01', endDate: '2027-11-03' });
  const assignmentId = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
  const offered = await mine.next();
  expect(offered.data.offerUpdates).toEqual({ id: assignmentId, status: 'OFFERED', role: { id: request.roleIds[0] } });
  await h.gql(WITHDRAW, { input: { assignmentId } });
  expect((await mine.next()).data.offerUpdates).toMatchObject({ id: assignmentId, status: 'WITHDRAWN' });
  await expect(theirs.next(300)).rejects.toThrow('no event');
  mine.close();
  theirs.close();
});

it('deploymentRequestUpdated follows status and assignment changes for the owner', async () => {
  const requester = await h.token('REQUESTER');
  const request = await createRequest(h.gql, { startDate: '2027-12-01', endDate: '2027-12-02' }, requester);
  const stream = await subscribe('subscription($id: ID!) { deploymentRequestUpdated(id: $id) { id status } }', { id: request.id }, requester);
  await settle();
  const expertId = await createExpert(h.gql);
  const assignmentId = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
  expect((await stream.next()).data.deploymentRequestUpdated).toEqual({ id: request.id, status: 'STAFFING' });
  await h.gql(RESPOND, { input: { assignmentId, accept: true } });
  expect((await stream.next()).data.deploymentRequestUpdated).toEqual({ id: request.id, status: 'STAFFING' });
  await h.gql(`mutation($input: ApproveDeploymentRequestInput!) { approveDeploymentRequest(input: $input) { request { id } } }`, { input: { requestId: request.id } });
  expect((await stream.next()).data.deploymentRequestUpdated).toEqual({ id: request.id, status: 'APPROVED' });
  stream.close();
});

it('refuses to let another requester follow a request', async () => {
  const owner = await h.token('REQUESTER');
  const stranger = await h.token('REQUESTER');
  const request = await createRequest(h.gql, {}, owner);
  const stream = await subscribe('subscription($id: ID!) { deploymentRequestUpdated(id: $id) { id status } }', { id: request.id }, stranger);
  const first = await stream.next();
  expect(first.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  stream.close();
  // Staff may follow any request, and the events do arrive.
  const coordinator = await subscribe('subscription($id: ID!) { deploymentRequestUpdated(id: $id) { id status } }', { id: request.id }, ADMIN);
  await settle();
  const expertId = await createExpert(h.gql);
  await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
  expect((await coordinator.next()).data.deploymentRequestUpdated).toEqual({ id: request.id, status: 'STAFFING' });
  await h.gql(`mutation($input: CancelDeploymentRequestInput!) { cancelDeploymentRequest(input: $input) { request { id } } }`, { input: { requestId: request.id } });
  expect((await coordinator.next()).data.deploymentRequestUpdated).toEqual({ id: request.id, status: 'CANCELLED' });
  coordinator.close();
});

it.skipIf(!usingPostgres)('delivers an event from a mutation on another instance (PostgreSQL only: on PGlite the instances share one in-process bus)', async () => {
  const other = await h.instance();
  const otherBase = await other.app.listen({ port: 0, host: '127.0.0.1' });
  const expertId = await createExpert(h.gql);
  const token = await h.token('EXPERT', expertId);
  const saved = base;
  base = otherBase;
  const stream = await subscribe('subscription { offerUpdates { id status } }', {}, token);
  base = saved;
  await settle();
  const request = await createRequest(h.gql, { startDate: '2028-01-10', endDate: '2028-01-11' });
  const assignmentId = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
  const event = await stream.next(5000);
  expect(event.data.offerUpdates).toEqual({ id: assignmentId, status: 'OFFERED' });
  stream.close();
});

it('ends an open subscription when its token is revoked', async () => {
  const expertId = await createExpert(h.gql);
  const created = await h.gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`, {
    input: { role: 'EXPERT', name: 'to revoke', expertId },
  });
  const { token, apiToken } = created.data.createApiToken;
  const stream = await subscribe('subscription { offerUpdates { id status } }', {}, token);
  await settle();
  const first = await createRequest(h.gql, { startDate: '2028-02-01', endDate: '2028-02-02' });
  await h.gql(OFFER, { input: { roleId: first.roleIds[0], expertId } });
  expect((await stream.next()).data.offerUpdates.status).toBe('OFFERED');
  await h.gql(`mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { revokedAt } } }`, { input: { id: apiToken.id } });
  const second = await createRequest(h.gql, { startDate: '2028-02-10', endDate: '2028-02-11' });
  await h.gql(OFFER, { input: { roleId: second.roleIds[0], expertId } });
  await expect(stream.next(500)).rejects.toThrow('no event');
  const deadline = Date.now() + 2000;
  while (!stream.ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(stream.ended()).toBe(true);
  stream.close();
});
