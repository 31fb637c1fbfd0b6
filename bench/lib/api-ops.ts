// The operations the API benchmark drives (issue 6): (a) a filtered roster search, (b) a name
// search, (c) a nested request list, (d) proposeTeam for a 6-seat request, (e) setAvailability.
// Bodies are built once; (e) varies its expert, dates and status on every request.
import { addDays } from '../../server/domain/dates.js';

export type OpKey = 'a' | 'a_total' | 'b' | 'c' | 'd' | 'e';

export interface GqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

const EXPERTS = `query Experts($first: Int, $filter: ExpertFilter) {
  experts(first: $first, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id fullName gender nationalities } }
  }
}`;

const EXPERTS_TOTAL = `query ExpertsTotal($first: Int, $filter: ExpertFilter) {
  experts(first: $first, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id fullName gender nationalities } }
  }
}`;

const NESTED = `query Nested($first: Int) {
  deploymentRequests(first: $first) { nodes { roles { assignments { expert { languages { code } expertise { level } } } } } }
}`;

const PROPOSE = `query ProposeTeam($requestId: ID!) {
  proposeTeam(requestId: $requestId) {
    complete totalScore women
    members { role { id } expert { id gender nationalities } fitScore reasons }
    unfilled { role { id } missing reasons }
    candidates(first: 5) { role { id } expert { id } fitScore }
  }
}`;

export const PROPOSE_WITH_EXCLUDED = `query ProposeTeamExcluded($requestId: ID!) {
  proposeTeam(requestId: $requestId) {
    complete totalScore
    members { expert { id } fitScore }
    excluded(first: 20) { expert { id } reasons }
  }
}`;

const SET_AVAILABILITY = `mutation SetAvailability($input: SetAvailabilityInput!, $from: Date!, $to: Date!) {
  setAvailability(input: $input) {
    expert { id availability(from: $from, to: $to) { startDate endDate status } }
  }
}`;

export const CREATE_REQUEST = `mutation CreateDeploymentRequest($input: CreateDeploymentRequestInput!) {
  createDeploymentRequest(input: $input) { request { id roles { id count } } }
}`;

/** The filter of (a): two skills and a two-week availability window a month ahead. */
export function searchFilter(today: string) {
  return {
    expertise: [{ area: 'DIALOGUE_FACILITATION', minLevel: 3 }],
    languages: [{ code: 'fr', minProficiency: 'WORKING' }],
    availableFrom: addDays(today, 30),
    availableTo: addDays(today, 43),
  };
}

/** The name search of (b): a surname, as a coordinator looking for someone types it (44 of 10,000 match). */
export const NAME_SEARCH = 'osman';

/** A 6-seat request (three roles) a month and a half ahead, for (d). */
export function sixSeatRequest(today: string) {
  return {
    title: 'Benchmark: support to the political dialogue',
    requestingEntity: 'UNOWAS (Dakar)',
    country: 'ML',
    mode: 'IN_PERSON',
    startDate: addDays(today, 45),
    endDate: addDays(today, 66),
    minWomen: 2,
    roles: [
      { expertise: 'DIALOGUE_FACILITATION', minLevel: 3, languages: ['fr'], count: 2 },
      { expertise: 'SECURITY_ARRANGEMENTS', minLevel: 3, languages: ['fr'], count: 2 },
      { expertise: 'GENDER_INCLUSION', minLevel: 2, languages: [], count: 2 },
    ],
  };
}

export interface OpContext {
  today: string;
  requestId: string;
  /** Experts whose calendars (e) marks, in turn. */
  expertIds: string[];
}

export interface Operation {
  key: OpKey;
  label: string;
  /** The body of each request: fixed, or varied per request (e). */
  body: (i: number) => GqlBody;
  /** Fixed bodies are sent as is; varied ones are built per request. */
  varies: boolean;
}

const STATUSES = ['UNAVAILABLE', 'TENTATIVE', 'AVAILABLE'] as const;

export function operations(ctx: OpContext): Record<OpKey, Operation> {
  const filter = searchFilter(ctx.today);
  // (e) marks days a year ahead, away from the windows of (a) and (d), so it never changes their results.
  const markBase = addDays(ctx.today, 400);
  const a: GqlBody = { query: EXPERTS, variables: { first: 20, filter } };
  const aTotal: GqlBody = { query: EXPERTS_TOTAL, variables: { first: 20, filter } };
  const b: GqlBody = { query: EXPERTS, variables: { first: 20, filter: { search: NAME_SEARCH } } };
  const c: GqlBody = { query: NESTED, variables: { first: 50 } };
  const d: GqlBody = { query: PROPOSE, variables: { requestId: ctx.requestId } };
  return {
    a: { key: 'a', label: '(a) experts: expertise + language + availability, first 20', body: () => a, varies: false },
    a_total: { key: 'a_total', label: '(a) with totalCount selected', body: () => aTotal, varies: false },
    b: { key: 'b', label: `(b) experts: name search "${NAME_SEARCH}", first 20`, body: () => b, varies: false },
    c: { key: 'c', label: '(c) deploymentRequests(first: 50) → roles → assignments → expert → languages, expertise', body: () => c, varies: false },
    d: { key: 'd', label: '(d) proposeTeam, 6 seats over 3 roles', body: () => d, varies: false },
    e: {
      key: 'e',
      label: '(e) setAvailability (varied expert, days and status)',
      varies: true,
      body: (i) => {
        const expertId = ctx.expertIds[i % ctx.expertIds.length]!;
        const startDate = addDays(markBase, (i * 7) % 280);
        const endDate = addDays(startDate, i % 6);
        return {
          query: SET_AVAILABILITY,
          variables: {
            input: { expertId, startDate, endDate, status: STATUSES[i % 3], note: i % 3 === 0 ? 'Benchmark mark' : null },
            from: addDays(startDate, -3),
            to: addDays(endDate, 3),
          },
        };
      },
    },
  };
}

/** Sends one GraphQL operation and returns its data; throws on any error. */
export async function gql<T = any>(url: string, token: string, body: GqlBody): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || json.errors) throw new Error(`GraphQL ${res.status}: ${JSON.stringify(json.errors ?? json).slice(0, 800)}`);
  return json.data as T;
}

/** Creates the 6-seat request of (d) and picks experts for (e), through the running server. */
export async function prepareOperations(url: string, token: string, today: string): Promise<OpContext> {
  const created = await gql<{ createDeploymentRequest: { request: { id: string } } }>(url, token, {
    query: CREATE_REQUEST,
    variables: { input: sixSeatRequest(today) },
  });
  const expertIds: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 3; page++) {
    const data: { experts: { pageInfo: { endCursor: string | null }; edges: { node: { id: string } }[] } } = await gql(url, token, {
      query: `query($after: String) { experts(first: 100, after: $after) { pageInfo { endCursor } edges { node { id } } } }`,
      variables: { after },
    });
    expertIds.push(...data.experts.edges.map((e) => e.node.id));
    after = data.experts.pageInfo.endCursor;
  }
  return { today, requestId: created.createDeploymentRequest.request.id, expertIds };
}
