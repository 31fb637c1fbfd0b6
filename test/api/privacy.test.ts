// Field-level privacy of experts through every path, generated from the schema by introspection.
//
// docs/api.md: a REQUESTER sees the names, tier, expertise and languages (and the id) of experts
// assigned to its own requests, and nothing of other experts; an EXPERT sees nothing of another
// expert; email, clearance dates and availability notes only reach staff and the expert itself.
//
// Every field of type Expert (or Node, resolved as an Expert) anywhere reachable from Query and
// Subscription is found by walking the introspected schema, and a query is generated for it from
// every root field that reaches it. Each query is sent as a REQUESTER and as another EXPERT: once
// with the public fields, and once per private field (a private field that errors nulls its
// parent, which would hide a leak of another field in the same query). A field added to Expert
// fails the test until it is classified below. Staff run the same queries as a positive control:
// every generated path must yield experts in this fixture, so that no check passes vacuously.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../server/domain/dates.js';
import { completeWith, createExpert, createRequest, OFFER, RESPOND } from '../support/fixtures.js';
import { ADMIN, startHarness, type Harness } from '../support/harness.js';
import { openSse } from '../support/sse.js';

/** What a REQUESTER may see of an expert assigned to its own requests (docs/api.md, Roles). */
const PUBLIC = new Set(['id', 'fullName', 'tier', 'expertise', 'languages']);
/** Staff and the expert itself only. */
const PRIVATE = new Set([
  'version',
  'email',
  'gender',
  'nationalities',
  'homeTimeZone',
  'countryExperience',
  'securityTrainingValidUntil',
  'medicalClearanceValidUntil',
  'maxDeploymentDaysPerYear',
  'createdAt',
  'availability',
  'assignments',
  'appraisals',
  'averageRating',
  'declaredInterests',
  'preferredLanguage',
]);

const FROM = today();
const TO = addDays(today(), 365);
const DAY0 = addDays(today(), 40);

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: Field[] | null;
  possibleTypes: { name: string }[] | null;
}

