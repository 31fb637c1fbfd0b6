// The package's root folder (the one holding package.json), found from this file's place, so that
// paths to migrations/, web/dist, server/graphiql/boot.js and node_modules/.cache are the same whether
// the server runs from its TypeScript source (tsx: server/root.ts) or compiled (`npm start`: dist/server/root.js).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `fromRoot('migrations')`. */
export const fromRoot = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments);
