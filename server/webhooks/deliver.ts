// One webhook delivery: a signed POST to the checked address, with a timeout and no redirects
// followed. The caller (the outbox worker's WEBHOOK channel) retries a failure with the same id.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { signatureHeader } from '../domain/webhookUrl.js';
import { checkWebhookTarget, type GuardOptions } from './guard.js';

export interface WebhookDelivery {
  /** The delivery's id, the same on every retry (`Standby-Delivery`). */
  id: string;
  event: string;
  occurredAt: string;
  data: unknown;
}

export interface DeliverOptions extends GuardOptions {
  timeoutMs?: number;
  /** Unix seconds for the signature; now by default. */
  now?: () => number;
}

export type DeliveryResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

/** The JSON body exactly as it is signed and sent. */
export function deliveryBody(delivery: WebhookDelivery): string {
  return JSON.stringify({ id: delivery.id, event: delivery.event, occurredAt: delivery.occurredAt, data: delivery.data });
}

/** A lookup that answers only the address the guard checked, whatever the name. */
function pinned(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

/** POSTs the delivery to `url` signed with `secret`; never throws. 2xx is delivered, anything else is not. */
export async function deliverWebhook(url: string, secret: string, delivery: WebhookDelivery, options: DeliverOptions): Promise<DeliveryResult> {
  let target: { url: URL; address: string };
  try {
    target = await checkWebhookTarget(url, options);
  } catch (error) {
    return { ok: false, error: `refused: ${(error as Error).message}` };
  }
  const body = deliveryBody(delivery);
  const t = Math.floor(options.now ? options.now() : Date.now() / 1000);
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryResult>((resolve) => {
    const req = client.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned(target.address),
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Standby-Webhooks/1',
          'standby-delivery': delivery.id,
          'standby-signature': signatureHeader(secret, body, t),
        },
      },
      (res) => {
        // The answer's body is not used; drain it so that the socket closes.
        res.resume();
        const status = res.statusCode ?? 0;
        res.on('end', () => resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` }));
        res.on('error', (error) => resolve({ ok: false, status, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', (error) => resolve({ ok: false, error: error.message }));
    req.end(body);
  });
}
