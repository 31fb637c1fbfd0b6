// `npm test`: vitest, then the browser tests (Playwright in Debian's Chromium) when Chromium is
// installed. Without Chromium it says so at the end, and how to run them, instead of passing in
// silence; BROWSER_TESTS=required (CI) makes a missing Chromium a failure. Exits non-zero when
// either suite fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

const unit = run(bin('vitest'), ['run', '--config', 'test/vitest.config.ts']);
const chromium = existsSync(CHROMIUM);
const browser = chromium ? run(bin('playwright'), ['test', '--config', 'test/browser/playwright.config.ts']) : undefined;

const lines = [`vitest: ${unit === 0 ? 'passed' : 'FAILED'}`];
if (browser !== undefined) {
  lines.push(`browser tests (${CHROMIUM}): ${browser === 0 ? 'passed' : 'FAILED'}`);
} else {
  lines.push(
    `browser tests: NOT RUN, because ${CHROMIUM} does not exist.`,
    '  Install Chromium (Debian: apt-get install -y chromium; or set CHROMIUM_PATH), then run them with',
    '  npm run test:browser',
  );
}
console.log(`\n${lines.join('\n')}`);
const missing = browser === undefined && process.env.BROWSER_TESTS === 'required';
if (missing) console.log('BROWSER_TESTS=required: a missing Chromium fails the run.');
process.exit(unit !== 0 || (browser ?? 0) !== 0 || missing ? 1 : 0);
