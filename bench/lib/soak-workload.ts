// The soak's clients: each a loop, driven by its own seeded generator, that sends the contract's
// operations as clients send them (test/contract/operations.graphql, verbatim): roster searches
// and profiles, request lists, availability marks, reports; staffing cycles (a requester creates
// a request and follows it, a coordinator asks for a proposal and offers seats, the experts answer
// while following their offers, the request is cancelled); and subscription churn on quiet topics,
// closed gracefully, reset, or dropped before the stream starts. Every answer is tallied by
// operation and error code.
import { connect, type Socket } from 'node:net';
import { addDays } from '../../server/domain/dates.js';
import { op } from '../../test/support/contract.js';
import { mulberry32 } from './roster.js';

export interface Tally {
  /** Answers per operation name. */
  operations: Map<string, number>;
  /** Errors per extensions.code (HTTP 5xx and network failures as HTTP_5xx and NETWORK). */
  errors: Map<string, number>;
  cycles: number;
  offers: number;
  answers: number;
  sse: { opened: number; reset: number; ended: number; droppedEarly: number; events: number };
  /** Milliseconds per answer, by operation name. */
  latenciesMs: Map<string, number[]>;
}

export function newTally(): Tally {
  return { operations: new Map(), errors: new Map(), cycles: 0, offers: 0, answers: 0, sse: { opened: 0, reset: 0, ended: 0, droppedEarly: 0, events: 0 }, latenciesMs: new Map() };
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export interface World {
  url: string;
  admin: string;
  coordinator: string;
  requester: string;
  today: string;
  areas: string[];
  expertIds: string[];
  /** Requests that no longer change (cancelled ones): their topics stay quiet. */
  quietRequests: string[];
  /** EXPERT tokens, made on first use. */
  expertTokens: Map<string, Promise<string>>;
}

type Vars = Record<string, unknown>;

/** Sends one contract operation; tallies it; returns data (null when it carried errors). */
async function send(world: World, tally: Tally, name: string, variables: Vars, token: string): Promise<any> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(`${world.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: op(name), variables, operationName: name }),
    });
  } catch {
    bump(tally.errors, 'NETWORK');
    return null;
  }
  const body = (await res.json().catch(() => ({}))) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  const latencies = tally.latenciesMs.get(name) ?? [];
  latencies.push(performance.now() - started);
  tally.latenciesMs.set(name, latencies);
  bump(tally.operations, name);
  if (res.status >= 500) bump(tally.errors, `HTTP_${res.status}`);
  for (const e of body.errors ?? []) bump(tally.errors, e.extensions?.code ?? 'UNKNOWN');
  return body.errors?.length ? null : (body.data ?? null);
}

async function expertToken(world: World, tally: Tally, expertId: string): Promise<string> {
  let token = world.expertTokens.get(expertId);
  if (!token) {
    token = send(world, tally, 'CreateApiToken', { input: { role: 'EXPERT', name: 'soak expert', expertId } }, world.admin).then((d) => d.createApiToken.token);
    world.expertTokens.set(expertId, token);
  }
  return token;
}

export interface Stream {
  /** Closes it: gracefully (FIN) or with a TCP reset. */
  close(reset: boolean): void;
  events(): number;
}

/** An SSE subscription over a raw socket (so that it can be reset, or dropped before it starts). */
function subscribe(world: World, tally: Tally, name: string, variables: Vars, token: string, dropEarly: boolean): Stream {
  const { hostname, port } = new URL(world.url);
  const socket: Socket = connect(Number(port), hostname);
  const body = JSON.stringify({ query: op(name), variables, operationName: name });
  socket.on('error', () => {});
  socket.write(
    `POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\naccept: text/event-stream\r\ncontent-type: application/json\r\n` +
      `authorization: Bearer ${token}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  tally.sse.opened += 1;
  if (dropEarly) {
    tally.sse.droppedEarly += 1;
    socket.destroy();
    return { close: () => {}, events: () => 0 };
  }
  let events = 0;
  socket.on('data', (chunk: Buffer) => {
    const n = chunk.toString().split('event: next').length - 1;
    events += n;
    tally.sse.events += n;
  });
  return {
    close(reset) {
      if (reset) {
        tally.sse.reset += 1;
        socket.resetAndDestroy();
      } else {
        tally.sse.ended += 1;
        socket.end();
      }
    },
    events: () => events,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A request, a proposal, offers to its first members, their answers, then cancellation. */
async function cycle(world: World, tally: Tally, rnd: () => number): Promise<void> {
  const start = addDays(world.today, 60 + Math.floor(rnd() * 300));
  const area = world.areas[Math.floor(rnd() * world.areas.length)]!;
  const created = await send(
    world,
    tally,
    'CreateDeploymentRequest',
    {
      input: {
        title: 'Soak: prevention support',
        requestingEntity: 'UNOWAS (Dakar)',
        country: 'ML',
        mode: rnd() < 0.5 ? 'REMOTE' : 'IN_PERSON',
        startDate: start,
        endDate: addDays(start, 2 + Math.floor(rnd() * 8)),
        minWomen: 0,
        roles: [{ expertise: area, minLevel: 1 + Math.floor(rnd() * 3), count: 1 + Math.floor(rnd() * 2) }],
      },
    },
    world.requester,
  );
  if (!created) return;
  tally.cycles += 1;
  const requestId: string = created.createDeploymentRequest.request.id;
  const follow = subscribe(world, tally, 'DeploymentRequestUpdated', { id: requestId }, world.requester, false);
  const proposal = await send(world, tally, 'ProposeTeam', { requestId, candidates: 5, excluded: 5 }, world.coordinator);
  const streams: Stream[] = [follow];
  for (const member of (proposal?.proposeTeam.members ?? []).slice(0, 2)) {
    const expertId: string = member.expert.id;
    const token = await expertToken(world, tally, expertId);
    streams.push(subscribe(world, tally, 'OfferUpdates', {}, token, false));
    const offered = await send(world, tally, 'OfferAssignment', { input: { roleId: member.role.id, expertId } }, world.coordinator);
    if (!offered) continue;
    tally.offers += 1;
    const answered = await send(world, tally, 'RespondToOffer', { input: { assignmentId: offered.offerAssignment.assignment.id, accept: rnd() < 0.7 } }, token);
    if (answered) tally.answers += 1;
  }
  await send(world, tally, 'DeploymentRequest', { id: requestId }, world.requester);
  await send(world, tally, 'CancelDeploymentRequest', { input: { requestId, note: 'soak' } }, world.coordinator);
  world.quietRequests.push(requestId);
  for (const stream of streams) stream.close(rnd() < 0.25);
}

/** One quiet subscription held for up to two seconds (a console page opened and left). */
async function churn(world: World, tally: Tally, rnd: () => number): Promise<void> {
  const onRequest = world.quietRequests.length > 0 && rnd() < 0.6;
  const stream = onRequest
    ? subscribe(world, tally, 'DeploymentRequestUpdated', { id: world.quietRequests[Math.floor(rnd() * world.quietRequests.length)] }, world.requester, rnd() < 0.1)
    : subscribe(world, tally, 'OfferUpdates', {}, await expertToken(world, tally, world.expertIds[Math.floor(rnd() * 40)]!), rnd() < 0.1);
  await sleep(rnd() * 2000);
  stream.close(rnd() < 0.25);
}

/** Everything else: reads as the console and integrations make them, and availability marks. */
async function single(world: World, tally: Tally, rnd: () => number, i: number): Promise<void> {
  const expertId = world.expertIds[Math.floor(rnd() * world.expertIds.length)]!;
  const from = addDays(world.today, Math.floor(rnd() * 200));
  const to = addDays(from, 30);
  const pick = Math.floor(rnd() * 10);
  const c = world.coordinator;
  if (pick === 0) await send(world, tally, 'Me', {}, world.requester);
  else if (pick === 1) await send(world, tally, 'Experts', { first: 20, filter: { expertise: [{ area: world.areas[i % world.areas.length], minLevel: 2 }], availableFrom: from, availableTo: to } }, c);
  else if (pick === 2) await send(world, tally, 'Experts', { first: 20, filter: { search: ['an', 'el', 'os', 'ra'][i % 4] } }, c);
  else if (pick === 3) await send(world, tally, 'ExpertProfile', { id: expertId }, c);
  else if (pick === 4) await send(world, tally, 'ExpertAvailability', { id: expertId, from, to }, c);
  else if (pick === 5) await send(world, tally, 'DeploymentRequests', { first: 20 }, c);
  else if (pick === 6) await send(world, tally, 'RosterCoverage', { from, to, minExperts: 3 }, c);
  else if (pick === 7) await send(world, tally, 'StaffingMetrics', { from: addDays(world.today, -365), to: world.today }, c);
  else {
    // Marks two years ahead, beyond every staffing cycle's dates, so that they never conflict with one.
    const startDate = addDays(world.today, 730 + Math.floor(rnd() * 300));
    const input = { expertId, startDate, endDate: addDays(startDate, Math.floor(rnd() * 5)), status: (['UNAVAILABLE', 'TENTATIVE', 'AVAILABLE'] as const)[i % 3], note: null };
    await send(world, tally, 'SetAvailability', { input, from: addDays(startDate, -3), to: addDays(startDate, 10) }, c);
  }
}

/** One client until `until` (performance.now()): one operation after another, with a little think time. */
export async function runClient(world: World, tally: Tally, seed: number, until: number): Promise<void> {
  // Seeded, so that a run's sequence of operations is reproducible.
  const rnd = mulberry32(seed);
  const background: Promise<void>[] = [];
  for (let i = 0; performance.now() < until; i++) {
    const x = rnd();
    if (x < 0.08) await cycle(world, tally, rnd);
    // At most three quiet subscriptions per client at a time.
    else if (x < 0.2 && background.length < 3) {
      const held = churn(world, tally, rnd).finally(() => background.splice(background.indexOf(held), 1));
      background.push(held);
    } else await single(world, tally, rnd, i);
    await sleep(rnd() * 20);
  }
  await Promise.all(background);
}
