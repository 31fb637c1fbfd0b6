// The in-process event bus on its own (issue 17): closing a stream that waits for an event detaches
// its listener at once and drops the empty topic; follow() maps, skips and stops; a consumer that
// stops reading is ended without troubling the publisher or the other subscribers.
import { expect, it } from 'vitest';
import { createLocalEventBus } from '../../server/events.js';

it('detaches a listener and drops its topic when a stream waiting for an event is closed', async () => {
  const bus = createLocalEventBus();
  const a = bus.subscribe('offerUpdated', 'expert-1');
  const b = bus.subscribe('offerUpdated', 'expert-1');
  const waitingA = a.next();
  const waitingB = b.next();
  expect(bus.stats()).toEqual({ subscriptions: 0, listeners: 2, topics: 1 });
  await a.return!();
  expect(await waitingA).toEqual({ done: true, value: undefined });
  expect(bus.stats()).toEqual({ subscriptions: 0, listeners: 1, topics: 1 });
  bus.publish('offerUpdated', 'expert-1', { assignmentId: 'x' });
  expect(await waitingB).toEqual({ done: false, value: { assignmentId: 'x' } });
  await b.return!();
  expect(bus.stats()).toEqual({ subscriptions: 0, listeners: 0, topics: 0 });
});

it('follow() maps each event, skips nulls, ends on stop() and lets go of its topic', async () => {
  const bus = createLocalEventBus();
  const seen: string[] = [];
  const stream = bus.follow('requestUpdated', 'r1', async ({ requestId }, stop) => {
    seen.push(requestId);
    if (seen.length === 2) return null;
    if (seen.length === 3) stop();
    return `row of ${requestId}#${seen.length}`;
  });
  const first = stream.next();
  expect(bus.stats()).toEqual({ subscriptions: 1, listeners: 1, topics: 1 });
  bus.publish('requestUpdated', 'r1', { requestId: 'r1' });
  expect(await first).toEqual({ done: false, value: 'row of r1#1' });
  const second = stream.next();
  bus.publish('requestUpdated', 'r1', { requestId: 'r1' });
  bus.publish('requestUpdated', 'r1', { requestId: 'r1' });
  expect(await second).toEqual({ done: true, value: undefined });
  expect(seen).toHaveLength(3);
  expect(bus.stats()).toEqual({ subscriptions: 0, listeners: 0, topics: 0 });
});

it('follow() ends with the error of a failed step, and closing it mid-wait frees it', async () => {
  const bus = createLocalEventBus();
  const failing = bus.follow('requestUpdated', 'r2', async () => {
    throw new Error('database gone');
  });
  const pending = failing.next();
  bus.publish('requestUpdated', 'r2', { requestId: 'r2' });
  await expect(pending).rejects.toThrow('database gone');
  const quiet = bus.follow('requestUpdated', 'r3', async (p) => p.requestId);
  const waiting = quiet.next();
  expect(bus.stats()).toEqual({ subscriptions: 1, listeners: 1, topics: 1 });
  await quiet.return!();
  expect(await waiting).toEqual({ done: true, value: undefined });
  expect(bus.stats()).toEqual({ subscriptions: 0, listeners: 0, topics: 0 });
});

it('ends a stream whose consumer stopped reading, not the publisher nor the other subscribers', async () => {
  const bus = createLocalEventBus();
  const stalled = bus.subscribe('offerUpdated', 'expert-2');
  const reader = bus.subscribe('offerUpdated', 'expert-2');
  void stalled.next(); // takes the first event, then reads no more
  const received: string[] = [];
  const reading = (async () => {
    for await (const event of reader) if (received.push(event.assignmentId) === 1100) break;
  })();
  for (let i = 0; i < 1100; i++) {
    bus.publish('offerUpdated', 'expert-2', { assignmentId: String(i) });
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  await reading;
  expect(received).toHaveLength(1100);
  // The stalled stream kept what it could hold, then ended with the overflow.
  let kept = 0;
  await expect(
    (async () => {
      for (;;) if ((await stalled.next()).done) return;
      else kept += 1;
    })(),
  ).rejects.toThrow(/1024 pending calls to push/);
  expect(kept).toBe(1024);
  expect(bus.stats()).toEqual({ subscriptions: 0, listeners: 0, topics: 0 });
});
