// Runs Standby as a child process (`node --import tsx server/main.ts`), as an operator would, so
// that the test can kill it with SIGKILL at any point and start it again on the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const CRASH_ADMIN = 'crash-test-admin-token-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Child {
  url: string;
  process: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, then waits until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean shutdown), then waits. */
  stop(): Promise<void>;
}

export type StartResult = { ready: true; child: Child; ms: number } | { ready: false; code: number | null; output: string; ms: number };

/** Starts the server and waits until it prints that it is ready, or exits. */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<StartResult> {
  const port = await freePort();
  const started = Date.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_TOKEN: CRASH_ADMIN,
      SEED: 'none',
      RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (chunk) => (out += String(chunk)));
  proc.stderr!.on('data', (chunk) => (out += String(chunk)));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      if (/Standby is ready at /.test(out)) finish(true);
      else if (Date.now() - started > timeoutMs) finish(false);
    }, 25);
    const finish = (ok: boolean) => {
      clearInterval(timer);
      resolve(ok);
    };
    void exited.then(() => finish(/Standby is ready at /.test(out)));
  });
  const ms = Date.now() - started;
  if (!ready) {
    if (proc.exitCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
    return { ready: false, code: proc.exitCode, output: out, ms };
  }
  const child: Child = {
    url: `http://127.0.0.1:${port}/graphql`,
    process: proc,
    output: () => out,
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
  return { ready: true, child, ms };
}

export interface Answer {
  /** false when no complete answer came back (the process died, or the connection broke). */
  answered: boolean;
  status?: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL operation as ADMIN; never throws (a broken connection is `answered: false`). */
export async function call(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${CRASH_ADMIN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: Answer['errors'] };
    return { answered: true, status: res.status, data: body.data, errors: body.errors };
  } catch {
    return { answered: false };
  }
}
