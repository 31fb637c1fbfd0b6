// Opaque global ids, the one codec for them: base64url of "Type:uuid". The relay plugin encodes
// and decodes with these (builder.ts), inputs name the path of a bad id.
import { InvalidInputError, type InputPath } from '../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function globalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/** The type name and row id inside a global id, or null when it is not one (every row id is a uuid). */
export function parseGlobalId(value: string): { typename: string; id: string } | null {
  if (value.length > 200) return null;
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  const id = decoded.slice(sep + 1);
  return sep > 0 && UUID.test(id) ? { typename: decoded.slice(0, sep), id: id.toLowerCase() } : null;
}

/** The row id inside a global id of type `typename`, or BAD_USER_INPUT at `path`. */
export function decodeId(value: string, typename: string, path: InputPath): string {
  const parsed = parseGlobalId(value);
  if (parsed?.typename !== typename) {
    throw new InvalidInputError(path, `${String(path[path.length - 1])}: not the id of a ${typename}`);
  }
  return parsed.id;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
