import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkWithPort, killChildren, killChildrenOnExit, pickFreePort, stopChild } from './child-processes.js';
import { createGatewayKey, startGateway, writeBenchConfig } from './gateway-process.js';
import { runLoad } from './load.js';
import { MOCK_MODEL, MOCK_UPSTREAM_KEY } from './mock-upstream.js';
import { formatErrors, formatTable, type BenchMode, type BenchRow, type BenchTarget } from './report.js';
import { RssSampler } from './rss-sampler.js';

/**
 * `npm run bench`: the same closed-loop load sent straight to a loopback mock upstream ("direct")
 * and through the gateway to that mock ("gateway"), so the difference is the gateway's own cost.
 * Paths are relative to this compiled file, so it runs from dist/ and from any other outDir.
 */

const CLI_PATH = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const MOCK_PATH = fileURLToPath(new URL('./mock-upstream-process.js', import.meta.url));
const MODES: readonly BenchMode[] = ['non-stream', 'stream'];
const CONNECTIONS: readonly number[] = [1, 10, 50];
const MOCK_START_TIMEOUT_MS = 10_000;
/** Caps the env settings so a typo cannot turn the bench into an hour-long run. */
const MAX_SECONDS = 120;

interface Settings {
  seconds: number;
  warmupSeconds: number;
  /** Load on the gateway before the first measured run, so V8 has compiled the hot path (JIT). */
  gatewayWarmupSeconds: number;
  targets: BenchTarget[];
}

function secondsFromEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > MAX_SECONDS) throw new Error(`${name} must be a number of seconds from 0 to ${MAX_SECONDS}, not ${raw}`);
  return value;
}

function readSettings(): Settings {
  const seconds = secondsFromEnvironment('BENCH_SECONDS', 5);
  if (seconds === 0) throw new Error('BENCH_SECONDS must be more than 0');
  const warmupSeconds = secondsFromEnvironment('BENCH_WARMUP_SECONDS', 1);
  const gatewayWarmupSeconds = secondsFromEnvironment('BENCH_GATEWAY_WARMUP_SECONDS', 5);
  // BENCH_TARGETS=direct measures the mock and load generator alone (no gateway build needed).
  const targets = (process.env['BENCH_TARGETS'] ?? 'direct,gateway').split(',').map((target) => target.trim());
  for (const target of targets) {
    if (target !== 'direct' && target !== 'gateway') throw new Error(`BENCH_TARGETS takes direct and/or gateway, not ${target}`);
  }
  return { seconds, warmupSeconds, gatewayWarmupSeconds, targets: targets as BenchTarget[] };
}

function chatBody(model: string, stream: boolean): string {
  const streamFields = stream ? { stream: true, stream_options: { include_usage: true } } : {};
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello in one short sentence.' }], max_tokens: 64, ...streamFields });
}

interface Endpoint {
  origin: string;
  bearer: string;
  model: string;
  pid: number | undefined;
}

async function main(): Promise<number> {
  const settings = readSettings();
  const directory = await mkdtemp(join(tmpdir(), 'securellm-bench-'));
  const removeDirectory = (): void => rmSync(directory, { recursive: true, force: true });
  killChildrenOnExit(removeDirectory);
  const started: ChildProcess[] = [];
  try {
    const upstream = await forkWithPort(MOCK_PATH, MOCK_START_TIMEOUT_MS);
    started.push(upstream.child);
    const endpoints = new Map<BenchTarget, Endpoint>();
    endpoints.set('direct', { origin: `http://127.0.0.1:${upstream.port}`, bearer: MOCK_UPSTREAM_KEY, model: MOCK_MODEL, pid: undefined });
    if (settings.targets.includes('gateway')) {
      if (!existsSync(CLI_PATH)) throw new Error(`no gateway CLI at ${CLI_PATH}: build first (npm run build)`);
      const port = await pickFreePort();
      const configPath = await writeBenchConfig(directory, upstream.port, port);
      const key = await createGatewayKey(CLI_PATH, configPath);
      const gateway = await startGateway(CLI_PATH, configPath, port);
      started.push(gateway.child);
      endpoints.set('gateway', { origin: gateway.origin, bearer: key, model: `openai/${MOCK_MODEL}`, pid: gateway.child.pid });
    }

    process.stdout.write(
      `SecureLLM Bridge bench: ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up ` +
        `(gateway warmed for ${settings.gatewayWarmupSeconds} s first), ` +
        `node ${process.version}, ${availableParallelism()} CPUs shared by load generator, gateway and mock upstream\n`,
    );
    const gatewayEndpoint = endpoints.get('gateway');
    if (gatewayEndpoint !== undefined && settings.gatewayWarmupSeconds > 0) {
      // A fresh gateway runs its first seconds unoptimised; without this the first row (c=1)
      // would measure V8's warm-up rather than the gateway.
      process.stderr.write(`  warming the gateway up for ${settings.gatewayWarmupSeconds} s…\n`);
      for (const mode of MODES) {
        await runLoad({
          origin: gatewayEndpoint.origin,
          path: '/v1/chat/completions',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gatewayEndpoint.bearer}` },
          body: chatBody(gatewayEndpoint.model, mode === 'stream'),
          stream: mode === 'stream',
          connections: 10,
          durationSeconds: settings.gatewayWarmupSeconds / MODES.length,
          warmupSeconds: 0,
        });
      }
    }
    const rows: BenchRow[] = [];
    for (const mode of MODES) {
      for (const connections of CONNECTIONS) {
        for (const target of settings.targets) {
          const endpoint = endpoints.get(target);
          if (endpoint === undefined) continue;
          process.stderr.write(`  running ${mode} c=${connections} ${target}…\n`);
          const sampler = endpoint.pid === undefined ? undefined : new RssSampler(endpoint.pid);
          sampler?.start();
          const result = await runLoad({
            origin: endpoint.origin,
            path: '/v1/chat/completions',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.bearer}` },
            body: chatBody(endpoint.model, mode === 'stream'),
            stream: mode === 'stream',
            connections,
            durationSeconds: settings.seconds,
            warmupSeconds: settings.warmupSeconds,
          });
          const gatewayPeakRssMb = await sampler?.stop();
          rows.push({ mode, connections, target, result, gatewayPeakRssMb });
        }
      }
    }

    process.stdout.write(`\n${formatTable(rows)}\n`);
    process.stdout.write('\n+p50 ms / +TTFB ms: gateway minus direct at the same mode and connections (the gateway\'s overhead).\n');
    const failed = rows.filter((row) => row.result.errors > 0);
    if (failed.length === 0) return 0;
    process.stdout.write(`\nErrors:\n${formatErrors(failed)}\n`);
    return 1;
  } finally {
    await Promise.all(started.map(stopChild));
    removeDirectory();
  }
}

try {
  const status = await main();
  process.exit(status);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  killChildren();
  process.exit(1);
}
