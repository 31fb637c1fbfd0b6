// Declared interests and request parties through the API: who may declare, read and remove them,
// every bad input refused with the database unchanged, and CONFLICT_OF_INTEREST in proposeTeam,
// case- and accent-insensitive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { codes, createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { op } from '../support/contract.js';

let h: Harness;
const tok = {} as Record<'coordinator' | 'self' | 'other' | 'requester', string>;
const ids = {} as Record<'self' | 'other' | 'plain' | 'request', string>;
const DECLARE = op('DeclareInterest');
const REMOVE = `mutation($input: RemoveDeclaredInterestInput!) { removeDeclaredInterest(input: $input) { expert { id declaredInterests { id } } interest { id party } } }`;
const INTERESTS = `query($id: ID!) { node(id: $id) { id ... on Expert { declaredInterests { id country party note declaredByRole } } } }`;

beforeAll(async () => {
  h = await startHarness();
  const skills = { expertise: [{ area: 'POWER_SHARING', level: 4 }] };
  ids.self = await createExpert(h.gql, { fullName: 'Declaring Expert', ...skills });
  ids.other = await createExpert(h.gql, { fullName: 'Other Expert', ...skills });
  ids.plain = await createExpert(h.gql, { fullName: 'Plain Expert', ...skills });
  tok.coordinator = await h.token('COORDINATOR');
  tok.self = await h.token('EXPERT', ids.self);
  tok.other = await h.token('EXPERT', ids.other);
  tok.requester = await h.token('REQUESTER');
  // The requester's request has the declaring expert on it, so the requester may see that expert.
  const request = await createRequest(h.gql, { startDate: '2029-05-01', endDate: '2029-05-03', roles: [{ expertise: 'POWER_SHARING' }] }, tok.requester);
  ids.request = request.id;
  await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: ids.self } });
}, 60_000);
afterAll(() => h?.close());

const declare = (input: Record<string, unknown>, token: string | null) => h.gql(DECLARE, { input: { expertId: ids.self, ...input } }, token);

describe('declareInterest', () => {
  it('is for staff and the expert itself, and shows on the expert to them only', async () => {
    const byStaff = await declare({ country: 'CF', note: 'Spouse is a national' }, tok.coordinator);
    expect(byStaff.errors).toBeUndefined();
    const bySelf = await declare({ party: 'Séléka' }, tok.self);
    expect(bySelf.errors).toBeUndefined();
    expect(bySelf.data.declareInterest.expert.declaredInterests.map((d: { country: string | null; party: string | null }) => [d.country, d.party])).toEqual([
      ['CF', null],
      [null, 'Séléka'],
    ]);
    for (const token of [tok.coordinator, tok.self]) {
      const res = await h.gql(INTERESTS, { id: ids.self }, token);
      expect(res.data.node.declaredInterests.map((d: { declaredByRole: string; note: string | null }) => [d.declaredByRole, d.note])).toEqual([
        ['COORDINATOR', 'Spouse is a national'],
        ['EXPERT', null],
      ]);
    }
    // The requester sees the expert (on its request) but not its interests.
    const asRequester = await h.gql(INTERESTS, { id: ids.self }, tok.requester);
    expect(asRequester.data.node).toEqual({ id: ids.self, declaredInterests: null });
    expect(codes(asRequester)).toEqual(['FORBIDDEN']);
  });

  it('refuses bad input, a repeated tie and the wrong roles, writing nothing', async () => {
    const before = await h.snapshot();
    const refused = async (input: Record<string, unknown>, token: string | null, code: string, field?: (string | number)[]) => {
      const res = await declare(input, token);
      expect(codes(res), JSON.stringify(input)).toEqual([code]);
      if (field) expect(res.errors![0]!.extensions.field).toEqual(field);
    };
    await refused({ note: 'nothing declared' }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'country']);
    await refused({ country: null, party: null }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'country']);
    for (const country of ['XX', 'gn', 'GIN', '', 'G N']) await refused({ country }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'country']);
    await refused({ country: 'XX', party: 'Front' }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'country']);
    for (const party of ['', '   ', 'a\u0000b', 'p'.repeat(201)]) await refused({ party }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'party']);
    await refused({ country: 'KE', note: 'n'.repeat(2001) }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'note']);
    await refused({ expertId: ids.request, country: 'KE' }, tok.coordinator, 'BAD_USER_INPUT', ['input', 'expertId']);
    await refused({ expertId: Buffer.from('Expert:0b6a2f44-9d3c-4e5b-8a7f-1c2d3e4f5a6b').toString('base64url'), country: 'KE' }, tok.coordinator, 'NOT_FOUND');
    // The same tie again, the party typed in another case and without accents.
    await refused({ country: 'CF' }, tok.self, 'CONFLICT');
    await refused({ party: '  SELEKA ' }, tok.coordinator, 'CONFLICT');
    // Another expert, a requester, nobody.
    await refused({ country: 'KE' }, tok.other, 'FORBIDDEN');
    await refused({ country: 'KE' }, tok.requester, 'FORBIDDEN');
    await refused({ country: 'KE' }, null, 'UNAUTHENTICATED');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('removeDeclaredInterest', () => {
  it('removes one interest for the expert or staff; refuses others and bad ids without writing', async () => {
    const added = await declare({ country: 'ML' }, tok.self);
    const interest = added.data.declareInterest.expert.declaredInterests.at(-1).id;
    const before = await h.snapshot();
    expect(codes(await h.gql(REMOVE, { input: { id: interest } }, tok.other))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(REMOVE, { input: { id: interest } }, tok.requester))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(REMOVE, { input: { id: ids.self } }, tok.coordinator))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.gql(REMOVE, { input: { id: Buffer.from('DeclaredInterest:0b6a2f44-9d3c-4e5b-8a7f-1c2d3e4f5a6b').toString('base64url') } }, tok.coordinator))).toEqual(['NOT_FOUND']);
    expect(await h.snapshot()).toEqual(before);
    const res = await h.gql(REMOVE, { input: { id: interest } }, tok.self);
    expect(res.errors).toBeUndefined();
    expect(res.data.removeDeclaredInterest.expert.declaredInterests.map((d: { id: string }) => d.id)).not.toContain(interest);
    expect(codes(await h.gql(REMOVE, { input: { id: interest } }, tok.self))).toEqual(['NOT_FOUND']);
  });
});

