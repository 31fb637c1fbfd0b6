// Closed subscriptions let go (issue 17): 500 SSE subscriptions on quiet topics opened and closed
// over real HTTP, normally and abruptly, must bring the subscription and listener gauges of
// /metrics back to their baseline, however quiet their topics stay. Also: a client that leaves
// before its stream starts must not make yoga log a TypeError.
import { connect, type Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { startHarness, type Harness } from '../support/harness.js';
import { createExpert, createRequest, OFFER } from '../support/fixtures.js';
import { openSse } from '../support/sse.js';

const REQUEST_UPDATED = 'subscription($id: ID!) { deploymentRequestUpdated(id: $id) { id status } }';
const OFFER_UPDATES = 'subscription { offerUpdates { id status } }';

let h: Harness;
let base: string;
/** The server's log lines (pino JSON, info and above). */
const logLines: { level: number; msg: string; err?: { message: string } }[] = [];
const warnings = () => logLines.filter((l) => l.level >= 40);
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(JSON.parse(String(chunk)));
    done();
  },
});

beforeAll(async () => {
  // yoga pings SSE streams every 300 ms under NODE_ENV=test, every 12 s otherwise: release must not wait for a ping.
  process.env.NODE_ENV = 'production';
  h = await startHarness({ logger: { level: 'info', stream: logStream } });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await h?.close();
  process.env.NODE_ENV = 'test';
});

interface Gauges {
  subscriptions: number;
  listeners: number;
  topics: number;
}

/** The two gauges as /metrics shows them, and the bus's topic count. */
async function gauges(): Promise<Gauges> {
  const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { subscriptions: value('standby_subscriptions_open'), listeners: value('standby_event_listeners'), topics: h.app.events.stats().topics };
}

/** Waits up to `ms` for the gauges to equal `expected`; fails with the last reading. */
async function expectGauges(expected: Gauges, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  let last = await gauges();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    last = await gauges();
  }
  expect(last).toEqual(expected);
}

/** Sends a subscription over a raw socket, so that the test can drop it at any moment, even without a goodbye. */
function sendRaw(query: string, variables: Record<string, unknown>, token: string, at = base): Socket {
  const socket = connect(Number(new URL(at).port), '127.0.0.1');
  const body = JSON.stringify({ query, variables });
  socket.write(
    `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\ncontent-type: application/json\r\n` +
      `authorization: Bearer ${token}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return socket;
}

/** A raw subscription, once its stream has started (the status line comes with yoga's first keep-alive ping). */
async function openRaw(query: string, variables: Record<string, unknown>, token: string): Promise<Socket> {
  const socket = sendRaw(query, variables, token);
  const head = await new Promise<string>((resolve, reject) => socket.once('data', (chunk) => resolve(String(chunk))).once('error', reject));
  expect(head).toMatch(/^HTTP\/1\.1 200/);
  return socket;
}

it('frees 500 subscriptions on quiet topics as soon as their clients leave, normally or abruptly', async () => {
  const requests = await Promise.all([1, 2, 3].map((i) => createRequest(h.gql, { startDate: `2029-0${i}-01`, endDate: `2029-0${i}-03` })));
  const experts = await Promise.all([1, 2].map(() => createExpert(h.gql)));
  const tokens = await Promise.all(experts.map((id) => h.token('EXPERT', id)));
  const coordinator = await h.token('COORDINATOR');
  const baseline = await gauges();
  const batch = 100;
  for (let round = 0; round < 5; round++) {
    // 60% follow one of three requests, 40% the offers of one of two experts: many per topic.
    const open = Array.from({ length: batch }, (_, i) => {
      const n = round * batch + i;
      const [query, variables, token] =
        n % 5 < 3 ? [REQUEST_UPDATED, { id: requests[n % 3]!.id }, coordinator] : [OFFER_UPDATES, {}, tokens[n % 2]!];
      // One in four is dropped without a goodbye (TCP reset); the others close as a browser does (FIN).
      return openRaw(query, variables, token).then((socket) => () => (n % 4 === 0 ? socket.resetAndDestroy() : socket.end()));
    });
    const closers = await Promise.all(open);
    await expectGauges({ subscriptions: baseline.subscriptions + batch, listeners: baseline.listeners + batch, topics: baseline.topics + 5 });
    for (const close of closers) close();
    await expectGauges(baseline);
  }
  expect(warnings()).toEqual([]);
});

it('frees a subscription whose token is revoked at its next event', async () => {
  const expertId = await createExpert(h.gql);
  const created = await h.gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`, {
    input: { role: 'EXPERT', name: 'churn', expertId },
  });
  const { token, apiToken } = created.data.createApiToken;
  const baseline = await gauges();
  const streams = await Promise.all([1, 2, 3].map(() => openSse(`${base}/graphql`, OFFER_UPDATES, {}, token)));
  await expectGauges({ subscriptions: baseline.subscriptions + 3, listeners: baseline.listeners + 3, topics: baseline.topics + 1 });
  await h.gql(`mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { id } } }`, { input: { id: apiToken.id } });
  const request = await createRequest(h.gql, { startDate: '2029-05-01', endDate: '2029-05-02' });
  await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
  await expectGauges(baseline);
  for (const stream of streams) {
    expect(stream.events).toEqual([]);
    stream.close();
  }
});

it('answers nothing, and logs nothing, to a client that left before its stream started', async () => {
  const expertId = await createExpert(h.gql);
  const token = await h.token('EXPERT', expertId);
  const baseline = await gauges();
  // A second app on the same database and bus whose requests wait, just before yoga, until the test lets them go.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let reached!: (res: ServerResponse) => void;
  const waiting = new Promise<ServerResponse>((r) => (reached = r));
  const held = await buildApp({ config: h.config, database: h.database, events: h.app.events, logger: { level: 'info', stream: logStream } });
  held.addHook('preHandler', async (_req, reply) => {
    reached(reply.raw);
    await released;
  });
  const heldBase = await held.listen({ port: 0, host: '127.0.0.1' });
  try {
    const socket = sendRaw(OFFER_UPDATES, {}, token, heldBase);
    const res = await waiting;
    logLines.length = 0;
    const gone = new Promise((resolve) => res.once('close', resolve));
    socket.destroy();
    await gone;
    release();
    // The request goes on into yoga, and its answer meets a closed socket.
    const outcome = () => logLines.find((l) => l.msg === 'client left before the response' || l.level >= 40);
    const deadline = Date.now() + 2000;
    while (!outcome() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(outcome()).toMatchObject({ level: 30, msg: 'client left before the response' });
    expect(warnings()).toEqual([]);
    expect(await gauges()).toEqual(baseline);
  } finally {
    await held.close();
  }
});
