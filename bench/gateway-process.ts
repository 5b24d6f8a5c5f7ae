import { execFile, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { spawnNode } from './child-processes.js';
import { MOCK_UPSTREAM_KEY } from './mock-upstream.js';

/** The gateway under test: its config, an API key for it, and its `serve` process. */

const run = promisify(execFile);
const CLI_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 20_000;
const HEALTH_POLL_MS = 100;

/** TOML basic strings accept JSON's escapes, so JSON.stringify quotes any temp path safely. */
const quote = (value: string): string => JSON.stringify(value);

/**
 * A config pointing the openai provider at the mock. Rate limiting stays on with limits no bench
 * reaches, so its cost is measured but it never refuses; everything else keeps its defaults, so the
 * numbers describe the gateway as it ships.
 */
export async function writeBenchConfig(directory: string, upstreamPort: number, gatewayPort: number): Promise<string> {
  const path = join(directory, 'bench.toml');
  const text = [
    '[server]',
    'host = "127.0.0.1"',
    `port = ${gatewayPort}`,
    '',
    '[storage]',
    `url = ${quote(`sqlite:${join(directory, 'bench.db')}`)}`,
    '',
    '[providers.openai]',
    `api_key = ${quote(MOCK_UPSTREAM_KEY)}`,
    `base_url = ${quote(`http://127.0.0.1:${upstreamPort}/v1`)}`,
    'model = "gpt-4o-mini"',
    '',
    '[security.rate_limit]',
    'requests_per_minute = 100000000',
    'burst_size = 1000000',
    '',
    '[security.audit]',
    `log_path = ${quote(join(directory, 'audit', 'audit.log'))}`,
    '',
    '[logging]',
    'level = "warn"',
    '',
  ].join('\n');
  await writeFile(path, text, 'utf8');
  return path;
}

/** `securellm keys create --json` prints `{"id","key"}`; the key is what clients send as Bearer. */
export async function createGatewayKey(cliPath: string, configPath: string): Promise<string> {
  const { stdout } = await run(process.execPath, [cliPath, 'keys', 'create', '--config', configPath, '--name', 'bench', '--json'], {
    timeout: CLI_TIMEOUT_MS,
  }).catch((error: unknown) => {
    const { stderr, message } = error as { stderr?: string; message?: string };
    throw new Error(`keys create failed: ${(stderr ?? '').trim() || (message ?? String(error))}`);
  });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(lastLine) as { key?: unknown };
  if (typeof parsed.key !== 'string') throw new Error(`keys create printed no key: ${lastLine}`);
  return parsed.key;
}

/** Starts `securellm serve` and resolves once `GET /healthz` answers 200. */
export async function startGateway(cliPath: string, configPath: string, port: number): Promise<{ child: ChildProcess; origin: string }> {
  const { child, output } = spawnNode([cliPath, 'serve', '--config', configPath]);
  const origin = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const giveUpAt = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < giveUpAt) {
    if (exited) throw new Error(`gateway exited during start (status ${String(child.exitCode)}):\n${output()}`);
    if (await isHealthy(origin)) return { child, origin };
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
  throw new Error(`gateway did not answer /healthz within ${HEALTH_TIMEOUT_MS} ms:\n${output()}`);
}

async function isHealthy(origin: string): Promise<boolean> {
  try {
    const response = await request(`${origin}/healthz`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  }
}