describe('parties and CONFLICT_OF_INTEREST', () => {
  const CREATE = `mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id parties roles { id } } } }`;
  const base = { title: 'Central African Republic: local peace committees', requestingEntity: 'MINUSCA', mode: 'REMOTE', startDate: '2029-08-01', endDate: '2029-08-05', roles: [{ expertise: 'POWER_SHARING', minLevel: 3 }] };

  it('keeps the parties as named and refuses two that differ only in case, accents or spacing', async () => {
    const res = await h.gql(CREATE, { input: { ...base, country: 'TD', parties: ['SÉLÉKA', 'Anti-balaka'] } }, tok.requester);
    expect(res.errors).toBeUndefined();
    expect(res.data.createDeploymentRequest.request.parties).toEqual(['SÉLÉKA', 'Anti-balaka']);
    const before = await h.snapshot();
    for (const parties of [['Anti-balaka', 'ANTI-BALAKA'], ['Séléka', 'seleka  '], [''], ['x\u0000']]) {
      const bad = await h.gql(CREATE, { input: { ...base, country: 'TD', parties } }, tok.requester);
      expect(codes(bad), JSON.stringify(parties)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0]!.extensions.field?.slice(0, 2)).toEqual(['input', 'parties']);
    }
    // An idempotency key replayed with other parties is another request.
    const keyed = { ...base, country: 'TD', idempotencyKey: 'parties-key', parties: ['Séléka'] };
    expect((await h.gql(CREATE, { input: keyed }, tok.requester)).errors).toBeUndefined();
    const after = await h.snapshot();
    expect(codes(await h.gql(CREATE, { input: { ...keyed, parties: ['Anti-balaka'] } }, tok.requester))).toEqual(['CONFLICT']);
    expect(await h.snapshot()).toEqual(after);
    expect(after).not.toEqual(before);
  });

  it('excludes experts tied to the country or, in any case or accent, to a party; no one else', async () => {
    await h.gql(DECLARE, { input: { expertId: ids.other, party: 'anti balaka' } }); // not "Anti-balaka": another name
    const inCountry = await h.gql(CREATE, { input: { ...base, country: 'CF' } }, tok.coordinator);
    const namingParty = await h.gql(CREATE, { input: { ...base, country: 'TD', parties: ['SELEKA', 'Anti-balaka'] } }, tok.coordinator);
    const PROPOSE = `query($id: ID!) { proposeTeam(requestId: $id) { candidates(first: 20) { expert { id } } excluded(first: 100) { expert { id } reasons } } }`;
    for (const request of [inCountry, namingParty]) {
      const p = (await h.gql(PROPOSE, { id: request.data.createDeploymentRequest.request.id }, tok.coordinator)).data.proposeTeam;
      expect(p.excluded.find((x: { expert: { id: string } }) => x.expert.id === ids.self)?.reasons).toEqual(['CONFLICT_OF_INTEREST']);
      const candidates = p.candidates.map((c: { expert: { id: string } }) => c.expert.id);
      expect(candidates).toEqual(expect.arrayContaining([ids.other, ids.plain]));
      expect(candidates).not.toContain(ids.self);
    }
  });
});
