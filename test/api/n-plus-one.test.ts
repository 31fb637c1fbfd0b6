// No N+1: a nested list query issues the same, small number of SQL statements whatever the page
// size. Statements are counted through the drizzle logger (countStatements) around the whole
// app.inject, so the bearer-token lookup is counted too. Runs on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../server/db/index.js';
import { today } from '../../server/domain/dates.js';
import { generateRoster } from '../../seed/demo.js';
import { loadRoster } from '../../seed/load.js';
import { startHarness, type Harness } from '../support/harness.js';

const MAX_STATEMENTS = 10;

const REQUESTS = `query($first: Int!) {
  deploymentRequests(first: $first) { nodes { roles { assignments { expert { languages { code } expertise { level } } } } } } }`;
const EXPERTS = `query($first: Int!) {
  experts(first: $first) { edges { node { languages { code } expertise { level area { code } } } } } }`;

let h: Harness;
let coordinator: string;

beforeAll(async () => {
  h = await startHarness();
  // 300 experts with calendars and 120 requests (most of them staffed) from the seed generator.
  await loadRoster(h.database.db, generateRoster({ experts: 300, requests: 120, today: today() }));
  coordinator = await h.token('COORDINATOR');
  // Warm the process-wide caches (the set of expertise area codes is read once per database), so
  // that both page sizes are counted in the same steady state.
  for (const query of [REQUESTS, EXPERTS]) await h.gql(query, { first: 1 }, coordinator);
});
afterAll(() => h?.close());

/** Runs `query` with a COORDINATOR token (a token looked up in the database) and counts its statements. */
async function counted(query: string, first: number) {
  const { result, count, statements } = await countStatements(() => h.gql(query, { first }, coordinator));
  expect(result.errors).toBeUndefined();
  return { data: result.data, count, statements };
}

type RequestsData = { deploymentRequests: { nodes: { roles: { assignments: { expert: { languages: unknown[]; expertise: unknown[] } }[] }[] }[] } };
type ExpertsData = { experts: { edges: { node: { languages: unknown[]; expertise: { area: { code: string } }[] } }[] } };

describe('no N+1', () => {
  it('counts statements per request, authentication included', async () => {
    const { count, statements } = await counted('{ me { role } }', 0);
    // The token lookup is one statement; `me` needs no other.
    expect(statements.some((s) => /"api_tokens"/.test(s))).toBe(true);
    expect(count).toBe(1);
  });

  it('deploymentRequests → roles → assignments → expert → languages, expertise: same statements for 5 and 100', async () => {
    const small = await counted(REQUESTS, 5);
    const large = await counted(REQUESTS, 100);
    const assignmentsOf = (d: RequestsData) => d.deploymentRequests.nodes.flatMap((n) => n.roles.flatMap((r) => r.assignments));
    const few = assignmentsOf(small.data as RequestsData);
    const many = assignmentsOf(large.data as RequestsData);
    // Both pages reach every level, so that a per-row statement anywhere would show.
    expect((small.data as RequestsData).deploymentRequests.nodes).toHaveLength(5);
    expect((large.data as RequestsData).deploymentRequests.nodes).toHaveLength(100);
    expect(few.length).toBeGreaterThan(0);
    expect(few.some((a) => a.expert.languages.length && a.expert.expertise.length)).toBe(true);
    expect(many.length).toBeGreaterThan(5 * few.length);
    expect(large.count, `first: 5\n${small.statements.join('\n')}\n\nfirst: 100\n${large.statements.join('\n')}`).toBe(small.count);
    expect(small.count).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('experts → languages, expertise → area: same statements for 5 and 100', async () => {
    const small = await counted(EXPERTS, 5);
    const large = await counted(EXPERTS, 100);
    expect((small.data as ExpertsData).experts.edges).toHaveLength(5);
    expect((large.data as ExpertsData).experts.edges).toHaveLength(100);
    const areas = new Set((large.data as ExpertsData).experts.edges.flatMap((e) => e.node.expertise.map((x) => x.area.code)));
    expect(areas.size).toBeGreaterThan(1);
    expect(large.count, `first: 5\n${small.statements.join('\n')}\n\nfirst: 100\n${large.statements.join('\n')}`).toBe(small.count);
    expect(small.count).toBeLessThanOrEqual(MAX_STATEMENTS);
  });
});
