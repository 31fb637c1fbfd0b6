// The contract flow driven exactly as an integrating system would: the documents of
// operations.graphql sent verbatim through graphql-request, and subscriptions through graphql-sse.
import { GraphQLClient } from 'graphql-request';
import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, startHarness, type Harness } from '../support/harness.js';
import { addDays, today } from '../../server/domain/dates.js';
import { op } from '../support/contract.js';


let h: Harness;
let url: string;
const sse: Client[] = [];
beforeAll(async () => {
  h = await startHarness();
  url = `${await h.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
});
afterAll(async () => {
  for (const c of sse) c.dispose();
  await h?.close();
});

const client = (token: string) => new GraphQLClient(url, { headers: { authorization: `Bearer ${token}` } });

/** Subscribes with graphql-sse and collects every payload. */
function follow(token: string, query: string, variables: Record<string, unknown> = {}) {
  const c = createClient({ url, headers: { authorization: `Bearer ${token}` } });
  sse.push(c);
  const seen: any[] = [];
  c.subscribe({ query, variables }, { next: (v) => void seen.push(v.data), error: (e) => void seen.push({ error: e }), complete: () => {} });
  return {
    seen,
    async until(predicate: (all: any[]) => boolean, ms = 3000) {
      const end = Date.now() + ms;
      while (!predicate(seen)) {
        if (Date.now() > end) throw new Error(`timed out; saw ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

it('runs a request from submission to metrics', async () => {
  const admin = client(ADMIN);
  const token = async (role: string, name: string, expertId?: string) =>
    ((await admin.request(op('CreateApiToken'), { input: { role, name, expertId } })) as any).createApiToken.token as string;
  const coordinatorToken = await token('COORDINATOR', 'Mediation Support Unit');
  const requesterToken = await token('REQUESTER', 'UNOWAS political affairs');
  const coordinator = client(coordinatorToken);

  const people = [
    { fullName: 'Aminata Diallo', gender: 'FEMALE', area: 'ELECTORAL_DISPUTES' },
    { fullName: 'Jonas Weber', gender: 'MALE', area: 'PROCESS_DESIGN' },
    { fullName: 'Leila Haddad', gender: 'FEMALE', area: 'PROCESS_DESIGN' },
  ];
  const experts: { id: string; token: string }[] = [];
  for (const [i, p] of people.entries()) {
    const res: any = await coordinator.request(op('CreateExpert'), {
      input: {
        fullName: p.fullName,
        email: `expert${i}@example.org`,
        tier: i === 0 ? 'STANDBY_TEAM' : 'ROSTER',
        gender: p.gender,
        nationalities: ['SN'],
        homeTimeZone: 'Africa/Dakar',
        countryExperience: ['GN', 'SL'],
        securityTrainingValidUntil: '2031-01-01',
        medicalClearanceValidUntil: '2031-01-01',
        maxDeploymentDaysPerYear: 120,
        languages: [{ code: 'fr', proficiency: 'FLUENT' }, { code: 'en', proficiency: 'WORKING' }],
        expertise: [{ area: p.area, level: 4 }],
      },
    });
    const id = res.createExpert.expert.id;
    experts.push({ id, token: await token('EXPERT', p.fullName, id) });
  }

  const start = addDays(today(), 10);
  const created: any = await client(requesterToken).request(op('CreateDeploymentRequest'), {
    input: {
      title: 'Guinea: tension over the electoral calendar',
      requestingEntity: 'UNOWAS (Dakar)',
      country: 'GN',
      mode: 'IN_PERSON',
      startDate: start,
      endDate: addDays(start, 13),
      minWomen: 1,
      roles: [{ expertise: 'ELECTORAL_DISPUTES', minLevel: 3, languages: ['fr'] }, { expertise: 'PROCESS_DESIGN', languages: ['fr'], count: 2 }],
      idempotencyKey: 'unowas-2027-guinea-1',
    },
  });
  const request = created.createDeploymentRequest.request;
  expect(request.status).toBe('SUBMITTED');

  const requestFeed = follow(requesterToken, op('DeploymentRequestUpdated'), { id: request.id });
  const offerFeeds = experts.map((e) => follow(e.token, op('OfferUpdates')));
  await new Promise((r) => setTimeout(r, 200));

  const proposal: any = await coordinator.request(op('ProposeTeam'), { requestId: request.id, candidates: 3, excluded: 5 });
  expect(proposal.proposeTeam.complete).toBe(true);
  expect(proposal.proposeTeam.members).toHaveLength(3);

  const offered: any = await coordinator.request(op('OfferProposedTeam'), { input: { requestId: request.id } });
  expect(offered.offerProposedTeam.request.status).toBe('STAFFING');
  expect(offered.offerProposedTeam.assignments).toHaveLength(3);

  // Each expert hears of its offer on its own subscription and accepts with its own token.
  for (const [i, expert] of experts.entries()) {
    await offerFeeds[i]!.until((all) => all.some((d) => d?.offerUpdates?.status === 'OFFERED'));
    const assignmentId = offerFeeds[i]!.seen.find((d) => d?.offerUpdates?.status === 'OFFERED').offerUpdates.id;
    const answer: any = await client(expert.token).request(op('RespondToOffer'), { input: { assignmentId, accept: true, note: 'Available' } });
    expect(answer.respondToOffer.assignment.status).toBe('ACCEPTED');
  }

  const approved: any = await coordinator.request(op('ApproveDeploymentRequest'), { input: { requestId: request.id } });
  expect(approved.approveDeploymentRequest.request.status).toBe('APPROVED');
  await coordinator.request(`mutation($input: MarkDeployedInput!) { markDeployed(input: $input) { request { status } } }`, { input: { requestId: request.id } });
  await coordinator.request(`mutation($input: CompleteDeploymentRequestInput!) { completeDeploymentRequest(input: $input) { request { status } } }`, {
    input: { requestId: request.id, note: 'Mission report filed' },
  });

  await requestFeed.until((all) => all.some((d) => d?.deploymentRequestUpdated?.status === 'COMPLETED'));
  const statuses = requestFeed.seen.map((d) => d.deploymentRequestUpdated.status);
  // Statuses arrive in order (a late creation event, read fresh, may show SUBMITTED first).
  const order = ['STAFFING', 'APPROVED', 'DEPLOYED', 'COMPLETED'].map((s) => statuses.indexOf(s));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));

  const mine: any = await client(requesterToken).request(op('DeploymentRequest'), { id: request.id });
  expect(mine.node.status).toBe('COMPLETED');
  expect(mine.node.roles.flatMap((r: any) => r.assignments.map((a: any) => a.status))).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);

  const metrics: any = await coordinator.request(op('StaffingMetrics'), { from: addDays(today(), -1), to: today() });
  const m = metrics.staffingMetrics;
  expect(m.requestsByStatus.find((s: any) => s.status === 'COMPLETED').count).toBe(1);
  expect(m.shareDeployedWithin72Hours).toBe(1);
  expect(m.shareTeamsMeetingMinWomen).toBe(1);
  expect(m.shareDeployedExpertsWomen).toBeCloseTo(2 / 3, 10);
  expect(m.deploymentDaysGini).toBe(0);
});
