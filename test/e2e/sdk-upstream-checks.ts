/**
 * Assertions on what a fake upstream received: the provider's own key in that provider's header,
 * never the client's gateway key, no client header passed through, and uncompressed answers asked for.
 */
import assert from 'node:assert/strict';
import { upstreamKey } from './gateway-harness.js';
import { SECRET_HEADER, SECRET_VALUE } from './sdk-clients.js';
import type { FakeKind, FakeUpstream, RecordedRequest } from '../fakes/start-fake-upstream.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array of JSON objects (messages, content blocks), or the test fails. */
export function recordsIn(value: unknown, what = 'value'): Record<string, unknown>[] {
  assert.ok(Array.isArray(value), `${what} is an array`);
  const items: unknown[] = value;
  const records = items.filter(isRecord);
  assert.equal(records.length, items.length, `every item of ${what} is an object`);
  return records;
}

/** The text of a content value as providers carry it: a string, or blocks with `text`. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content.map((block) => (isRecord(block) && typeof block.text === 'string' ? block.text : '')).join('');
}

/** How many chat requests the fake has received so far, to find the ones a test caused. */
export function chatCount(fake: FakeUpstream): number {
  return fake.chatRequests().length;
}

/** The one chat request made since `before`: a test that caused none or several fails here. */
export function onlyChatRequestSince(fake: FakeUpstream, before: number): RecordedRequest {
  const made = fake.chatRequests().slice(before);
  assert.equal(made.length, 1, `expected exactly one ${fake.kind} upstream chat request, got ${made.length}`);
  return made[0] as RecordedRequest;
}

/** The latest chat request the fake received. */
export function lastChatRequest(fake: FakeUpstream): RecordedRequest {
  const last = fake.chatRequests().at(-1);
  assert.ok(last !== undefined, `the ${fake.kind} upstream received no chat request`);
  return last;
}

/** The JSON body the upstream received, which must be an object. */
export function upstreamBody(recorded: RecordedRequest): Record<string, unknown> {
  assert.ok(isRecord(recorded.body), 'the upstream request had a JSON object body');
  return recorded.body;
}

/** Every header value, flattened, so a test can look for a leaked secret anywhere in them. */
function headerValues(recorded: RecordedRequest): string[] {
  return Object.values(recorded.headers).flatMap((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
}

/**
 * The provider's configured key in the header that provider documents (`x-api-key` for Anthropic,
 * `Authorization: Bearer` for the others), no header value holding the client's key,
 * `accept-encoding: identity`, and the client's custom header left behind.
 */
export function assertUpstreamHeaders(kind: FakeKind, recorded: RecordedRequest, gatewayKey: string): void {
  const { headers } = recorded;
  if (kind === 'anthropic') {
    assert.equal(headers['x-api-key'], upstreamKey(kind));
    assert.equal(typeof headers['anthropic-version'], 'string');
  } else {
    assert.equal(headers.authorization, `Bearer ${upstreamKey(kind)}`);
  }
  for (const value of headerValues(recorded)) {
    assert.ok(!value.includes(gatewayKey), `the gateway key leaked upstream in a header: ${value}`);
    assert.ok(!value.includes(SECRET_VALUE), `a client header value leaked upstream: ${value}`);
  }
  assert.equal(headers[SECRET_HEADER], undefined, `${SECRET_HEADER} must not be forwarded`);
  assert.equal(headers['accept-encoding'], 'identity');
}

/** The same checks over every request every fake received (chat, models, health). */
export function assertNoRequestLeaked(fakes: Partial<Record<FakeKind, FakeUpstream>>, gatewayKeys: readonly string[]): void {
  for (const fake of Object.values(fakes)) {
    for (const recorded of fake.requests) {
      for (const value of headerValues(recorded)) {
        for (const key of gatewayKeys) assert.ok(!value.includes(key), `${fake.kind} ${recorded.path} got a gateway key`);
        assert.ok(!value.includes(SECRET_VALUE), `${fake.kind} ${recorded.path} got a client header`);
      }
      assert.equal(recorded.headers[SECRET_HEADER], undefined);
    }
  }
}