const INTROSPECT = `{ __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { kind name possibleTypes { name }
    fields { name args { name type { ...T } } type { ...T } } } } }
  fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const required = (t: TypeRef) => t.kind === 'NON_NULL';

let h: Harness;
let types: Map<string, FullType>;
let roots: { query: string; mutation: string; subscription: string };
let base = '';
const tok: Record<string, string> = {};
/** Global ids of the fixture. */
const id: Record<string, string> = {};
/** Values only staff and the expert itself may ever see. */
const secrets: Record<string, string[]> = {};

beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const res = await h.gql(INTROSPECT);
  types = new Map((res.data.__schema.types as FullType[]).map((t) => [t.name, t]));
  roots = { query: res.data.__schema.queryType.name, mutation: res.data.__schema.mutationType.name, subscription: res.data.__schema.subscriptionType.name };

  const profile = (tag: string, tz: string, nat: string, exp: string, a: string, b: string) => ({
    fullName: `${tag} Private-${tag}`,
    email: `${tag.toLowerCase()}.private@leak.example`,
    homeTimeZone: tz,
    nationalities: [nat],
    countryExperience: [exp],
    securityTrainingValidUntil: a,
    medicalClearanceValidUntil: b,
    maxDeploymentDaysPerYear: 123,
    gender: 'FEMALE',
    languages: [{ code: 'fr', proficiency: 'NATIVE' }],
    expertise: [{ area: 'PROCESS_DESIGN', level: 5 }],
  });
  const people = {
    X: profile('Xenia', 'Pacific/Chatham', 'NR', 'TV', '2031-07-13', '2032-08-14'),
    Y: profile('Yolanda', 'Asia/Kathmandu', 'PW', 'KI', '2033-03-17', '2034-04-18'),
    Z: profile('Zainab', 'Australia/Eucla', 'TO', 'WS', '2035-05-19', '2036-06-20'),
    W: profile('Wanjiru', 'America/St_Johns', 'FM', 'MH', '2037-07-21', '2038-08-22'),
    V: profile('Vesna', 'Asia/Kolkata', 'NU', 'CK', '2039-09-23', '2040-10-24'),
    // A clearance that ends within the year: expiringClearances reaches Uma.
    U: profile('Uma', 'Asia/Dhaka', 'BT', 'MV', addDays(today(), 200), '2041-11-25'),
  };
  for (const [key, p] of Object.entries(people)) {
    id[key] = await createExpert(h.gql, p);
    const note = `secret note of ${key} 7f3a`;
    const mark = await h.gql(`mutation($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }`, {
      input: { expertId: id[key], startDate: addDays(DAY0, 100), endDate: addDays(DAY0, 101), status: 'TENTATIVE', note },
    });
    expect(mark.errors).toBeUndefined();
    secrets[key] = [p.email, p.homeTimeZone, p.securityTrainingValidUntil, p.medicalClearanceValidUntil, `"${p.nationalities[0]}"`, `"${p.countryExperience[0]}"`, note];
  }
  tok.coordinator = await h.token('COORDINATOR');
  tok.R1 = await h.token('REQUESTER');
  tok.R2 = await h.token('REQUESTER');
  tok.EX = await h.token('EXPERT', id.X);
  tok.EY = await h.token('EXPERT', id.Y);
  const tokenRow = await h.gql(`{ me { role } }`, {}, tok.EX);
  expect(tokenRow.data.me.role).toBe('EXPERT');
  const tokens = await h.gql(`mutation { createApiToken(input: { role: EXPERT, name: "X's second token", expertId: "${id.X}" }) { apiToken { id } } }`);
  id.tokenX = tokens.data.createApiToken.apiToken.id;
  const tokensY = await h.gql(`mutation { createApiToken(input: { role: EXPERT, name: "Y's second token", expertId: "${id.Y}" }) { apiToken { id } } }`);
  id.tokenY = tokensY.data.createApiToken.apiToken.id;

  // X is offered a seat on R1's request; Y and V on R2's; W is deployed on staff's own request; Z has nothing.
  const dates = { startDate: DAY0, endDate: addDays(DAY0, 4), country: 'GN' };
  const q1 = await createRequest(h.gql, { ...dates, roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] }, tok.R1);
  const q2 = await createRequest(h.gql, { ...dates, roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] }, tok.R2);
  const q3 = await createRequest(h.gql, { startDate: addDays(DAY0, 20), endDate: addDays(DAY0, 24), country: 'GN' });
  const offer = async (roleId: string, expertId: string) => {
    const res = await h.gql(OFFER, { input: { roleId, expertId } });
    expect(res.errors).toBeUndefined();
    return res.data.offerAssignment.assignment.id as string;
  };
  id.Q1 = q1.id;
  id.Q1role = q1.roleIds[0]!;
  id.Q2 = q2.id;
  id.Q2role = q2.roleIds[0]!;
  id.AX = await offer(q1.roleIds[0]!, id.X!);
  id.AY = await offer(q2.roleIds[0]!, id.Y!);
  id.AV = await offer(q2.roleIds[0]!, id.V!);
  const aw = await offer(q3.roleIds[0]!, id.W!);
  expect((await h.gql(RESPOND, { input: { assignmentId: aw, accept: true } })).errors).toBeUndefined();
  for (const m of ['approveDeploymentRequest', 'markDeployed']) {
    const type = `${m[0]!.toUpperCase()}${m.slice(1)}Input`;
    expect((await h.gql(`mutation($input: ${type}!) { ${m}(input: $input) { request { status } } }`, { input: { requestId: q3.id } })).errors).toBeUndefined();
  }
  // X also served on an earlier request of R1's, now COMPLETED, which R1 may appraise.
  const q4 = await createRequest(h.gql, { startDate: addDays(DAY0, 40), endDate: addDays(DAY0, 44), country: 'GN' }, tok.R1);
  id.AXdone = (await completeWith(h.gql, q4, [id.X!]))[0]!;
  // Staff appraised it, and X declared an interest: the paths through Appraisal and DeclaredInterest reach X.
  const appraised = await h.gql(`mutation { appraiseAssignment(input: { assignmentId: "${id.AXdone}", rating: 5 }) { appraisal { id } } }`);
  expect(appraised.errors).toBeUndefined();
  const declared = await h.gql(`mutation { declareInterest(input: { expertId: "${id.X}", party: "Privacy fixture party" }) { interest { id } } }`);
  expect(declared.errors).toBeUndefined();
});
afterAll(() => h?.close());

// ---------------------------------------------------------------------------------------------
// Query generation

/** The ids to put in arguments, for a query about expert `who` (X: on R1's request; Y: on R2's). */
function idsFor(who: 'X' | 'Y'): Record<string, string> {
  return who === 'X'
    ? { Expert: id.X!, DeploymentRequest: id.Q1!, RequestRole: id.Q1role!, Assignment: id.AX!, ApiToken: id.tokenX! }
    : { Expert: id.Y!, DeploymentRequest: id.Q2!, RequestRole: id.Q2role!, Assignment: id.AY!, ApiToken: id.tokenY! };
}

/** Arguments for a field, or null when a required one cannot be given. */
function argsFor(field: Field, target: string, ids: Record<string, string>): string | null {
  const out: string[] = [];
  for (const arg of field.args) {
    const t = named(arg.type).name;
    let value: string | undefined;
    if (t === 'ID' && (arg.name === 'id' || arg.name === 'requestId')) {
      const want = arg.name === 'requestId' ? 'DeploymentRequest' : target;
      value = ids[want] ? JSON.stringify(ids[want]) : undefined;
    } else if (t === 'Date') value = JSON.stringify(arg.name === 'to' ? TO : FROM);
    // A window wide enough to reach someone (expiringClearances(withinDays), expiringOffers(withinHours)).
    else if (t === 'Int' && required(arg.type)) value = arg.name === 'withinDays' ? '366' : arg.name === 'withinHours' ? '720' : '1';
    if (value !== undefined) out.push(`${arg.name}: ${value}`);
    else if (required(arg.type)) return null;
  }
  return out.length ? `(${out.join(', ')})` : '';
}

/** A selection of one object type's leaf fields (what an Expert field selects beneath it). */
function leaves(typeName: string): string {
  const t = types.get(typeName)!;
  const picks = (t.fields ?? []).filter((f) => {
    const k = named(f.type).kind;
    return (k === 'SCALAR' || k === 'ENUM') && f.args.every((a) => !required(a.type));
  });
  return `{ __typename ${picks.map((f) => f.name).join(' ')} }`;
}

/** The selection of Expert fields `names`, with their arguments and sub-selections. */
function expertSelection(names: string[], ids: Record<string, string>): string {
  const expert = types.get('Expert')!;
  const parts = ['__typename', 'id'];
  for (const f of expert.fields!) {
    if (!names.includes(f.name) || f.name === 'id') continue;
    const args = argsFor(f, named(f.type).name!, ids);
    if (args === null) throw new Error(`Expert.${f.name}: cannot supply its required arguments; teach argsFor`);
    const k = named(f.type).kind;
    parts.push(`${f.name}${args}${k === 'OBJECT' ? ` ${leaves(named(f.type).name!)}` : ''}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** What every object on a path selects: its type, and its id when it has one (to tell whose it is). */
