// The SSRF guard: a webhook url's host is resolved and every address it gives is judged by
// server/domain/webhookUrl.ts, at creation and again at each delivery. Delivery then connects to
// the address that was judged (server/webhooks/deliver.ts), so a name that resolves differently a
// moment later (DNS rebinding) cannot steer the request elsewhere.
import { lookup } from 'node:dns/promises';
import { isIpLiteral, parseWebhookUrl, refusedAddress } from '../domain/webhookUrl.js';

/** Resolves a hostname to its addresses (injectable so that tests need no DNS). */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface GuardOptions {
  allowPrivate: boolean;
  resolve?: Resolver;
}

export class WebhookUrlRefused extends Error {
  override name = 'WebhookUrlRefused';
}

/** The url and the one address to connect to; throws WebhookUrlRefused with the reason. */
export async function checkWebhookTarget(raw: string, options: GuardOptions): Promise<{ url: URL; address: string }> {
  const parsed = parseWebhookUrl(raw);
  if (!parsed.ok) throw new WebhookUrlRefused(parsed.reason);
  let addresses: string[];
  if (isIpLiteral(parsed.host)) addresses = [parsed.host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(parsed.host);
    } catch {
      throw new WebhookUrlRefused(`${parsed.host} does not resolve`);
    }
    if (addresses.length === 0) throw new WebhookUrlRefused(`${parsed.host} does not resolve`);
  }
  // Every address must pass: a name that also resolves to a refused address is refused.
  for (const address of addresses) {
    const reason = refusedAddress(address, options.allowPrivate);
    if (reason) throw new WebhookUrlRefused(isIpLiteral(parsed.host) ? reason : `${parsed.host} resolves to ${reason}`);
  }
  return { url: parsed.url, address: addresses[0]! };
}
