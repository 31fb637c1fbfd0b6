// The publisher behind subscriptions. Events carry ids only; subscribers read fresh rows, so
// privacy rules apply as on any query. In-process by default; with PostgreSQL the same interface
// is backed by LISTEN/NOTIFY so that events reach subscribers on every instance.
import { createPubSub } from 'graphql-yoga';
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
  subscribe<T extends Topic>(topic: T, id: StandbyEvents[T][0]): AsyncIterable<StandbyEvents[T][1]>;
  close(): Promise<void>;
}

/** Events queued inside a transaction, published only after it commits. */
export class PendingEvents {
  private readonly queue: (() => void)[] = [];
  constructor(private readonly bus: EventBus) {}
  add<T extends Topic>(topic: T, ...args: StandbyEvents[T]): void {
    this.queue.push(() => this.bus.publish(topic, ...args));
  }
  flush(): void {
    for (const publish of this.queue.splice(0)) publish();
  }
}

export function createLocalEventBus(): EventBus {
  const pubsub = createPubSub<{
    requestUpdated: [string, { requestId: string }];
    offerUpdated: [string, { assignmentId: string }];
  }>();
  // The generic topic map is checked by EventBus; yoga's own overloads cannot see through it.
  const untyped = pubsub as unknown as {
    publish(topic: string, id: string, payload: unknown): void;
    subscribe(topic: string, id: string): AsyncIterable<never>;
  };
  return {
    publish: (topic, id, payload) => untyped.publish(topic, id, payload),
    subscribe: (topic, id) => untyped.subscribe(topic, id),
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
    close: async () => {
      await listener.unlisten().catch(() => {});
      await client.end({ timeout: 5 });
    },
  };
}
