// Every way an error gets its `extensions.code` (server/graphql/errors.ts, variables.ts): the
// service's own error classes, bad variables with their input path, parse and validation errors,
// and anything unexpected, which is masked. No case depends on graphql-js's message wording.
import { GraphQLError, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFor, maskError } from '../../server/graphql/errors.js';
import { schema } from '../../server/graphql/schema.js';
import { variableErrors } from '../../server/graphql/variables.js';
import { ConflictError } from '../../server/domain/errors.js';
import { createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const wire = (res: Awaited<ReturnType<Harness['gql']>>) => res.errors?.map((e) => ({ code: e.extensions.code, field: e.extensions.field, reason: e.extensions.reason }));

describe("the service's own errors", () => {
  it('InvalidInputError: BAD_USER_INPUT with the input path', async () => {
    const res = await h.gql(`mutation { createExpert(input: { fullName: "A", email: "a@example.org", nationalities: ["XX"] }) { expert { id } } }`);
    expect(wire(res)).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'nationalities', 0] }]);
  });

  it('NotFoundError: NOT_FOUND with the input path', async () => {
    const request = await createRequest(h.gql);
    const ghost = Buffer.from('Expert:00000000-0000-4000-8000-000000000000').toString('base64url');
    const res = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: ghost } });
    expect(wire(res)).toEqual([{ code: 'NOT_FOUND', field: ['input', 'expertId'] }]);
  });

  it('ConflictError: CONFLICT with its reason', async () => {
    const email = `twice.${Date.now()}@example.org`;
    await createExpert(h.gql, { email });
    const res = await h.gql(`mutation($e: String!) { createExpert(input: { fullName: "B", email: $e }) { expert { id } } }`, { e: email });
    expect(wire(res)).toEqual([{ code: 'CONFLICT', reason: 'DUPLICATE_EMAIL' }]);
  });

  it('ForbiddenError and UnauthenticatedError from the scope rules', async () => {
    const requester = await h.token('REQUESTER');
    expect(wire(await h.gql(`{ experts(first: 1) { totalCount } }`, {}, requester))).toEqual([{ code: 'FORBIDDEN' }]);
    expect(wire(await h.gql(`{ experts(first: 1) { totalCount } }`, {}, null))).toEqual([{ code: 'UNAUTHENTICATED' }]);
  });

  it('anything else is INTERNAL_SERVER_ERROR, "Unexpected error.", and logged', () => {
    const logged: unknown[] = [];
    const mask = maskError({ error: (obj) => logged.push(obj) });
    const masked = mask(new TypeError('secret detail')) as unknown as { message: string; extensions: { code: string } };
    expect([masked.message, masked.extensions.code]).toEqual(['Unexpected error.', 'INTERNAL_SERVER_ERROR']);
    expect(logged).toHaveLength(1);
    const typed = mask(new ConflictError('taken', 'ROLE_FULL')) as unknown as { extensions: Record<string, unknown> };
    expect(typed.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ROLE_FULL' });
  });
});

describe('bad variables: BAD_USER_INPUT naming the input path', () => {
  const EXPERTS = `query($f: ExpertFilter) { experts(first: 1, filter: $f) { totalCount } }`;
  const REQUESTS = `query($s: [RequestStatus!]) { deploymentRequests(status: $s) { totalCount } }`;
  const COVERAGE = `query($d: Date!) { rosterCoverage(from: $d, to: "2027-01-01", minExperts: 1) { language } }`;
  const cases: [string, string, Record<string, unknown>, (string | number)[][]][] = [
    ['a scalar that refuses the value', COVERAGE, { d: '2026-02-30' }, [['d']]],
    ['an unknown enum value in a list', REQUESTS, { s: ['STAFFING', 'STAFING'] }, [['s', 1]]],
    ['an unknown field of an input object', EXPERTS, { f: { tierr: 'ROSTER' } }, [['f', 'tierr']]],
    ['a missing required field, nested', EXPERTS, { f: { expertise: [{ area: 'PROCESS_DESIGN' }, { minLevel: 2 }] } }, [['f', 'expertise', 1, 'area']]],
    ['a missing and an unknown field of one object, in that order', EXPERTS, { f: { expertise: [{ level: 2 }] } }, [['f', 'expertise', 0, 'area'], ['f', 'expertise', 0, 'level']]],
    ['a value that is not an object', EXPERTS, { f: 'ROSTER' }, [['f']]],
    ['a wrong type deep inside', EXPERTS, { f: { languages: [{ code: 'fr', minProficiency: 3 }] } }, [['f', 'languages', 0, 'minProficiency']]],
    ['a required variable not given', COVERAGE, {}, [['d']]],
    ['null for a non-null variable', COVERAGE, { d: null }, [['d']]],
  ];
  it.each(cases)('%s', async (_name, query, variables, fields) => {
    const res = await h.gql(query, variables);
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(wire(res)).toEqual(fields.map((field) => ({ code: 'BAD_USER_INPUT', field })));
    // The message names the offending input too.
    for (const [i, field] of fields.entries()) expect(res.errors![i]!.message).toContain(String(field.findLast((p) => typeof p === 'string')));
  });

  it('are found without running graphql-js: the paths come from the value and the type', () => {
    const operation = parse(`query($f: ExpertFilter, $n: Int) { experts(first: $n, filter: $f) { totalCount } }`).definitions[0] as never;
    const errors = variableErrors(schema, operation, { f: { search: 'x', nope: 1, expertise: [{ area: 'A', minLevel: 'high' }] }, n: 1.5 });
    expect(errors.map((e) => e.extensions.field)).toEqual([['f', 'expertise', 0, 'minLevel'], ['f', 'nope'], ['n']]);
  });
});

describe('documents', () => {
  it('a parse error is GRAPHQL_PARSE_FAILED, a validation error GRAPHQL_VALIDATION_FAILED, both HTTP 400', async () => {
    const parseError = await h.gql(`{ experts(first: 1) { totalCount }`);
    expect([parseError.status, wire(parseError)]).toEqual([400, [{ code: 'GRAPHQL_PARSE_FAILED' }]]);
    for (const query of [`{ expertz { totalCount } }`, `{ deploymentRequests(status: [STAFING]) { totalCount } }`, `{ rosterCoverage(from: "2027-01-01", to: "2027-01-02") { language } }`]) {
      const res = await h.gql(query);
      expect([res.status, wire(res)], query).toEqual([400, [{ code: 'GRAPHQL_VALIDATION_FAILED' }]]);
    }
  });

  it('a request without a query keeps the code graphql-yoga gives it; an error without any gets GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, payload: { variables: {} } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(codeFor(new GraphQLError('Refused before GraphQL.'), false).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('in production, a suggestion is cut from any message, and the code kept', () => {
    const suggested = new GraphQLError('Value "STAFING" does not exist in "RequestStatus" enum. Did you mean the enum value "STAFFING"?', { extensions: { code: 'BAD_USER_INPUT', field: ['s', 0] } });
    const cut = codeFor(suggested, true);
    expect([cut.message, cut.extensions]).toEqual(['Value "STAFING" does not exist in "RequestStatus" enum.', { code: 'BAD_USER_INPUT', field: ['s', 0] }]);
    expect(codeFor(suggested, false).message).toContain('Did you mean');
  });
});
