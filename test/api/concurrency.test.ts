// Proof under concurrency: racing offers through two server instances on one database. On
// PostgreSQL (DATABASE_URL) each instance has its own connection pool, so the transactions truly
// interleave and the exclusion constraint decides; on PGlite they serialise.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/rows.js';
import { startHarness, type Harness, type Instance } from '../support/harness.js';
import { codes, createExpert, createRequest, OFFER, RESPOND, WITHDRAW } from '../support/fixtures.js';
import { addDays } from '../../server/domain/dates.js';

let h: Harness;
let b: Instance;
beforeAll(async () => {
  h = await startHarness();
  b = await h.instance();
});
afterAll(() => h?.close());

async function liveAssignments(expertGlobalId: string): Promise<number> {
  const id = Buffer.from(expertGlobalId, 'base64url').toString().split(':')[1];
  const [row] = rowsOf<{ n: number }>(
    await h.database.db.execute(sql`select count(*)::int as n from assignments where expert_id = ${id} and status in ('OFFERED','ACCEPTED','DEPLOYED')`),
  );
  return row!.n;
}

async function requests(n: number, dates: (i: number) => { startDate: string; endDate: string }) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await createRequest(h.gql, { title: `Request ${i}`, ...dates(i) }));
  return out;
}

it('50 racing offers of one expert on overlapping days: exactly one succeeds', async () => {
  const expertId = await createExpert(h.gql);
  const reqs = await requests(50, (i) => ({ startDate: addDays('2027-10-01', i % 5), endDate: addDays('2027-10-10', i % 5) }));
  const results = await Promise.all(reqs.map((r, i) => (i % 2 ? b.gql : h.gql)(OFFER, { input: { roleId: r.roleIds[0], expertId } })));
  const ok = results.filter((r) => !r.errors);
  const conflicts = results.filter((r) => codes(r).join() === 'CONFLICT');
  expect(ok).toHaveLength(1);
  expect(conflicts).toHaveLength(49);
  expect(conflicts.every((r) => r.errors![0]!.extensions.reason === 'DOUBLE_BOOKED')).toBe(true);
  expect(await liveAssignments(expertId)).toBe(1);
});

it('50 racing offers of one expert on disjoint days: all succeed', async () => {
  const expertId = await createExpert(h.gql, { maxDeploymentDaysPerYear: 366 });
  const reqs = await requests(50, (i) => ({ startDate: addDays('2028-01-01', i * 3), endDate: addDays('2028-01-02', i * 3) }));
  const results = await Promise.all(reqs.map((r, i) => (i % 2 ? b.gql : h.gql)(OFFER, { input: { roleId: r.roleIds[0], expertId } })));
  expect(results.filter((r) => r.errors)).toEqual([]);
  expect(await liveAssignments(expertId)).toBe(50);
});

it('racing offers for the last seat of a role: never more than count', async () => {
  const request = await createRequest(h.gql, { startDate: '2028-06-01', endDate: '2028-06-05', roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] });
  const experts = [];
  for (let i = 0; i < 10; i++) experts.push(await createExpert(h.gql));
  const results = await Promise.all(experts.map((expertId, i) => (i % 2 ? b.gql : h.gql)(OFFER, { input: { roleId: request.roleIds[0], expertId } })));
  expect(results.filter((r) => !r.errors)).toHaveLength(2);
  expect(results.filter((r) => r.errors).every((r) => r.errors![0]!.extensions.reason === 'ROLE_FULL')).toBe(true);
});

it('racing respondToOffer and withdrawOffer end in one consistent state, 20 rounds', async () => {
  const expertId = await createExpert(h.gql, { maxDeploymentDaysPerYear: 366 });
  for (let round = 0; round < 20; round++) {
    const request = await createRequest(h.gql, { startDate: addDays('2029-01-01', round * 4), endDate: addDays('2029-01-02', round * 4) });
    const offer = await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    const assignmentId = offer.data.offerAssignment.assignment.id;
    const [answer, withdrawal] = await Promise.all([
      h.gql(RESPOND, { input: { assignmentId, accept: round % 2 === 0 } }),
      b.gql(WITHDRAW, { input: { assignmentId } }),
    ]);
    const final = (await h.gql(`query($id: ID!) { node(id: $id) { ... on Assignment { status } } }`, { id: assignmentId })).data.node.status;
    if (answer.errors) {
      // The withdrawal came first; the answer found the offer gone.
      expect(codes(answer)).toEqual(['CONFLICT']);
      expect(withdrawal.errors).toBeUndefined();
      expect(final).toBe('WITHDRAWN');
    } else if (round % 2 === 0) {
      // Accepted first; an accepted seat may still be withdrawn while staffing.
      expect(withdrawal.errors).toBeUndefined();
      expect(final).toBe('WITHDRAWN');
    } else {
      // Declined first; nothing left to withdraw.
      expect(codes(withdrawal)).toEqual(['CONFLICT']);
      expect(final).toBe('DECLINED');
    }
  }
  expect(await liveAssignments(expertId)).toBe(0);
});

it('racing accept and decline of one offer: exactly one answer wins', async () => {
  const expertId = await createExpert(h.gql);
  const request = await createRequest(h.gql, { startDate: '2029-06-01', endDate: '2029-06-02' });
  const assignmentId = (await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } })).data.offerAssignment.assignment.id;
  const answers = await Promise.all([
    h.gql(RESPOND, { input: { assignmentId, accept: true } }),
    b.gql(RESPOND, { input: { assignmentId, accept: false } }),
  ]);
  expect(answers.filter((r) => !r.errors)).toHaveLength(1);
  expect(answers.filter((r) => codes(r).join() === 'CONFLICT')).toHaveLength(1);
});
