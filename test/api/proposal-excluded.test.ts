// TeamProposal.excluded is ranked in SQL (server/repo/matching.ts excludedPairs). On a generated
// roster with calendars, commitments and declared interests, for many requests (both modes, days
// across a year boundary, held seats), the SQL page must equal the engine's own `excluded` list
// (every reason of every pair, in the engine's order: role, reason count, name, id) and any prefix
// of it: the engine over the whole roster is the oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startHarness, type Harness } from '../support/harness.js';
import { generateRoster } from '../../seed/demo.js';
import { loadRoster } from '../../seed/load.js';
import { excludedPairs, loadMatchInput } from '../../server/repo/matching.js';
import { requestsByIds } from '../../server/repo/requests.js';
import { proposeTeam } from '../../server/domain/matching/index.js';
import { partyKey } from '../../server/domain/interests.js';
import { regionOf } from '../../server/domain/codes.js';
import { rowsOf } from '../../server/db/rows.js';

const TODAY = '2026-11-26';
let h: Harness;
let requestIds: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const roster = generateRoster({ experts: 400, requests: 160, seed: 14, today: TODAY });
  await loadRoster(db, roster);
  // Parties on every third request, and declared interests (country, party, spelled otherwise) for some experts.
  await db.execute(sql`update deployment_requests set parties = array['Front Populaire', 'Conseil des Sages']
    where id in (select id from deployment_requests order by id limit 60)`);
  const experts = roster.experts.slice(0, 400);
  const requests = roster.deploymentRequests;
  for (let i = 0; i < experts.length; i += 9) {
    const country = i % 2 === 0 ? requests[i % requests.length]!.country : null;
    const party = i % 2 === 1 ? (i % 4 === 1 ? 'front  POPULAIRE' : 'Another Party') : null;
    await db.execute(sql`insert into declared_interests (expert_id, country, party, party_key, declared_by_role)
      values (${experts[i]!.id}, ${country}, ${party}, ${party === null ? null : partyKey(party)}, 'ADMIN')`);
  }
  // Small day caps for some experts, so that commitments and the request's own days reach them.
  await db.execute(sql`update experts set max_deployment_days_per_year = (case when id::text < '4' then 12 else 45 end)
    where id in (select id from experts order by id desc limit 120)`);
  requestIds = rowsOf<{ id: string }>(await db.execute(sql`select id from deployment_requests order by id limit 30`)).map((r) => r.id);
}, 120_000);
afterAll(() => h?.close());

describe('excluded in SQL', () => {
  it('equals the engine over the whole roster, for every request and every prefix', async () => {
    const db = h.database.db;
    const now = new Date(`${TODAY}T09:00:00Z`);
    const seen = new Set<string>();
    let compared = 0;
    for (const request of await requestsByIds(db, requestIds)) {
      const everyone = await loadMatchInput(db, request, now, 'everyone');
      const oracle = proposeTeam(everyone.match, everyone.experts, { regionOf }).excluded.map((x) => ({ ...x, reasons: [...x.reasons] }));
      const all = await excludedPairs(db, everyone, oracle.length + 3);
      expect(all).toEqual(oracle);
      for (const n of [0, 1, 7, 100]) expect(await excludedPairs(db, everyone, n)).toEqual(oracle.slice(0, n));
      for (const x of oracle) for (const r of x.reasons) seen.add(r);
      compared += oracle.length;
    }
    expect(compared).toBeGreaterThan(10_000);
    // The roster exercises every reason, so each SQL rule was compared with its engine rule.
    expect([...seen].sort()).toEqual([
      'ALREADY_ASSIGNED', 'CLEARANCE_EXPIRED', 'CONFLICT_OF_INTEREST', 'DAY_CAP_EXCEEDED', 'EXPERTISE_MISSING',
      'LANGUAGE_MISSING', 'NATIONALITY_CONFLICT', 'REST_PERIOD', 'UNAVAILABLE',
    ]);
  }, 300_000);
});
