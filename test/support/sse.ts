// A raw GraphQL-over-SSE reader for tests: POST with Accept: text/event-stream, collect each
// event's JSON payload.
export interface SseStream {
  status: number;
  events: any[];
  ended(): boolean;
  /** The next unread event, waiting up to timeoutMs. */
  next(timeoutMs?: number): Promise<any>;
  close(): void;
}

/** `headers` adds to the request's headers (a session cookie, say). */
export async function openSse(url: string, query: string, variables: Record<string, unknown>, token: string | null, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: any[] = [];
  let read = 0;
  let ended = false;
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (data) events.push(JSON.parse(data));
        }
      }
    } catch {
      // aborted
    }
    ended = true;
  })();
  return {
    status: response.status,
    events,
    ended: () => ended,
    async next(timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length <= read) {
        if (Date.now() > deadline) throw new Error('no event within the timeout');
        await new Promise((r) => setTimeout(r, 20));
      }
      return events[read++];
    },
    close: () => controller.abort(),
  };
}