function head(typeName: string): string {
  return (types.get(typeName)!.fields ?? []).some((f) => f.name === 'id') ? '__typename id' : '__typename';
}

interface Target {
  /** "Type.field" of a field whose type is Expert (or Node resolved as Expert). */
  target: string;
  root: string;
  /** Builds the operation with the given Expert selection. */
  build(selection: string): string;
}

/**
 * From each root field (Query, Subscription, or a mutation payload type), the shortest path to
 * every field that returns an Expert. A path goes through objects, interfaces (as inline
 * fragments on each possible type) and lists; an edge exists only if its required arguments can
 * be supplied.
 */
function targetsFrom(operation: 'query' | 'subscription', rootType: string, ids: Record<string, string>, rootFields?: string[]): Target[] {
  const out: Target[] = [];
  const root = types.get(rootType)!;
  for (const rf of root.fields ?? []) {
    if (rootFields && !rootFields.includes(rf.name)) continue;
    const start = named(rf.type).name!;
    if (!['OBJECT', 'INTERFACE'].includes(types.get(start)!.kind)) continue;
    // node(id:) takes the id of whichever type it is asked for (below); other roots, ids of their own type.
    const rootArgs = types.get(start)!.kind === 'INTERFACE' ? '' : argsFor(rf, start, ids);
    if (rootArgs === null) continue;
    // BFS over (type, fragment) with the path as nested selection builders.
    type Step = { type: string; wrap: (inner: string) => string; depth: number };
    const queue: Step[] = [];
    const seen = new Set<string>();
    const push = (type: string, wrap: (inner: string) => string, depth: number) => {
      const t = types.get(type)!;
      if (t.kind === 'INTERFACE' || t.kind === 'UNION') {
        for (const p of t.possibleTypes ?? []) {
          // node(id:) answers the type of the id it is given: follow only that type.
          if (rf.name === 'node' && depth === 1 && !ids[p.name]) continue;
          const inner = rf.name === 'node' && depth === 1 ? argsFor(rf, p.name, ids) : rootArgs;
          if (inner === null) continue;
          const w = rf.name === 'node' && depth === 1 ? (s: string) => `${rf.name}${inner} { ... on ${p.name} ${s} }` : (s: string) => wrap(`{ ... on ${p.name} ${s} }`);
          push(p.name, w, depth);
        }
        return;
      }
      if (seen.has(type)) return;
      seen.add(type);
      queue.push({ type, wrap, depth });
    };
    push(start, (s) => `${rf.name}${rootArgs} ${s}`, 1);
    while (queue.length) {
      const step = queue.shift()!;
      if (step.depth > 7) continue;
      for (const f of types.get(step.type)!.fields ?? []) {
        const child = named(f.type);
        if (child.kind !== 'OBJECT' && child.kind !== 'INTERFACE') continue;
        const args = argsFor(f, child.name!, ids);
        if (args === null) continue;
        if (child.name === 'Expert') {
          const wrap = step.wrap;
          out.push({
            target: `${step.type}.${f.name}`,
            root: `${operation} ${rf.name}`,
            build: (sel) => `${operation} { ${wrap(`{ ${head(step.type)} ${f.name}${args} ${sel} }`)} }`,
          });
          continue;
        }
        const wrap = step.wrap;
        push(child.name!, (s) => wrap(`{ ${head(step.type)} ${f.name}${args} ${s} }`), step.depth + 1);
      }
    }
    // A root or node(...) that is itself the Expert.
    if (start === 'Expert' || (rf.name === 'node' && ids.Expert)) {
      const args = start === 'Expert' ? rootArgs : argsFor(rf, 'Expert', ids);
      if (args !== null) {
        out.push({
          target: `${rootType}.${rf.name}`,
          root: `${operation} ${rf.name}`,
          build: (sel) =>
            start === 'Expert' ? `${operation} { ${rf.name}${args} ${sel} }` : `${operation} { ${rf.name}${args} { ... on Expert ${sel} } }`,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks

interface Viewer {
  name: string;
  token: string;
  /** Experts this viewer may see at all, with the fields it may see of each. */
  visible: Record<string, 'public' | 'all'>;
  /** Values that must never appear in any answer to this viewer (secrets of others, names of unseen experts). */
  forbidden: string[];
}

/** Every object with __typename Expert in an answer. */
function expertsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) expertsIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.__typename === 'Expert') out.push(o);
    for (const v of Object.values(o)) expertsIn(v, out);
  }
  return out;
}

function checkAnswer(viewer: Viewer, query: string, res: { data?: unknown; errors?: { message: string; extensions: { code: string } }[] }): string[] {
  const problems: string[] = [];
  for (const e of res.errors ?? []) {
    if (!['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND', 'BAD_USER_INPUT'].includes(e.extensions?.code)) problems.push(`${e.extensions?.code}: ${e.message}`);
  }
  for (const expert of expertsIn(res.data)) {
    const who = Object.entries(id).find(([, v]) => v === expert.id)?.[0] ?? String(expert.id);
    const may = viewer.visible[String(expert.id)];
    if (!may) {
      problems.push(`sees expert ${who}: ${JSON.stringify(expert).slice(0, 200)}`);
      continue;
    }
    if (may === 'public') {
      for (const [field, value] of Object.entries(expert)) {
        if (field === '__typename' || PUBLIC.has(field)) continue;
        if (value !== null && value !== undefined) problems.push(`sees ${who}.${field} = ${JSON.stringify(value).slice(0, 80)}`);
      }
    }
  }
  const text = JSON.stringify(res);
  for (const secret of viewer.forbidden) if (text.includes(secret)) problems.push(`the answer contains ${secret}`);
  return problems.map((p) => `${viewer.name}: ${p}\n  in ${query.slice(0, 400)}`);
}

const allExpertFields = () => types.get('Expert')!.fields!.map((f) => f.name);

describe('the Expert type', () => {
  it('has every field classified as public (REQUESTER-visible) or private', () => {
    const unclassified = allExpertFields().filter((f) => !PUBLIC.has(f) && !PRIVATE.has(f));
    expect(unclassified, 'classify each new Expert field in PUBLIC or PRIVATE per docs/api.md').toEqual([]);
    const stale = [...PUBLIC, ...PRIVATE].filter((f) => !allExpertFields().includes(f));
    expect(stale).toEqual([]);
  });
});

describe('every path to an Expert, from Query', () => {
  const viewers = (): Viewer[] => {
    const names = (keys: string[]) => keys.map((k) => `${k === 'X' ? 'Xenia' : k === 'Y' ? 'Yolanda' : k === 'Z' ? 'Zainab' : k === 'W' ? 'Wanjiru' : 'Vesna'} Private`);
    return [
      // R1 owns the request X is offered on: X's public fields, nobody else.
      { name: 'REQUESTER', token: tok.R1!, visible: { [id.X!]: 'public' }, forbidden: [...Object.values(secrets).flat(), ...names(['Y', 'Z', 'W', 'V'])] },
      // Y is an expert: itself in full, nobody else at all.
      { name: 'other EXPERT', token: tok.EY!, visible: { [id.Y!]: 'all' }, forbidden: [...['X', 'Z', 'W', 'V'].flatMap((k) => secrets[k]!), ...names(['X', 'Z', 'W', 'V'])] },
    ];
  };

  it('finds the fields that return an Expert, and ADMIN reaches experts through each of them', async () => {
    const generated = [...targetsFrom('query', roots.query, idsFor('X'))];
    const targets = new Set(generated.map((t) => t.target));
    // The walk must at least find these (docs/api.md and the issue name them).
    for (const t of ['Query.expert', 'Query.node', 'QueryExpertsConnection.nodes', 'QueryExpertsConnectionEdge.node', 'Assignment.expert', 'ProposedMember.expert', 'ApiToken.expert', 'Viewer.expert']) {
      expect(targets, t).toContain(t);
    }
    const silent: string[] = [];
    const reached = new Set<string>();
    for (const t of generated) {
      const query = t.build(expertSelection(['email'], idsFor('X')));
      const res = await h.gql(query, {}, ADMIN);
      expect(codesOf(res).filter((c) => c === 'INTERNAL_SERVER_ERROR'), query).toEqual([]);
      if (expertsIn(res.data).some((e) => typeof e.email === 'string')) reached.add(t.target);
      else silent.push(`${t.root} → ${t.target}`);
    }
    // Viewer.expert is null for ADMIN (bound to no expert): the expert's own token reaches it.
    const viewerPath = generated.find((t) => t.target === 'Viewer.expert')!;
    const own = await h.gql(viewerPath.build(expertSelection(['email'], idsFor('X'))), {}, tok.EX);
    if (expertsIn(own.data).some((e) => typeof e.email === 'string')) reached.add('Viewer.expert');
    expect([...targets].filter((t) => !reached.has(t)), `no expert came back on: ${silent.join('; ')}`).toEqual([]);
  });

  // ~1,400 queries: on a loaded shared machine that is more than the default minute.
  it('a REQUESTER sees only the public fields of experts on its own requests; another EXPERT sees nothing', { timeout: 180_000 }, async () => {
    const problems: string[] = [];
    const seenPublic = new Set<string>();
    const paths = new Set<string>();
    let sent = 0;
    for (const who of ['X', 'Y'] as const) {
      const ids = idsFor(who);
      for (const t of targetsFrom('query', roots.query, ids)) {
        paths.add(`${t.root} → ${t.target}`);
        for (const viewer of viewers()) {
          const selections = [[...PUBLIC], ...[...PRIVATE].map((f) => [f])];
          for (const fields of selections) {
            const query = t.build(expertSelection(fields, ids));
            const res = await h.gql(query, {}, viewer.token);
            sent += 1;
            problems.push(...checkAnswer(viewer, query, res));
            if (viewer.name === 'REQUESTER' && fields.length > 1 && expertsIn(res.data).some((e) => e.id === id.X && typeof e.fullName === 'string')) {
              seenPublic.add(t.target);
            }
          }
        }
      }
    }
    console.log(`privacy: ${sent} queries (public fields, then each private field) over ${paths.size} generated paths to ${new Set([...paths].map((p) => p.split(' → ')[1])).size} Expert-returning fields`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(100);
    // Not vacuous: the REQUESTER does see X's public fields through the direct paths.
    for (const t of ['Query.expert', 'Query.node', 'Assignment.expert']) expect(seenPublic, t).toContain(t);
  });

  it('error messages name no private value', async () => {
    // Refusals and bad input about X, by each restricted viewer: nothing of X in the words.
    const probes = [
      `{ expert(id: "${id.X}") { email } }`,
      `{ node(id: "${id.X}") { ... on Expert { homeTimeZone availability(from: "${FROM}", to: "${TO}") { note } } } }`,
      `mutation { updateExpert(input: { id: "${id.X}", expectedVersion: 99, email: "xenia.private@leak.example" }) { expert { id } } }`,
      `mutation { createExpert(input: { fullName: "Copy", email: "xenia.private@leak.example" }) { expert { id } } }`,
      `mutation { setAvailability(input: { expertId: "${id.X}", startDate: "${FROM}", endDate: "${FROM}", status: UNAVAILABLE }) { expert { id } } }`,
    ];
    for (const viewer of viewers()) {
      for (const query of probes) {
        const res = await h.gql(query, {}, viewer.token);
        expect(res.errors?.length, query).toBeGreaterThan(0);
        const words = JSON.stringify(res.errors);
        for (const secret of [...secrets.X!, 'Xenia']) expect(words, `${viewer.name}: ${query}`).not.toContain(secret);
      }
    }
    // Staff get a CONFLICT for a taken email that does not echo whose it is.
    const dup = await h.gql(`mutation { createExpert(input: { fullName: "Copy", email: "XENIA.PRIVATE@leak.example" }) { expert { id } } }`, {}, tok.coordinator);
    expect(dup.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(JSON.stringify(dup.errors)).not.toMatch(/Xenia|xenia\.private/);
  });
});

describe('subscriptions', () => {
  it('deploymentRequestUpdated shows its owner only the public fields of the experts on it; offerUpdates shows an expert only its own offers', async () => {
    const ids = idsFor('X');
    const paths = targetsFrom('subscription', roots.subscription, ids, ['deploymentRequestUpdated']);
    expect(paths.map((p) => p.target)).toContain('Assignment.expert');
    const path = paths.find((p) => p.target === 'Assignment.expert')!;
    // The owner subscribes to its request with every Expert field; another expert subscribes to its offers.
    const query = path.build(expertSelection([...PUBLIC, ...[...PRIVATE].filter((f) => f !== 'version')], ids));
    const owner = await openSse(`${base}/graphql`, query, {}, tok.R1!);
    const offersY = await openSse(`${base}/graphql`, `subscription { offerUpdates { __typename id expert ${expertSelection([...PUBLIC, 'email'], ids)} } }`, {}, tok.EY!);
    const offersX = await openSse(`${base}/graphql`, `subscription { offerUpdates { __typename id expert ${expertSelection([...PUBLIC, 'email'], ids)} } }`, {}, tok.EX!);
    try {
      expect([owner.status, offersY.status, offersX.status]).toEqual([200, 200, 200]);
      await new Promise((r) => setTimeout(r, 200));
      // A coordinator answers X's offer on R1's request: one event for the owner, one for X, none for Y.
      const accepted = await h.gql(RESPOND, { input: { assignmentId: id.AX, accept: true } }, ADMIN);
      expect(accepted.errors).toBeUndefined();
      const event = await owner.next(3000);
      const problems = checkAnswer(requester(), query, event);
      expect(problems).toEqual([]);
      expect(expertsIn(event.data).some((e) => e.id === id.X && typeof e.fullName === 'string')).toBe(true);
      const own = await offersX.next(3000);
      expect(own.data.offerUpdates.expert.email).toBe('xenia.private@leak.example');
      await new Promise((r) => setTimeout(r, 500));
      expect(offersY.events).toEqual([]);
    } finally {
      owner.close();
      offersY.close();
      offersX.close();
    }
  });
});

describe('mutation payloads a restricted role may receive', () => {
  it('show the same fields as queries do', async () => {
    const problems: string[] = [];
    const mutationType = types.get(roots.mutation)!;
    // The mutations a REQUESTER or an EXPERT may call, with inputs they may send; every other
    // mutation is refused to them at its root (test/fuzz/bad-input.test.ts, "wrong role").
    const calls: { viewer: () => Viewer; field: string; input: () => Record<string, unknown>; who: 'X' | 'Y' }[] = [
      { viewer: () => requester(), field: 'cancelDeploymentRequest', input: () => ({ requestId: id.Q1, note: 'privacy test' }), who: 'X' },
      { viewer: () => requester(), field: 'createDeploymentRequest', input: () => ({ title: 'Privacy', requestingEntity: 'R1', country: 'GN', mode: 'REMOTE', startDate: DAY0, endDate: DAY0, roles: [{ expertise: 'PROCESS_DESIGN' }] }), who: 'X' },
      { viewer: () => expertY(), field: 'respondToOffer', input: () => ({ assignmentId: id.AY, accept: true }), who: 'Y' },
      { viewer: () => expertY(), field: 'updateExpert', input: () => ({ id: id.Y, expectedVersion: 1, homeTimeZone: 'Asia/Kathmandu' }), who: 'Y' },
      { viewer: () => expertY(), field: 'setAvailability', input: () => ({ expertId: id.Y, startDate: FROM, endDate: FROM, status: 'TENTATIVE' }), who: 'Y' },
      { viewer: () => expertY(), field: 'declareInterest', input: () => ({ expertId: id.Y, party: `Privacy party ${Math.random()}` }), who: 'Y' },
      { viewer: () => requester(), field: 'appraiseAssignment', input: () => ({ assignmentId: id.AXdone, rating: 4 }), who: 'X' },
    ];
    const reachable = (mutationType.fields ?? []).filter((f) => payloadReachesExpert(named(f.type).name!)).map((f) => f.name);
    expect(reachable).toEqual(expect.arrayContaining(calls.map((c) => c.field)));
    let checked = 0;
    for (const call of calls) {
      let repeat = false;
      const field = mutationType.fields!.find((f) => f.name === call.field)!;
      const inputType = named(field.args.find((a) => a.name === 'input')!.type).name!;
      const payload = named(field.type).name!;
      const ids = idsFor(call.who);
      for (const path of pathsInPayload(payload, ids)) {
        const selection = expertSelection([...PUBLIC, ...[...PRIVATE].filter((f) => f !== 'version')], ids);
        const query = `mutation($input: ${inputType}!) { ${call.field}(input: $input) ${path(selection)} }`;
        const res = await h.gql(query, { input: call.input() }, call.viewer().token);
        // A repeated call may be refused (e.g. cancelling twice): a CONFLICT, which must still leak nothing.
        problems.push(...checkAnswer(call.viewer(), query, res).filter((p) => !(repeat && p.includes(': CONFLICT: '))));
        repeat = true;
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(calls.length);
    expect(problems.slice(0, 20)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function requester(): Viewer {
  return { name: 'REQUESTER', token: tok.R1!, visible: { [id.X!]: 'public' }, forbidden: [...secrets.X!, ...secrets.Y!, ...secrets.Z!, 'Yolanda Private', 'Zainab Private', 'Wanjiru Private', 'Vesna Private'] };
}
function expertY(): Viewer {
  return { name: 'other EXPERT', token: tok.EY!, visible: { [id.Y!]: 'all' }, forbidden: [...secrets.X!, ...secrets.Z!, ...secrets.V!, 'Xenia Private', 'Vesna Private', 'Zainab Private'] };
}

function codesOf(res: { errors?: { extensions: { code: string } }[] }): string[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}

function payloadReachesExpert(typeName: string, seen = new Set<string>()): boolean {
  if (typeName === 'Expert') return true;
  const t = types.get(typeName);
  if (!t?.fields || seen.has(typeName)) return false;
  seen.add(typeName);
  return t.fields.some((f) => payloadReachesExpert(named(f.type).name!, seen));
}

/** Shortest selections from a payload type to each field that returns an Expert. */
function pathsInPayload(payload: string, ids: Record<string, string>): ((sel: string) => string)[] {
  const out: ((sel: string) => string)[] = [];
  const seen = new Set<string>();
  const queue: { type: string; wrap: (s: string) => string; depth: number }[] = [{ type: payload, wrap: (s) => s, depth: 0 }];
  while (queue.length) {
    const step = queue.shift()!;
    if (seen.has(step.type) || step.depth > 5) continue;
    seen.add(step.type);
    for (const f of types.get(step.type)!.fields ?? []) {
      const child = named(f.type);
      if (child.kind !== 'OBJECT') continue;
      const args = argsFor(f, child.name!, ids);
      if (args === null) continue;
      const wrap = step.wrap;
      if (child.name === 'Expert') out.push((sel) => wrap(`{ ${head(step.type)} ${f.name}${args} ${sel} }`));
      else queue.push({ type: child.name!, wrap: (s) => wrap(`{ ${head(step.type)} ${f.name}${args} ${s} }`), depth: step.depth + 1 });
    }
  }
  return out;
}
