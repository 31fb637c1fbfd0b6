// Secrets the service generates on first start and every instance shares (server/links.ts).
// They live only in the database: never in settings, logs or the outbox.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { serviceKeys } from '../../schema/index.js';

/** The named key; the first instance to ask creates it, every later one reads the same. */
export async function serviceKey(db: Db, name: string): Promise<Buffer> {
  await db.insert(serviceKeys).values({ name, secret: randomBytes(32).toString('base64') }).onConflictDoNothing();
  const [row] = await db.select({ secret: serviceKeys.secret }).from(serviceKeys).where(eq(serviceKeys.name, name));
  return Buffer.from(row!.secret, 'base64');
}
