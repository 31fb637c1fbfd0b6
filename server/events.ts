// The publisher behind subscriptions. Events carry ids only; subscribers read fresh rows, so
// privacy rules apply as on any query. In-process by default; with PostgreSQL the same interface
// is backed by LISTEN/NOTIFY so that events reach subscribers on every instance.
import { createPubSub } from 'graphql-yoga';

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
