// `npm start` runs the server compiled to dist/ (issue 14), while the tests and `npm run dev` run the
// source: this builds dist/ as `npm install` does and starts it on a fresh embedded directory, so
// that a path resolved from the file's place (migrations, the template cache, the console, GraphiQL's
// boot script) or the demo seed imported on demand would fail here rather than for a newcomer.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../server/root.js';

const dataDir = mkdtempSync(join(tmpdir(), 'standby-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('starts from dist/ on a fresh directory with the demo roster, serving the console, GraphiQL and the API', async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);

  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED: 'demo', NODE_ENV: '', LOG_LEVEL: 'warn', ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /Standby is ready at (http:\/\/\S+)\/graphql/.exec(output);
        if (ready) resolve(ready[1]!);
      });
      void exited.then((code) => reject(new Error(`exited ${code} before it was ready:\n${output}`)));
    });
    expect(output).not.toMatch(/changed after the build/);

    const page = await fetch(`${origin}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const index = join(PACKAGE_ROOT, 'web/dist/index.html');
    expect(await page.text()).toEqual(existsSync(index) ? readFileSync(index, 'utf8') : expect.stringContaining('The console is not built yet'));

    const graphiql = await (await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } })).text();
    const boot = /src="([^"]+\/boot\.js)"/.exec(graphiql)?.[1];
    expect(boot).toBeDefined();
    expect(await (await fetch(`${origin}${boot}`)).text()).toBe(readFileSync(join(PACKAGE_ROOT, 'server/graphiql/boot.js'), 'utf8'));

    const token = /COORDINATOR\s+(\S+)/.exec(readFileSync(join(dataDir, 'demo-tokens.txt'), 'utf8'))?.[1];
    const answer = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ experts(first: 1) { totalCount } }' }),
    });
    expect(await answer.json()).toEqual({ data: { experts: { totalCount: 248 } } });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 180_000);
