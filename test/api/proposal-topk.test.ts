// A proposal loads only the experts SQL picks (server/repo/matching.ts topCandidates: every rule
// and the fitScore in SQL, cut per role). On a generated roster with calendars, commitments,
// declared interests, appraisals, small day caps and short notice, for many requests (both modes,
// held seats, many women wanted), three things must hold:
// - with no cut, SQL's eligible experts per role are exactly the engine's, and SQL's score is the
//   engine's fitScore (within its rounding);
// - with the tightest cut (lists as deep as the seats) and the console's (100), the engine over the
//   picked experts proposes exactly the team it proposes over everyone, and the same first candidates;
// - that team is optimal by HiGHS over the independent oracle's eligibility and fitScore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startHarness, type Harness } from '../support/harness.js';
import { generateRoster } from '../../seed/demo.js';
import { loadRoster } from '../../seed/load.js';
import { loadMatchInput, topCandidates, type MatchInput } from '../../server/repo/matching.js';
import { requestsByIds, type RequestRow } from '../../server/repo/requests.js';
import { proposeTeam, type Proposal } from '../../server/domain/matching/index.js';
import { partyKey } from '../../server/domain/interests.js';
import { regionOf } from '../../server/domain/codes.js';
import { rowsOf } from '../../server/db/rows.js';
import { globalId } from '../../server/graphql/ids.js';
import { solveMilp, type HighsLike } from '../../bench/lib/milp.js';
import { fitUnits, reasons, type OExpert, type ORequest } from '../oracle/oracle.js';

const TODAY = '2026-11-26';
const options = { regionOf };
let h: Harness;
let highs: HighsLike;
let requests: RequestRow[] = [];

beforeAll(async () => {
  const mod = (await import('highs')) as unknown as { default: (() => Promise<unknown>) | { default: () => Promise<unknown> } };
  highs = (await (typeof mod.default === 'function' ? mod.default : mod.default.default)()) as HighsLike;
  h = await startHarness();
  const db = h.database.db;
  const roster = generateRoster({ experts: 600, requests: 200, seed: 23, today: TODAY });
  await loadRoster(db, roster);
  await db.execute(sql`update deployment_requests set parties = array['Front Populaire']
    where id in (select id from deployment_requests order by id limit 50)`);
  const experts = roster.experts;
  for (let i = 0; i < experts.length; i += 11) {
    const country = i % 2 === 0 ? roster.deploymentRequests[i % roster.deploymentRequests.length]!.country : null;
    await db.execute(sql`insert into declared_interests (expert_id, country, party, party_key, declared_by_role)
      values (${experts[i]!.id}, ${country}, ${country ? null : 'front populaire'}, ${country ? null : partyKey('front populaire')}, 'ADMIN')`);
  }
  // Small day caps for some, so that the cap decides; appraisals of every third assignment, so that A varies.
  await db.execute(sql`update experts set max_deployment_days_per_year = (case when id::text < '5' then 14 else 40 end)
    where id in (select id from experts order by id desc limit 150)`);
  await db.execute(sql`insert into appraisals (assignment_id, author_principal, author_role, rating)
    select a.id, 'bootstrap', 'ADMIN', 1 + (abs(hashtext(a.id::text)) % 5) from assignments a where abs(hashtext(a.id::text)) % 3 = 0`);
  const ids = rowsOf<{ id: string }>(await db.execute(sql`select id from deployment_requests order by id limit 36`)).map((r) => r.id);
  requests = await requestsByIds(db, ids);
  // Many women wanted on every fourth request, so that the women's lists decide.
  for (const [i, r] of requests.entries()) if (i % 4 === 1) r.minWomen = 3;
}, 180_000);
afterAll(() => h?.close());

/** Short notice on every third request, so that the standby term counts. */
function nowFor(i: number, request: RequestRow): Date {
  return i % 3 === 0 ? new Date(`${request.startDate}T00:00:00Z`) : new Date(`${TODAY}T09:00:00Z`);
}

function firstPerRole(p: Proposal, n: number) {
  const seen = new Map<string, number>();
  return p.candidates.filter((c) => {
    const k = (seen.get(c.roleId) ?? 0) + 1;
    seen.set(c.roleId, k);
    return k <= n;
  });
}

