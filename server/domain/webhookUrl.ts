// Which webhook urls and addresses Standby may call (docs/api.md, "Webhooks"): pure rules, no I/O.
// The address ranges come from ipaddr.js; server/webhooks/guard.ts applies them to what a hostname
// resolves to, at creation and again at each delivery.
import { createHmac } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/** The longest url a webhook may have. */
export const MAX_WEBHOOK_URL = 2048;

/** Ranges refused unless WEBHOOK_ALLOW_PRIVATE=1: this machine and private networks. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

export type UrlCheck = { ok: true; url: URL; host: string } | { ok: false; reason: string };

/** A url a webhook may have, before any name is resolved: http(s), not too long, with a host. */
export function parseWebhookUrl(raw: string): UrlCheck {
  if (raw.length > MAX_WEBHOOK_URL) return { ok: false, reason: `at most ${MAX_WEBHOOK_URL} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `only http and https urls are accepted, not ${url.protocol}` };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!host) return { ok: false, reason: 'the url has no host' };
  return { ok: true, url, host };
}

/**
 * Why Standby must not connect to `address`, or null when it may. Link-local, unspecified
 * (0.0.0.0), multicast, broadcast and reserved addresses are always refused; loopback and private
 * ranges unless `allowPrivate`. IPv4 written inside IPv6 (::ffff:127.0.0.1) is judged as IPv4.
 */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (PRIVATE_RANGES.has(range)) return allowPrivate ? null : `${address} is a ${range} address (set WEBHOOK_ALLOW_PRIVATE=1 to allow it)`;
  return `${address} is a ${range} address, never called`;
}

/** Whether `host` is an IP literal rather than a name to resolve. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host);
}

/** The `Standby-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
