// The publisher behind subscriptions. Events carry ids only; subscribers read fresh rows, so
// privacy rules apply as on any query. In-process by default; with PostgreSQL the same interface
// is backed by LISTEN/NOTIFY so that events reach subscribers on every instance. The bus counts
// what is attached to it, so that /metrics shows a subscription that outlives its client.
import { Repeater } from 'graphql-yoga';
import postgres from 'postgres';

export interface StandbyEvents {
  /** A request's status or one of its assignments changed. */
  requestUpdated: [requestId: string, payload: { requestId: string }];
  /** An assignment of this expert was offered, withdrawn or changed. */
  offerUpdated: [expertId: string, payload: { assignmentId: string }];
}

export type Topic = keyof StandbyEvents;

export interface EventBus {
  publish<T extends Topic>(topic: T, ...args: StandbyEvents[T]): void;
  /** The raw events of one topic; its listener is attached on the first next() and detached by return(). */
  subscribe<T extends Topic>(topic: T, id: StandbyEvents[T][0]): AsyncIterableIterator<StandbyEvents[T][1]>;
  /**
   * A subscriber's stream: each event of the topic mapped by `step` (null skips it; `stop()` ends
   * the stream). Its return() reaches the topic at once, even while waiting for an event.
   */
  follow<T extends Topic, R>(
    topic: T,
    id: StandbyEvents[T][0],
    step: (payload: StandbyEvents[T][1], stop: () => void) => Promise<R | null | undefined>,
  ): AsyncIterableIterator<R>;
  /** What is attached now (the standby_subscriptions_open and standby_event_listeners gauges). */
  stats(): EventBusStats;
  close(): Promise<void>;
}

export interface EventBusStats {
  /** Streams made by follow() that have started and not yet ended. */
  subscriptions: number;
  /** Listeners attached to topics. */
  listeners: number;
  /** Topics with at least one listener (an empty topic is dropped). */
  topics: number;
}

/** Events queued inside a transaction, published only after it commits. */
export class PendingEvents {
  private readonly queue: (() => void)[] = [];
  /** What changed in this transaction: the outbox turns it into messages before the commit (server/notify.ts). */
  readonly requestIds = new Set<string>();
  readonly assignmentIds = new Set<string>();
  constructor(private readonly bus: EventBus) {}
  add<T extends Topic>(topic: T, ...args: StandbyEvents[T]): void {
    const payload = args[1] as StandbyEvents[Topic][1];
    if ('assignmentId' in payload) this.assignmentIds.add(payload.assignmentId);
    else this.requestIds.add(payload.requestId);
    this.queue.push(() => this.bus.publish(topic, ...args));
  }
  flush(): void {
    for (const publish of this.queue.splice(0)) publish();
  }
}

/**
 * The in-process bus: a map from topic to its listeners, each listener feeding one Repeater.
 * Repeaters (not async generators) because a generator parked in `for await` queues the return()
 * that yoga calls on close behind the pending next(), and so held its listener until the next event.
 */
export function createLocalEventBus(): EventBus {
  const topics = new Map<string, Set<(payload: unknown) => void>>();
  let listeners = 0;
  let subscriptions = 0;

  const subscribe = <P>(topic: Topic, id: string): Repeater<P> =>
    new Repeater<P>(async (push, stop) => {
      const key = `${topic}:${id}`;
      const set = topics.get(key) ?? new Set();
      topics.set(key, set);
      const listener = (payload: unknown) => {
        try {
          void push(payload as P);
        } catch (error) {
          // More than 1,024 events waiting on a consumer that does not read: end that stream, not the publisher.
          stop(error);
        }
      };
      set.add(listener);
      listeners += 1;
      await stop;
      set.delete(listener);
      listeners -= 1;
      if (set.size === 0 && topics.get(key) === set) topics.delete(key);
    });

  const follow = <P, R>(topic: Topic, id: string, step: (payload: P, stop: () => void) => Promise<R | null | undefined>): Repeater<R> =>
    new Repeater<R>(async (push, stop) => {
      subscriptions += 1;
      const events = subscribe<P>(topic, id);
      void stop.then(() => events.return());
      try {
        for (let event = await events.next(); !event.done; event = await events.next()) {
          const value = await step(event.value, stop);
          if (value !== null && value !== undefined) await push(value);
        }
      } finally {
        subscriptions -= 1;
      }
      stop();
    });

  return {
    publish: (topic, id, payload) => {
      const set = topics.get(`${topic}:${id}`);
      if (set) for (const listener of set) listener(payload);
    },
    subscribe: (topic, id) => subscribe(topic, id),
    follow: (topic, id, step) => follow(topic, id, step),
    stats: () => ({ subscriptions, listeners, topics: topics.size }),
    close: async () => {},
  };
}

const CHANNEL = 'standby_events';

/**
 * Events across instances through PostgreSQL LISTEN/NOTIFY: publish sends a NOTIFY (ids only, far
 * under the 8,000-byte payload limit); one LISTEN connection per instance feeds the local bus.
 */
export async function createPostgresEventBus(url: string, onError: (error: unknown) => void = () => {}): Promise<EventBus> {
  const local = createLocalEventBus();
  const client = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'standby-events' } });
  const listener = await client.listen(CHANNEL, (raw) => {
    try {
      const message = JSON.parse(raw) as { topic: Topic; id: string; payload: never };
      local.publish(message.topic, message.id, message.payload);
    } catch (error) {
      onError(error);
    }
  });
  return {
    publish: (topic, id, payload) => {
      client.notify(CHANNEL, JSON.stringify({ topic, id, payload })).catch(onError);
    },
    subscribe: local.subscribe,
    follow: local.follow,
    stats: local.stats,
    close: async () => {
      await listener.unlisten().catch(() => {});
      await client.end({ timeout: 5 });
    },
  };
}
