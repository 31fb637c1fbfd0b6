import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

it('creates and reads an expert', async () => {
  const res = await h.gql(`mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id version fullName email languages { code proficiency } expertise { area { code name } level } } } }`, {
    input: { fullName: 'Émilie Ngozi', email: 'emilie@example.org', tier: 'ROSTER', gender: 'FEMALE', nationalities: ['NG'], homeTimeZone: 'Africa/Lagos', languages: [{ code: 'fr', proficiency: 'FLUENT' }], expertise: [{ area: 'PROCESS_DESIGN', level: 4 }] },
  });
  console.log(JSON.stringify(res, null, 1));
  const list = await h.gql(`{ experts(first: 5, filter: { search: "emilie" }) { totalCount edges { cursor node { id fullName } } pageInfo { hasNextPage endCursor } } me { role } }`);
  console.log(JSON.stringify(list, null, 1));
  const anon = await h.gql(`{ me { role } }`, {}, null);
  console.log(JSON.stringify(anon));
  const bad = await h.gql(`query($f: Date!, $t: Date!) { experts(filter: { availableFrom: $f, availableTo: $t }) { totalCount } }`, { f: '2026-02-30', t: '2026-03-01' });
  console.log(JSON.stringify(bad));
  expect(res.errors).toBeUndefined();
});
