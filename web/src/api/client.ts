// The one urql client of the console. Queries and mutations are JSON POSTs to /graphql with the
// session cookie (same origin); subscriptions go over server-sent events with graphql-sse, which
// POSTs JSON too (EventSource could carry neither a body nor the CSRF header). Every request also
// carries the CSRF header that the server requires of cookie requests that are not JSON POSTs.
// An UNAUTHENTICATED answer (session ended, token revoked) calls onSessionEnded.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { createClient as createSseClient } from 'graphql-sse';

export const CSRF_HEADER = 'x-graphql-yoga-csrf';
const HEADERS = { [CSRF_HEADER]: '1' };

/** Whether an error says the session is gone (the server answers UNAUTHENTICATED). */
export function isUnauthenticated(error: Pick<CombinedError, 'graphQLErrors'> | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

export function createApiClient(onSessionEnded: () => void): Client {
  const sse = createSseClient({ url: '/graphql', headers: HEADERS, credentials: 'same-origin', singleConnection: false });
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin', headers: HEADERS },
    exchanges: [
      mapExchange({ onError: (error) => (isUnauthenticated(error) ? onSessionEnded() : undefined) }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (operation) => ({
          subscribe: (sink) => ({ unsubscribe: sse.subscribe({ ...operation, query: operation.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
