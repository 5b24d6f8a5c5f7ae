/**
 * What the hostile suites share: raw sockets for bytes no HTTP client will send, undici for the
 * rest, and the assertions every case must pass (status, body in the client's format,
 * x-request-id, an audit record of the request, no upstream call where none may happen, a
 * gateway still healthy afterwards).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { request } from 'undici';
import type { GatewayHarness } from './gateway-harness.js';

export type Format = 'openai' | 'anthropic';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export const CHAT_PATH: Readonly<Record<Format, string>> = { openai: '/v1/chat/completions', anthropic: '/v1/messages' };

export const MINIMAL_BODY: Readonly<Record<Format, Record<string, unknown>>> = {
  openai: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
  anthropic: { model: 'openai/gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] },
};

/** Every chat request any fake received so far. */
export function upstreamCalls(harness: GatewayHarness): number {
  return Object.values(harness.fakes).reduce((total, fake) => total + fake.chatRequests().length, 0);
}

/** A POST through undici; `body` as given (a string or bytes), JSON content-type unless overridden. */
export async function post(harness: GatewayHarness, format: Format, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await request(`${harness.url}${CHAT_PATH[format]}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** A chat body of the given format with fields added or replaced. */
export function bodyWith(format: Format, extra: Record<string, unknown>): string {
  return JSON.stringify({ ...MINIMAL_BODY[format], ...extra });
}

/** Asserts an error answer in `format`'s shape with this status and the request id; returns the body's error. */
export function assertRefusal(answer: Answer, status: number, format: Format): { message: string; type: string; param?: string | null; code?: string } {
  assert.equal(answer.status, status, answer.text.slice(0, 500));
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  assert.match(String(answer.headers['x-request-id']), /^req_[0-9a-f]+$/);
  const body = JSON.parse(answer.text) as { type?: string; error?: { message: string; type: string; param?: string | null; code?: string } };
  assert.ok(body.error, answer.text);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.type, 'string');
  if (format === 'anthropic') assert.equal(body.type, 'error', 'Anthropic error shape');
  else assert.ok('code' in body.error && 'param' in body.error, 'OpenAI error shape');
  return body.error;
}

/** Liveness answers and a normal chat still works in both formats. */
export async function assertHealthy(harness: GatewayHarness): Promise<void> {
  const health = await request(`${harness.url}/healthz`);
  await health.body.text();
  assert.equal(health.statusCode, 200);
  for (const format of ['openai', 'anthropic'] as const) {
    const answer = await post(harness, format, JSON.stringify(MINIMAL_BODY[format]));
    assert.equal(answer.status, 200, `${format} chat after the attack: ${answer.text}`);
  }
}

export interface RawAnswer {
  /** Everything the gateway sent before it closed the socket (or before the wait ended). */
  raw: string;
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
  /** Whether the gateway closed the connection. */
  closed: boolean;
  /** Milliseconds from the first byte sent until the socket closed (or the wait ended). */
  elapsedMs: number;
}

function parseRaw(raw: string): Pick<RawAnswer, 'status' | 'headers' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: status === undefined ? undefined : Number(status), headers, body: split === -1 ? '' : raw.slice(split + 4) };
}

/**
 * Sends `parts` on a raw socket (waiting `gapMs` between them), then waits for the gateway to
 * close the connection or for `waitMs`. Sending stops once the gateway closes.
 */
export async function rawExchange(harness: GatewayHarness, parts: ReadonlyArray<string | Buffer>, options: { gapMs?: number; waitMs?: number } = {}): Promise<RawAnswer> {
  const { port, hostname } = new URL(harness.url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const received: Buffer[] = [];
  let closed = false;
  const started = performance.now();
  let elapsedMs = 0;
  const ended = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      closed = true;
      elapsedMs = performance.now() - started;
      resolve();
    });
  });
  for (const part of parts) {
    if (closed) break;
    socket.write(part);
    if (options.gapMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
  }
  const waitMs = options.waitMs ?? 3000;
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  if (!closed) elapsedMs = performance.now() - started;
  socket.destroy();
  const raw = Buffer.concat(received).toString('utf8');
  return { raw, ...parseRaw(raw), closed, elapsedMs };
}

/** The head of a request in raw HTTP/1.1, with a valid key and Host unless `headers` replaces them. */
export function rawHead(harness: GatewayHarness, requestLine: string, headerLines: readonly string[] = []): string {
  const host = new URL(harness.url).host;
  return [requestLine, `host: ${host}`, `authorization: Bearer ${harness.key}`, ...headerLines, '', ''].join('\r\n');
}

/** Asserts a raw answer is JSON in OpenAI's error shape with this status and a request id. */
export function assertRawRefusal(answer: RawAnswer, status: number | readonly number[]): void {
  const allowed = typeof status === 'number' ? [status] : status;
  assert.ok(answer.status !== undefined && allowed.includes(answer.status), `status ${String(answer.status)}, expected ${allowed.join(' or ')}: ${answer.raw.slice(0, 500)}`);
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
  assert.match(answer.headers['x-request-id'] ?? '', /^req_[0-9a-f]+$/);
  const body = JSON.parse(answer.body) as { error?: { message?: unknown; type?: unknown } };
  assert.equal(typeof body.error?.message, 'string', answer.body);
  assert.equal(typeof body.error?.type, 'string');
}

/** The fields of an audit line the hostile suites look at. */
export interface AuditLine {
  type?: string;
  request_id?: string;
  status?: number;
  decision?: string;
  reason_code?: string | null;
  provider?: string | null;
  partial?: boolean;
}

/** Every line of every audit file the harness's gateway wrote so far, as text and parsed. */
export function auditLog(harness: GatewayHarness): { text: string; records: AuditLine[] } {
  const directory = path.dirname(harness.gateway.config.security.audit.log_path);
  const text = readdirSync(directory)
    .filter((name) => name.endsWith('.log'))
    .map((name) => readFileSync(path.join(directory, name), 'utf8'))
    .join('');
  return { text, records: text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AuditLine) };
}

/**
 * The audit record of the answer with this request id, with this status. Every record is written
 * before its answer's last byte, so it is read once, with no wait.
 */
export function assertAudited(harness: GatewayHarness, requestId: string | string[] | undefined, status: number): AuditLine {
  assert.ok(typeof requestId === 'string' && requestId !== '', 'the answer has a request id to audit');
  const record = auditLog(harness).records.find((line) => line.request_id === requestId);
  assert.ok(record !== undefined, `no audit record for ${requestId} when its answer arrived`);
  assert.equal(record.status, status, `audit status of ${requestId}`);
  return record;
}

/**
 * What every refused request must show: the status and error shape of `format`, an audit record
 * with that status, no upstream call since `upstreamBefore`, and a gateway still healthy.
 */
export async function assertRefusedCase(harness: GatewayHarness, answer: Answer, status: number, format: Format, upstreamBefore: number): Promise<ReturnType<typeof assertRefusal>> {
  const error = assertRefusal(answer, status, format);
  assertAudited(harness, answer.headers['x-request-id'], status);
  assert.equal(upstreamCalls(harness), upstreamBefore, 'no upstream call');
  await assertHealthy(harness);
  return error;
}

/** The same for an answer read off a raw socket (OpenAI's error shape unless `format` says otherwise). */
export async function assertRawRefusedCase(harness: GatewayHarness, answer: RawAnswer, status: number | readonly number[], upstreamBefore: number, format: Format = 'openai'): Promise<void> {
  assertRawRefusal(answer, status);
  if (format === 'anthropic') assert.equal((JSON.parse(answer.body) as { type?: string }).type, 'error', 'Anthropic error shape');
  assertAudited(harness, answer.headers['x-request-id'], answer.status ?? 0);
  assert.equal(upstreamCalls(harness), upstreamBefore, 'no upstream call');
  await assertHealthy(harness);
}
