import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/**
 * A closed-loop load generator: `connections` workers, each sending its next request as soon as the
 * previous answer has been read to the end, for a warm-up and then a measured window. Closed loop
 * means throughput and latency are the server's, not a fixed arrival rate's; it is the same model
 * autocannon uses, in the few lines this bench needs.
 */

export interface LoadOptions {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Whether the answer is Server-Sent Events (then it must end in `data: [DONE]`). */
  stream: boolean;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  /** Answers read whole and valid, for requests started inside the measured window. */
  completed: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Until the first body byte; only for streams, where it is what a user waits for. */
  timeToFirstByteP50Ms: number | undefined;
  /** Every failed request, warm-up included: non-200, transport errors, malformed answers. */
  errors: number;
  errorKinds: Map<string, { count: number; example: string }>;
}

/** Per request, so a stuck server fails the request instead of the whole bench. */
const REQUEST_TIMEOUT_MS = 10_000;
/** After the window closes, in-flight requests get this long before they are aborted. */
const DRAIN_GRACE_MS = REQUEST_TIMEOUT_MS + 2_000;
const DONE_MARKER = 'data: [DONE]';

type Outcome = { ok: true; timeToFirstByteMs: number | undefined } | { ok: false; kind: string; detail: string };

class Recorder {
  readonly latencies: number[] = [];
  readonly timesToFirstByte: number[] = [];
  readonly errorKinds = new Map<string, { count: number; example: string }>();
  errors = 0;

  success(latencyMs: number, timeToFirstByteMs: number | undefined): void {
    this.latencies.push(latencyMs);
    if (timeToFirstByteMs !== undefined) this.timesToFirstByte.push(timeToFirstByteMs);
  }

  failure(kind: string, detail: string): void {
    this.errors++;
    const known = this.errorKinds.get(kind);
    if (known === undefined) this.errorKinds.set(kind, { count: 1, example: detail });
    else known.count++;
  }
}

/** Runs one load test; resolves when every worker has stopped (bounded by the window plus a grace). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const hardStop = new AbortController();
  // Each in-flight request adds one abort listener and undici removes it when the body is done, so
  // the count is bounded by the connections; Node's default warning threshold would only be noise.
  setMaxListeners(0, hardStop.signal);
  const recorder = new Recorder();
  const startedAt = performance.now();
  const measureFrom = startedAt + options.warmupSeconds * 1000;
  const stopAt = measureFrom + options.durationSeconds * 1000;
  const deadline = setTimeout(() => hardStop.abort(new Error('request still running after the window closed')), stopAt - startedAt + DRAIN_GRACE_MS);
  try {
    const workers: Promise<void>[] = [];
    for (let index = 0; index < options.connections; index++) {
      workers.push(worker(pool, options, recorder, measureFrom, stopAt, hardStop.signal));
    }
    await Promise.all(workers);
  } finally {
    clearTimeout(deadline);
    await pool.destroy();
  }
  const measuredSeconds = Math.max(performance.now(), stopAt) - measureFrom;
  const latencies = Float64Array.from(recorder.latencies).sort();
  const timesToFirstByte = Float64Array.from(recorder.timesToFirstByte).sort();
  return {
    completed: latencies.length,
    requestsPerSecond: latencies.length / (measuredSeconds / 1000),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    timeToFirstByteP50Ms: options.stream ? percentile(timesToFirstByte, 50) : undefined,
    errors: recorder.errors,
    errorKinds: recorder.errorKinds,
  };
}

async function worker(pool: Pool, options: LoadOptions, recorder: Recorder, measureFrom: number, stopAt: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && performance.now() < stopAt) {
    const startedAt = performance.now();
    const outcome = await sendOne(pool, options, startedAt, signal);
    if (!outcome.ok) recorder.failure(outcome.kind, outcome.detail);
    else if (startedAt >= measureFrom) recorder.success(performance.now() - startedAt, outcome.timeToFirstByteMs);
  }
}

async function sendOne(pool: Pool, options: LoadOptions, startedAt: number, signal: AbortSignal): Promise<Outcome> {
  try {
    const response = await pool.request({ method: 'POST', path: options.path, headers: options.headers, body: options.body, signal });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      return { ok: false, kind: `HTTP ${response.statusCode}`, detail: text.slice(0, 300) };
    }
    if (!options.stream) {
      const text = await response.body.text();
      return isCompletion(text) ? { ok: true, timeToFirstByteMs: undefined } : { ok: false, kind: 'bad body', detail: text.slice(0, 300) };
    }
    let timeToFirstByteMs: number | undefined;
    // Only the last bytes matter for the end-of-stream check; the rest is counted, not kept.
    let tail = '';
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      timeToFirstByteMs ??= performance.now() - startedAt;
      tail = (tail + chunk.subarray(-64).toString('latin1')).slice(-64);
    }
    if (tail.trimEnd().endsWith(DONE_MARKER)) return { ok: true, timeToFirstByteMs };
    return { ok: false, kind: 'stream without [DONE]', detail: tail };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const kind = typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
    return { ok: false, kind, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Parses only what proves a whole answer arrived: the object type and at least one choice. */
function isCompletion(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { object?: unknown; choices?: unknown };
    return parsed.object === 'chat.completion' && Array.isArray(parsed.choices) && parsed.choices.length > 0;
  } catch {
    return false;
  }
}

/** Nearest-rank percentile of sorted values; NaN when there are none (printed as "-"). */
function percentile(sorted: Float64Array, rank: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
