// Small builders for test data through the public API.
import type { Gql } from './harness.js';

let counter = 0;

export const CREATE_EXPERT = `mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id version } } }`;
export const CREATE_REQUEST = `mutation($input: CreateDeploymentRequestInput!) {
  createDeploymentRequest(input: $input) { request { id status roles { id count } } } }`;
export const OFFER = `mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id status expert { id } role { id } } } }`;
export const RESPOND = `mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { id status respondedByRole } } }`;
export const WITHDRAW = `mutation($input: WithdrawOfferInput!) { withdrawOffer(input: $input) { assignment { id status } } }`;

export async function createExpert(gql: Gql, input: Record<string, unknown> = {}): Promise<string> {
  counter += 1;
  const res = await gql(CREATE_EXPERT, {
    input: {
      fullName: `Expert ${counter} ${Math.random().toString(36).slice(2, 6)}`,
      email: `expert${counter}.${Math.random().toString(36).slice(2, 8)}@example.org`,
      gender: 'FEMALE',
      tier: 'ROSTER',
      nationalities: ['FR'],
      homeTimeZone: 'Europe/Paris',
      securityTrainingValidUntil: '2030-01-01',
      medicalClearanceValidUntil: '2030-01-01',
      languages: [{ code: 'en', proficiency: 'FLUENT' }],
      expertise: [{ area: 'PROCESS_DESIGN', level: 3 }],
      ...input,
    },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createExpert.expert.id;
}

export interface CreatedRequest {
  id: string;
  roleIds: string[];
}

export async function createRequest(gql: Gql, input: Record<string, unknown> = {}, token?: string): Promise<CreatedRequest> {
  const res = await gql(
    CREATE_REQUEST,
    {
      input: {
        title: 'Prevention support',
        requestingEntity: 'UNOWAS (Dakar)',
        country: 'GN',
        mode: 'REMOTE',
        startDate: '2027-03-01',
        endDate: '2027-03-10',
        minWomen: 0,
        roles: [{ expertise: 'PROCESS_DESIGN', count: 1 }],
        ...input,
      },
    },
    token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const request = res.data.createDeploymentRequest.request;
  return { id: request.id, roleIds: request.roles.map((r: { id: string }) => r.id) };
}

export function codes(res: { errors?: { extensions: { code: string } }[] }): string[] {
  return (res.errors ?? []).map((e) => e.extensions.code);
}

/** Offers each expert a seat of the request's first role, has each accept, and takes the request through to COMPLETED (as ADMIN). */
export async function completeWith(gql: Gql, request: CreatedRequest, expertIds: string[]): Promise<string[]> {
  const must = async (query: string, variables: Record<string, unknown>) => {
    const res = await gql(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const assignments: string[] = [];
  for (const expertId of expertIds) {
    const id = (await must(OFFER, { input: { roleId: request.roleIds[0], expertId } })).offerAssignment.assignment.id;
    await must(RESPOND, { input: { assignmentId: id, accept: true } });
    assignments.push(id);
  }
  for (const m of ['approveDeploymentRequest', 'markDeployed', 'completeDeploymentRequest']) {
    await must(`mutation($input: ${m[0]!.toUpperCase()}${m.slice(1)}Input!) { ${m}(input: $input) { request { status } } }`, { input: { requestId: request.id } });
  }
  return assignments;
}
