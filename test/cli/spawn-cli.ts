import { spawn } from 'node:child_process';
import { cliPath, type CliResult } from './run-cli.js';

/**
 * Runs `securellm` as a real process without blocking this one, so loopback fakes and servers in
 * the test process can answer it. `input` is written to its stdin, which is then closed (a pipe,
 * not a terminal); the environment holds only what is given.
 */
export function spawnCli(args: readonly string[], cwd: string, environment: Record<string, string> = {}, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...environment }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
