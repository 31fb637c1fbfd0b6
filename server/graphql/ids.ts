// Opaque global ids: base64url of "Type:uuid". Inputs name the path of a bad id.
import { InvalidInputError, type InputPath } from '../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function globalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/** The row id inside a global id of type `typename`, or BAD_USER_INPUT at `path`. */
export function decodeId(value: string, typename: string, path: InputPath): string {
  const decoded = value.length <= 200 ? Buffer.from(value, 'base64url').toString('utf8') : '';
  const [type, id] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
  if (type !== typename || !UUID.test(id)) {
    throw new InvalidInputError(path, `${String(path[path.length - 1])}: not the id of a ${typename}`);
  }
  return id.toLowerCase();
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
