// Signed link secrets (one-tap replies, email confirmations): `<row id>.<HMAC-SHA256>` keyed with
// the service's link key, so that any instance verifies a link another made, and an altered or
// invented secret is told apart from a real one without a lookup. The row holds expiry and use.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from './db/index.js';
import { isUuid } from './graphql/ids.js';
import { serviceKey } from './repo/keys.js';

export type LinkPurpose = 'respond' | 'confirm-email';

const keys = new WeakMap<object, Promise<Buffer>>();

/** The link key, read once per database handle. */
function linkKey(db: Db): Promise<Buffer> {
  let key = keys.get(db as object);
  if (!key) {
    key = serviceKey(db, 'link-signing');
    keys.set(db as object, key);
    key.catch(() => keys.delete(db as object));
  }
  return key;
}

function mac(key: Buffer, purpose: LinkPurpose, id: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}:${id}`).digest();
}

export async function signLink(db: Db, purpose: LinkPurpose, id: string): Promise<string> {
  return `${id}.${mac(await linkKey(db), purpose, id).toString('base64url')}`;
}

/** The row id a secret names, or null when it was altered or never issued for this purpose. */
export async function verifyLink(db: Db, purpose: LinkPurpose, secret: string): Promise<string | null> {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(secret);
  if (!match || !isUuid(match[1]!)) return null;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(await linkKey(db), purpose, match[1]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? match[1]! : null;
}
