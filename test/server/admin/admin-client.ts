/**
 * Raw HTTP to a harness gateway's admin API and front door through undici, so tests see exactly
 * the status, headers and bytes a client would.
 */
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { GatewayHarness } from '../../e2e/gateway-harness.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface CallOptions {
  key?: string;
  /** A value to send as JSON, or a string to send as it is. */
  body?: unknown;
}

export async function call(harness: GatewayHarness, method: Method, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
  let body: string | null = null;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await request(`${harness.url}${path}`, { method, headers, body });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** The parsed JSON body; fails the test with the raw text when it is not JSON. */
export function jsonOf(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    assert.fail(`expected JSON, got ${answer.status}: ${answer.text}`);
  }
}

/** Asserts an OpenAI-format error with this status and code, carrying the request id; returns the message. */
export function assertError(answer: Answer, status: number, code: string): string {
  assert.equal(answer.status, status, answer.text);
  const body = jsonOf(answer) as { error?: { message?: unknown; type?: unknown; code?: unknown } };
  assert.equal(body.error?.code, code, answer.text);
  assert.equal(typeof body.error?.type, 'string');
  assert.equal(typeof body.error?.message, 'string');
  assert.match(String(answer.headers['x-request-id']), /^req_[0-9a-f]+$/);
  return String(body.error?.message);
}

/** One non-streaming OpenAI-format chat request for `model`. */
export function chat(harness: GatewayHarness, key: string, model: string): Promise<Answer> {
  return call(harness, 'POST', '/v1/chat/completions', { key, body: { model, messages: [{ role: 'user', content: 'Hello' }] } });
}

export function keyIdOf(key: string): string {
  const match = /^sk-sllm-([a-z0-9]{12})-/.exec(key);
  assert.ok(match?.[1] !== undefined, 'a gateway key');
  return match[1];
}

/** Repeats `attempt` every 25 ms until it answers `status`; returns the milliseconds that took, or undefined past `limitMs`. */
export async function msUntilStatus(attempt: () => Promise<Answer>, status: number, limitMs: number): Promise<number | undefined> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < limitMs) {
    if ((await attempt()).status === status) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}