describe('the experts a proposal loads', () => {
  it('are, without a cut, exactly the engine’s eligible experts, scored as the engine scores them', async () => {
    const db = h.database.db;
    let pairs = 0;
    for (const [i, request] of requests.entries()) {
      const everyone = await loadMatchInput(db, request, nowFor(i, request), 'everyone');
      const engine = proposeTeam(everyone.match, everyone.experts, options);
      const rows = await topCandidates(db, request, everyone.match, options, { perRole: 1_000_000, women: 1_000_000 });
      everyone.match.roles.forEach((role, r) => {
        const expected = new Map(engine.candidates.filter((c) => c.roleId === role.id).map((c) => [c.expertId, c.fitScore]));
        const got = rows.filter((row) => row.role === r);
        expect(new Set(got.map((row) => row.id))).toEqual(new Set(expected.keys()));
        for (const row of got) expect(Math.abs(row.score - expected.get(row.id)!)).toBeLessThanOrEqual(0.00005 + 1e-9);
        pairs += got.length;
      });
    }
    expect(pairs).toBeGreaterThan(1_000);
  }, 300_000);

  it('give the same team and the same first candidates as the whole roster, with the tightest cut and the console’s', async () => {
    const db = h.database.db;
    let cut = 0;
    let complete = 0;
    let held = 0;
    for (const [i, request] of requests.entries()) {
      const now = nowFor(i, request);
      const everyone = await loadMatchInput(db, request, now, 'everyone');
      const whole = proposeTeam(everyone.match, everyone.experts, options);
      for (const perRole of [0, 100]) {
        const best = await loadMatchInput(db, request, now, 'best', { ...options, perRole });
        const picked = proposeTeam(best.match, best.experts, options);
        expect(picked.members).toEqual(whole.members);
        expect(picked.totalScore).toBe(whole.totalScore);
        expect(picked.complete).toBe(whole.complete);
        if (whole.complete) expect(picked.unfilled).toEqual(whole.unfilled);
        const seats = everyone.match.roles.reduce((n, r) => n + r.count, 0);
        expect(firstPerRole(picked, Math.max(perRole, seats))).toEqual(firstPerRole(whole, Math.max(perRole, seats)));
        if (perRole === 0 && best.experts.length < new Set(whole.candidates.map((c) => c.expertId)).size) cut++;
      }
      if (whole.complete) complete++;
      if (everyone.match.roles.some((r) => r.held.length > 0)) held++;
    }
    // The cut was active, and complete, incomplete and held-seat requests were all compared.
    expect(cut).toBeGreaterThan(requests.length / 2);
    expect(complete).toBeGreaterThan(0);
    expect(complete).toBeLessThan(requests.length);
    expect(held).toBeGreaterThan(0);
  }, 300_000);

  it('give a team HiGHS proves optimal over the oracle’s eligibility and fitScore', async () => {
    const db = h.database.db;
    let compared = 0;
    for (const [i, request] of requests.entries()) {
      const now = nowFor(i, request);
      const everyone: MatchInput = await loadMatchInput(db, request, now, 'everyone');
      if (everyone.match.roles.some((r) => r.held.length > 0)) continue; // the MILP knows no pinned seats
      const best = await loadMatchInput(db, request, now, 'best', { ...options, perRole: 0 });
      const proposal = proposeTeam(best.match, best.experts, options);
      const req = everyone.match as ORequest;
      const problem = {
        womenTarget: req.minWomen,
        roles: req.roles.map((role) => ({
          seats: role.count,
          candidates: (everyone.experts as OExpert[])
            .filter((e) => reasons(req, role, e).length === 0)
            .map((e) => ({ expert: e.id, score: fitUnits(req, role, e, regionOf), female: e.gender === 'FEMALE' })),
        })),
      };
      const lex = solveMilp(highs, problem, 'lexicographic');
      const female = new Set(everyone.experts.filter((e) => e.gender === 'FEMALE').map((e) => e.id));
      const women = (ids: string[]) => ids.filter((id) => female.has(id)).length;
      expect(proposal.members.length).toBe(lex.chosen.length);
      expect(Math.min(women(proposal.members.map((m) => m.expertId)), req.minWomen)).toBe(Math.min(women(lex.chosen.map(([, id]) => id)), req.minWomen));
      expect(Math.round(proposal.totalScore * 10_000)).toBe(lex.objective);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  }, 300_000);

  it('answer candidates(first:) as deep as asked, by literal, variable, default or fragment, through GraphQL', async () => {
    const raw = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1]!;
    const db = h.database.db;
    const complete: RequestRow[] = [];
    // As stored (the other tests raise minWomen on some rows in memory only).
    for (const request of await requestsByIds(db, requests.map((r) => r.id))) {
      const everyone = await loadMatchInput(db, request, new Date(), 'everyone');
      if (proposeTeam(everyone.match, everyone.experts, options).complete && everyone.match.roles.every((r) => r.held.length === 0)) complete.push(request);
      if (complete.length === 3) break;
    }
    expect(complete.length).toBe(3);
    const fields = '{ complete candidates(first: $n) { role { id } expert { id } fitScore } }';
    const documents: [string, Record<string, unknown>, number][] = [
      [`query($id: ID!, $n: Int) { proposeTeam(requestId: $id) ${fields} }`, { n: 40 }, 40],
      [`query($id: ID!) { proposeTeam(requestId: $id) { complete candidates(first: 100) { role { id } expert { id } fitScore } } }`, {}, 100],
      [`query($id: ID!) { proposeTeam(requestId: $id) { complete candidates { role { id } expert { id } fitScore } } }`, {}, 5],
      [`query($id: ID!, $n: Int) { proposeTeam(requestId: $id) { ...P } } fragment P on TeamProposal ${fields}`, { n: 60 }, 60],
    ];
    for (const request of complete) {
      const everyone = await loadMatchInput(db, request, new Date(), 'everyone');
      const whole = proposeTeam(everyone.match, everyone.experts, options);
      for (const [query, variables, n] of documents) {
        const res = await h.gql(query, { id: globalId('DeploymentRequest', request.id), ...variables });
        expect(res.errors).toBeUndefined();
        const got = res.data.proposeTeam.candidates.map((c: { role: { id: string }; expert: { id: string }; fitScore: number }) => ({
          roleId: raw(c.role.id),
          expertId: raw(c.expert.id),
          fitScore: c.fitScore,
        }));
        expect(got).toEqual(firstPerRole(whole, n).map(({ roleId, expertId, fitScore }) => ({ roleId, expertId, fitScore })));
      }
    }
  }, 300_000);
});
