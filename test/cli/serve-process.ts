import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'undici';
import { cliPath } from './run-cli.js';

/**
 * Starts `securellm serve --config config.toml` in `directory`, with an environment holding only
 * what is given, and waits until `url`/healthz answers (through `dispatcher` for TLS).
 */
export async function startServe(directory: string, url: string, environment: Record<string, string>, dispatcher?: Agent): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--config', 'config.toml'], {
    cwd: directory,
    env: { PATH: process.env['PATH'] ?? '', ...environment },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`serve exited: ${stderr}`);
    const healthy = await request(`${url}/healthz`, dispatcher === undefined ? {} : { dispatcher }).then(
      async (response) => (await response.body.dump(), response.statusCode === 200),
      () => false,
    );
    if (healthy) return child;
    if (Date.now() > deadline) assert.fail(`serve did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops a child process (SIGTERM) and waits until it has exited. */
export async function stopServe(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
