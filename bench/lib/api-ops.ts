// The operations the API benchmark drives (issue 6): (a) a filtered roster search, (b) a name
// search, (c) a nested request list, (d) proposeTeam for a 6-seat request, (e) setAvailability.
// Bodies are built once; (e) varies its expert, dates and status on every request.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { addDays } from '../../server/domain/dates.js';

export type OpKey = 'a' | 'a_total' | 'b' | 'c' | 'd' | 'e';

export interface GqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

/** One operation of the contract (test/contract/operations.graphql), its text exactly as written there. */
function contractOperation(name: string): string {
  const body = readFileSync(CONTRACT, 'utf8');
  const def = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!def?.loc) throw new Error(`${CONTRACT} has no operation ${name}`);
  return body.slice(def.loc.start, def.loc.end);
}

/** The same text without the line that selects `field` (throws if there is no such line). */
function withoutLine(document: string, field: RegExp): string {
  const lines = document.split('\n');
  const kept = lines.filter((l) => !field.test(l));
  if (kept.length !== lines.length - 1) throw new Error(`expected exactly one line matching ${field}`);
  return kept.join('\n');
}

const CONTRACT = fileURLToPath(new URL('../../test/contract/operations.graphql', import.meta.url));

/** The contract's `Experts`, verbatim (it selects totalCount). */
const EXPERTS_TOTAL = contractOperation('Experts');
/** The contract's `Experts` without its totalCount line: what a client paging on without a count sends. */
const EXPERTS = withoutLine(EXPERTS_TOTAL, /^\s*totalCount\s*$/);

const NESTED = `query Nested($first: Int) {
  deploymentRequests(first: $first) { nodes { roles { assignments { expert { languages { code } expertise { level } } } } } }
}`;

/** The contract's `ProposeTeam`, verbatim: members, unfilled, candidates(first: $candidates), excluded(first: $excluded). */
const PROPOSE = contractOperation('ProposeTeam');
/** The variables (d) sends: the targets are for candidates 5 and excluded 20. */
export const PROPOSE_VARIABLES = { candidates: 5, excluded: 20 };
/** The same document without its `excluded` line (and variable), timed apart for comparison. */
export const PROPOSE_WITHOUT_EXCLUDED = withoutLine(PROPOSE, /^\s*excluded\(/).replace(/,\s*\$excluded: Int/, '');
export const PROPOSE_WITHOUT_EXCLUDED_VARIABLES = { candidates: PROPOSE_VARIABLES.candidates };

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
  const d: GqlBody = { query: PROPOSE, variables: { requestId: ctx.requestId, ...PROPOSE_VARIABLES } };
  return {
    a: { key: 'a', label: '(a) contract Experts without totalCount: expertise + language + availability, first 20', body: () => a, varies: false },
    a_total: { key: 'a_total', label: '(a) contract Experts as written (with totalCount)', body: () => aTotal, varies: false },
    b: { key: 'b', label: `(b) contract Experts without totalCount: name search "${NAME_SEARCH}", first 20`, body: () => b, varies: false },
    c: { key: 'c', label: '(c) deploymentRequests(first: 50) → roles → assignments → expert → languages, expertise', body: () => c, varies: false },
    d: { key: 'd', label: '(d) contract ProposeTeam (candidates 5, excluded 20), 6 seats over 3 roles', body: () => d, varies: false },
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
