/**
 * Readers for the gateway's streams in both client formats: what the SDKs make of them, and what
 * the raw Server-Sent Events bytes say about how the stream ended.
 */
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayHarness } from './gateway-harness.js';
import { anthropicClient, openAiClient, PROMPT } from './faults-clients.js';

export interface StreamOutcome {
  /** The text deltas received before the stream ended or failed. */
  text: string;
  /** What the SDK's iteration threw; undefined when the stream ended cleanly. */
  error: unknown;
}

export async function streamWithOpenAiSdk(harness: GatewayHarness, model: string): Promise<StreamOutcome> {
  let text = '';
  try {
    const stream = await openAiClient(harness).chat.completions.create({ model, messages: [{ role: 'user', content: PROMPT }], stream: true });
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  } catch (error) {
    return { text, error };
  }
  return { text, error: undefined };
}

export async function streamWithAnthropicSdk(harness: GatewayHarness, model: string): Promise<StreamOutcome> {
  let text = '';
  try {
    const stream = await anthropicClient(harness).messages.create({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: PROMPT }],
      stream: true,
    });
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
  } catch (error) {
    return { text, error };
  }
  return { text, error: undefined };
}

/** The SDK threw its API error (the gateway's error event), after at least some text arrived. */
export function assertSdkStreamFailed(outcome: StreamOutcome, format: 'openai' | 'anthropic'): void {
  const expected = format === 'openai' ? OpenAI.APIError : Anthropic.APIError;
  assert.ok(outcome.error instanceof expected, `the ${format} SDK throws an APIError, got ${String(outcome.error)}`);
  assert.ok(outcome.text.startsWith('Echo'), `the first delta arrived before the failure: ${JSON.stringify(outcome.text)}`);
  assert.notEqual(outcome.text, `Echo: ${PROMPT}`, 'the answer is incomplete');
}

/** OpenAI format: content went out, then a `data: {"error":…}` event, and no `data: [DONE]`. */
export function assertOpenAiSseFailed(text: string): void {
  const dataLines = text.split('\n').filter((line) => line.startsWith('data: '));
  assert.ok(!text.includes('data: [DONE]'), `no [DONE] after a failure:\n${text}`);
  assert.ok(text.includes('"content":"Echo"'), `the first delta went out:\n${text}`);
  const last = dataLines.at(-1);
  assert.ok(last !== undefined, 'the stream has events');
  const event = JSON.parse(last.slice('data: '.length)) as { error?: { message?: unknown } };
  assert.equal(typeof event.error?.message, 'string', `the last event is an error:\n${text}`);
  assert.ok(text.endsWith('\n\n'), 'the error event is a whole SSE block');
}

/** Anthropic format: content went out, then `event: error`, and no `message_stop`. */
export function assertAnthropicSseFailed(text: string): void {
  assert.ok(text.includes('"text":"Echo"'), `the first delta went out:\n${text}`);
  assert.ok(!text.includes('event: message_stop'), `no message_stop after a failure:\n${text}`);
  const blocks = text.trimEnd().split('\n\n');
  const last = blocks.at(-1) ?? '';
  assert.ok(last.startsWith('event: error\n'), `the last event is an error:\n${text}`);
  const data = JSON.parse(last.split('\n')[1]?.slice('data: '.length) ?? '') as { type?: unknown; error?: { type?: unknown } };
  assert.equal(data.type, 'error');
  assert.equal(typeof data.error?.type, 'string');
  assert.ok(text.endsWith('\n\n'), 'the error event is a whole SSE block');
}
