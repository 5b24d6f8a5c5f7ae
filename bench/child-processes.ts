import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The bench's child processes (mock upstream, gateway), tracked so they never outlive the bench:
 * stopped gently at the end, killed outright on SIGINT, SIGTERM, an error or any other exit.
 */

const children = new Set<ChildProcess>();
const STOP_GRACE_MS = 3_000;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills whatever is still running; synchronous, so it also works from the `exit` event. */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

let installed = false;

/** Installs the exit and signal handlers once. `onSignal` runs its own cleanup before the exit. */
export function killChildrenOnExit(onSignal: () => void): void {
  if (installed) return;
  installed = true;
  process.once('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child processes\n`);
      killChildren();
      onSignal();
      process.exit(130);
    });
  }
}

/** SIGTERM first, so the gateway can close its store and logs; SIGKILL if it takes too long. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Forks a compiled bench module that reports `{ port }` over IPC once it listens. */
export async function forkWithPort(modulePath: string, timeoutMs: number): Promise<{ child: ChildProcess; port: number }> {
  const child = track(fork(modulePath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${modulePath} did not report a port within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      const reported = (message as { port?: unknown } | null)?.port;
      if (typeof reported === 'number') resolve(reported);
      else reject(new Error(`${modulePath} sent an unexpected message: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${modulePath} exited with status ${String(code)} before listening`));
    });
  });
  return { child, port };
}

/** Spawns `node <args>` with its output kept (last few KiB) for error messages. */
export function spawnNode(args: string[]): { child: ChildProcess; output: () => string } {
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let kept = '';
  const keep = (data: Buffer): void => {
    kept = (kept + data.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => kept };
}

/**
 * A port free right now on 127.0.0.1: listen on 0, read it, close. Another process could take it
 * before the gateway binds; on a bench machine that is unlikely and shows up as a failed start.
 */
export async function pickFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address for the free-port probe');
  return address.port;
}
