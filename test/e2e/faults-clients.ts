/**
 * Clients and readers shared by the fault tests: the official SDKs with their own retries off (so
 * only the gateway's retries show), and a raw HTTP call for the status, headers and exact bytes.
 */
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import type { FakeUpstream } from '../fakes/start-fake-upstream.js';
import type { GatewayHarness } from './gateway-harness.js';

export const PROMPT = 'hello world';

export function openAiClient(harness: GatewayHarness, key: string = harness.key): OpenAI {
  return new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: key, maxRetries: 0 });
}

export function anthropicClient(harness: GatewayHarness): Anthropic {
  return new Anthropic({ baseURL: harness.url, apiKey: harness.key, maxRetries: 0 });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  elapsedMs: number;
}

export type ApiFormat = 'openai' | 'anthropic';

/** One chat request in the given client format, read to the end as bytes. */
export async function rawChat(
  harness: GatewayHarness,
  format: ApiFormat,
  model: string,
  options: { stream?: boolean; key?: string } = {},
): Promise<RawAnswer> {
  const startedAt = performance.now();
  const path = format === 'openai' ? '/v1/chat/completions' : '/v1/messages';
  const body: Record<string, unknown> = { model, messages: [{ role: 'user', content: PROMPT }], stream: options.stream ?? false };
  if (format === 'anthropic') body.max_tokens = 64;
  const response = await request(`${harness.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key ?? harness.key}` },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, elapsedMs: performance.now() - startedAt };
}

/** Asserts an error answer: its status, `x-request-id`, and a JSON body in the client's own format. */
export function assertErrorAnswer(answer: RawAnswer, format: ApiFormat, statuses: readonly number[]): void {
  assert.ok(statuses.includes(answer.status), `status ${answer.status} is one of ${statuses.join(', ')}: ${answer.text}`);
  const requestId = answer.headers['x-request-id'];
  assert.ok(typeof requestId === 'string' && requestId !== '', 'the error carries x-request-id');
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  const error = body.error as Record<string, unknown> | undefined;
  assert.equal(typeof error?.message, 'string', `an error message: ${answer.text}`);
  if (format === 'anthropic') {
    assert.equal(body.type, 'error');
    assert.equal(typeof error?.type, 'string');
  } else {
    assert.equal(typeof error?.type, 'string');
    assert.ok('code' in (error ?? {}), 'an OpenAI error object has a code field');
  }
}

/** How many chat requests a fake received after `before`, a count taken earlier. */
export function chatCallsSince(fake: FakeUpstream, before: number): number {
  return fake.chatRequests().length - before;
}

/** The status an SDK call failed with; fails the test when it succeeded. */
export async function failureStatus(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof OpenAI.APIError || error instanceof Anthropic.APIError)) throw error;
    const status: unknown = error.status;
    return typeof status === 'number' ? status : undefined;
  }
  assert.fail('the call was expected to fail');
}

/** The id part of a gateway key `sk-sllm-<id>-<secret>`. */
export function keyIdOf(key: string): string {
  const match = /^sk-sllm-([a-z0-9]+)-/.exec(key);
  assert.ok(match?.[1] !== undefined, `a gateway key: ${key.slice(0, 12)}…`);
  return match[1];
}
