// Child processes for the API benchmark: the real server (`server/main.ts`, the same as
// `tsx server/main.ts` but in one node process, so that its pid is the server's own), the bare
// fastify floor, and the seed CLI. Every child started here is stopped by its pid, also when the
// benchmark fails half-way.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A TCP port nobody listens on right now. */
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
  process: ChildProcess;
  pid: number;
  url: string;
  output(): string;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** CPU time used so far (user + system), in milliseconds. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** utime + stime of a process, from /proc/<pid>/stat (in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Starts `node [nodeArgs] --import tsx <script>` with `env` added to this process's environment. */
export function startNode(script: string, env: Record<string, string>, port: number, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', () => running.delete(child));
  return {
    process: child,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    peakRssMiB: () => peakRssMiB(child.pid!),
    cpuMs: () => cpuMs(child.pid!),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200; returns the milliseconds since `since`. */
export async function waitFor(url: string, child: Child, since: number, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`process exited (${child.process.exitCode}) before ${url} answered:\n${child.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) {
      throw new Error(`${url} did not answer within ${timeoutMs} ms (pid ${child.pid} used ${child.cpuMs()} ms of CPU):\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `node --import tsx <script> ...args` to completion; returns its output, throws on a non-zero exit. */
export async function runNode(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  running.delete(child);
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}
