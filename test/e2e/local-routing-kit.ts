/**
 * Shared by the local-routing and privacy-routing tests: one chat call as raw HTTP (status,
 * headers, parsed body), the audit record of a request, and counts of upstream chat calls.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import type { FakeKind } from '../fakes/start-fake-upstream.js';
import type { GatewayHarness } from './gateway-harness.js';

/** The ml-offload-api models of the worked example in the README. */
export const LOCAL_MODELS = [
  { name: 'llama-3.2-3b-instruct', vram_mb: 3000, context_tokens: 8192 },
  { name: 'qwen2.5-7b-instruct', vram_mb: 6000, context_tokens: 32768 },
];

export interface ChatAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON answer; empty for a stream (see `text`). */
  body: Record<string, unknown>;
  text: string;
  requestId: string;
}

export async function chat(harness: GatewayHarness, body: Record<string, unknown>, key: string = harness.key): Promise<ChatAnswer> {
  const response = await request(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hello there' }], ...body }),
  });
  const text = await response.body.text();
  const requestId = response.headers['x-request-id'];
  assert.equal(typeof requestId, 'string', 'every answer carries x-request-id');
  const streamed = String(response.headers['content-type']).startsWith('text/event-stream');
  const parsed = streamed ? {} : (JSON.parse(text) as Record<string, unknown>);
  return { status: response.statusCode, headers: response.headers, body: parsed, text, requestId: requestId as string };
}

/** The OpenAI-format error code of an error answer. */
export function errorCode(answer: ChatAnswer): unknown {
  return (answer.body.error as { code?: unknown } | undefined)?.code;
}

export function errorMessage(answer: ChatAnswer): string {
  const message = (answer.body.error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : '';
}

export interface AuditLine {
  request_id?: string;
  provider?: string | null;
  model?: string | null;
  status?: number;
  reason_code?: string | null;
  routing_reason?: string;
  retries?: number;
  fallbacks?: { target: string; code: string | null }[];
}

export function auditRecord(harness: GatewayHarness, requestId: string): AuditLine {
  const directory = path.dirname(harness.gateway.config.security.audit.log_path);
  const lines = readdirSync(directory)
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => readFileSync(path.join(directory, name), 'utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditLine);
  const record = lines.find((line) => line.request_id === requestId);
  assert.ok(record, `an audit record for ${requestId}`);
  return record;
}

/** Chat calls each fake has received so far, by kind. */
export function chatCounts(harness: GatewayHarness): Partial<Record<FakeKind, number>> {
  const counts: Partial<Record<FakeKind, number>> = {};
  for (const [kind, fake] of Object.entries(harness.fakes)) counts[kind as FakeKind] = fake.chatRequests().length;
  return counts;
}

/** Chat calls received since `before`, by kind (kinds that received none are left out). */
export function callsSince(harness: GatewayHarness, before: Partial<Record<FakeKind, number>>): Partial<Record<FakeKind, number>> {
  const delta: Partial<Record<FakeKind, number>> = {};
  for (const [kind, count] of Object.entries(chatCounts(harness))) {
    const added = count - (before[kind as FakeKind] ?? 0);
    if (added > 0) delta[kind as FakeKind] = added;
  }
  return delta;
}
