/**
 * Hostile upstreams: an OpenAI-compatible, an Anthropic and an Ollama upstream that break their
 * wire format (garbage lines, events without data, invalid JSON, a truncated event, a cut socket),
 * never stop (endless data, endless silence), send too much (a huge body, a compression bomb),
 * send the wrong content type, redirect, or put a secret in the answer. For each, in both client
 * formats: the client gets its own format (an error body before the first byte, an error event
 * after it, or the redacted answer), the request is audited, the upstream is called once (a
 * redirect is not followed), and the gateway stays healthy.
 */
import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { FakeBehaviour } from '../fakes/start-fake-upstream.js';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertAudited, assertHealthy, assertRefusal, bodyWith, post, type Answer, type Format } from './hostile-kit.js';
import { MODEL_OF, STREAM_CONTENT_TYPE, STREAM_KINDS, STREAM_PARTS, validStream, wholeAnswer, type StreamKind } from './hostile-upstream-wire.js';

const IDLE_TIMEOUT_MS = 300;
const MAX_STREAM_BYTES = 64 * 1024;
const MAX_RESPONSE_BYTES = 32 * 1024;
const PIECES = ['Hello', ' there', ', friend'];
const TEXT = PIECES.join('');
/** A key in OpenAI's format, assembled at run time so the source holds no credential-like string. */
const SECRET = ['sk', 'proj', 'Xq3vB8nLm2Kp9RtY7wZc4HdF6gJs1AeU0iOo5TyRe2WqA3'].join('-');
const JSON_HEADERS = { 'content-type': 'application/json' };

/** What the client must see. */
type Expected =
  /** A whole answer (or a stream that ends normally) with exactly this text. */
  | { outcome: 'answer'; text: string }
  /** An error body in the client's format with this status, before any byte of an answer. */
  | { outcome: 'refused'; status: number }
  /** A stream that started (200) and ends in the format's error event, never its normal end. */
  | { outcome: 'broken'; delivered: string };

interface UpstreamCase {
  name: string;
  stream: boolean;
  behaviour(kind: StreamKind): FakeBehaviour;
  expected(kind: StreamKind): Expected;
}

const rawStream = (kind: StreamKind, body: string[], extra: Partial<Extract<FakeBehaviour, { kind: 'raw' }>> = {}): FakeBehaviour => ({
  kind: 'raw',
  status: 200,
  headers: { 'content-type': STREAM_CONTENT_TYPE[kind] },
  body,
  ...extra,
});

/** The stream with `inserted` placed after its first text piece. */
function streamWith(kind: StreamKind, inserted: string): string[] {
  const parts = STREAM_PARTS[kind];
  const [first, ...rest] = parts.text(PIECES);
  return [...parts.head, first ?? '', inserted, ...rest, ...parts.tail];
}

const GARBAGE: Record<StreamKind, string> = {
  openai: 'this line is not an SSE field at all\n: a comment\nretry: soon\n\n',
  anthropic: 'this line is not an SSE field at all\n: a comment\nevent: ping\ndata: {"type": "ping"}\n\n',
  ollama: '\n',
};
const NO_DATA: Record<StreamKind, string> = {
  openai: 'id: 7\n\n',
  anthropic: 'event: content_block_delta\n\n',
  ollama: '   \n',
};
const INVALID_JSON: Record<StreamKind, string> = {
  openai: 'data: {"choices":[{"delta":{"content":"x"\n\n',
  anthropic: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,\n\n',
  ollama: '{"message":{"content":"x"\n',
};
const TRUNCATED: Record<StreamKind, string> = {
  openai: 'data: {"id":"chatcmpl-h","object":"chat.comp',
  anthropic: 'event: content_block_delta\ndata: {"type":"content_blo',
  ollama: '{"model":"llama3.2","message":{"role":"assis',
};

const BOMB_BYTES = 16 * 1024 * 1024;
const gzipBomb = gzipSync(Buffer.alloc(BOMB_BYTES, ' '));
const brotliBomb = brotliCompressSync(Buffer.alloc(BOMB_BYTES, ' '));

const cases: UpstreamCase[] = [
  {
    name: 'garbage lines and comments between events',
    stream: true,
    behaviour: (kind) => rawStream(kind, streamWith(kind, GARBAGE[kind])),
    expected: () => ({ outcome: 'answer', text: TEXT }),
  },
  {
    name: 'an event without data',
    stream: true,
    behaviour: (kind) => rawStream(kind, streamWith(kind, NO_DATA[kind])),
    expected: () => ({ outcome: 'answer', text: TEXT }),
  },
  {
    name: 'invalid JSON in an event',
    stream: true,
    behaviour: (kind) => rawStream(kind, streamWith(kind, INVALID_JSON[kind])),
    expected: () => ({ outcome: 'broken', delivered: 'Hello' }),
  },
  {
    name: 'a truncated last event, then the end of the body',
    stream: true,
    behaviour: (kind) => rawStream(kind, [...STREAM_PARTS[kind].head, ...STREAM_PARTS[kind].text(PIECES), TRUNCATED[kind]]),
    expected: () => ({ outcome: 'broken', delivered: TEXT }),
  },
  {
    name: 'a socket closed mid-stream',
    stream: true,
    behaviour: (kind) => rawStream(kind, [...STREAM_PARTS[kind].head, ...STREAM_PARTS[kind].text(PIECES)], { cut: true }),
    expected: () => ({ outcome: 'broken', delivered: TEXT }),
  },
  {
    name: 'an endless stream of text, past max_stream_bytes',
    stream: true,
    behaviour: (kind) => rawStream(kind, [...STREAM_PARTS[kind].head], { repeat: STREAM_PARTS[kind].text(['spam '])[0] ?? '' }),
    expected: () => ({ outcome: 'broken', delivered: 'spam spam ' }),
  },
  {
    name: 'a stream that goes silent, past idle_timeout_ms',
    stream: true,
    // Silent after `: he`, the second text event (Anthropic streams three events before the text).
    behaviour: (kind) => ({ kind: 'stall_after_events', events: { openai: 3, anthropic: 5, ollama: 2 }[kind], ms: 20_000 }),
    expected: () => ({ outcome: 'broken', delivered: 'Echo: he' }),
  },
  {
    name: 'a stream sent as text/html',
    stream: true,
    behaviour: () => ({ kind: 'raw', status: 200, headers: { 'content-type': 'text/html' }, body: ['<html><body>502 Bad Gateway</body></html>'] }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a gzip-encoded stream',
    stream: true,
    behaviour: (kind) => rawStream(kind, [gzipSync(validStream(kind, PIECES).join('')).toString('latin1')], { headers: { 'content-type': STREAM_CONTENT_TYPE[kind], 'content-encoding': 'gzip' } }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a secret in the streamed answer',
    stream: true,
    behaviour: () => ({ kind: 'reply', text: `Your key is ${SECRET}, keep it safe.` }),
    expected: () => ({ outcome: 'answer', text: 'Your key is [REDACTED_OPENAI_KEY], keep it safe.' }),
  },
  {
    name: 'a redirect of a stream',
    stream: true,
    behaviour: () => ({ kind: 'status', status: 307, body: {}, headers: { location: 'REDIRECT_TARGET' } }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a whole body over max_response_bytes',
    stream: false,
    behaviour: (kind) => ({ kind: 'raw', status: 200, headers: JSON_HEADERS, body: [wholeAnswer(kind, 'x'.repeat(MAX_RESPONSE_BYTES * 2))] }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a gzip bomb',
    stream: false,
    behaviour: () => ({ kind: 'raw', status: 200, headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: [gzipBomb] }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a brotli bomb',
    stream: false,
    behaviour: () => ({ kind: 'raw', status: 200, headers: { ...JSON_HEADERS, 'content-encoding': 'br' }, body: [brotliBomb] }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a whole answer sent as text/html',
    stream: false,
    behaviour: () => ({ kind: 'raw', status: 200, headers: { 'content-type': 'text/html' }, body: ['<html><body>OK</body></html>'] }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'invalid JSON as a whole answer',
    stream: false,
    behaviour: () => ({ kind: 'raw', status: 200, headers: JSON_HEADERS, body: ['{"id":"chatcmpl-h","choices":[{'] }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a socket closed mid-body',
    stream: false,
    behaviour: (kind) => ({ kind: 'raw', status: 200, headers: { ...JSON_HEADERS, 'content-length': '4096' }, body: [wholeAnswer(kind, TEXT).slice(0, 40)], cut: true }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
  {
    name: 'a secret in the whole answer',
    stream: false,
    behaviour: (kind) => ({ kind: 'raw', status: 200, headers: JSON_HEADERS, body: [wholeAnswer(kind, `Your key is ${SECRET}.`)] }),
    expected: () => ({ outcome: 'answer', text: 'Your key is [REDACTED_OPENAI_KEY].' }),
  },
  {
    name: 'a redirect of a whole answer',
    stream: false,
    behaviour: () => ({ kind: 'status', status: 302, body: {}, headers: { location: 'REDIRECT_TARGET' } }),
    expected: () => ({ outcome: 'refused', status: 502 }),
  },
];

/** The text of a whole answer in the client's format. */
function wholeText(answer: Answer, format: Format): string {
  const body = JSON.parse(answer.text) as { choices?: { message?: { content?: string } }[]; content?: { text?: string }[] };
  return format === 'openai' ? (body.choices?.[0]?.message?.content ?? '') : (body.content ?? []).map((block) => block.text ?? '').join('');
}

/** The text deltas of a stream in the client's format, and whether it ended normally or in an error event. */
function readStream(answer: Answer, format: Format): { text: string; end: 'normal' | 'error' | 'none' } {
  let text = '';
  let end: 'normal' | 'error' | 'none' = 'none';
  for (const block of answer.text.split('\n\n')) {
    const data = block.split('\n').find((line) => line.startsWith('data: '))?.slice('data: '.length);
    if (data === undefined) continue;
    if (data === '[DONE]') {
      end = 'normal';
      continue;
    }
    const event = JSON.parse(data) as { type?: string; error?: unknown; choices?: { delta?: { content?: string } }[]; delta?: { text?: string } };
    if (event.error !== undefined) end = 'error';
    if (format === 'anthropic' && event.type === 'message_stop') end = 'normal';
    text += format === 'openai' ? (event.choices?.[0]?.delta?.content ?? '') : event.type === 'content_block_delta' ? (event.delta?.text ?? '') : '';
  }
  return { text, end };
}

describe('hostile upstreams', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: STREAM_KINDS,
      // No retries and a breaker that never opens: each case is one upstream call and stays apart.
      routing: { max_retries: 0, idle_timeout_ms: IDLE_TIMEOUT_MS, max_stream_bytes: MAX_STREAM_BYTES, max_response_bytes: MAX_RESPONSE_BYTES, circuit_breaker_failures: 10_000 },
    });
  });
  after(() => harness.close());

  for (const upstreamCase of cases) {
    for (const kind of STREAM_KINDS) {
      for (const format of ['openai', 'anthropic'] as const) {
        const expected = upstreamCase.expected(kind);
        it(`${upstreamCase.name} from ${kind} (${upstreamCase.stream ? 'stream' : 'whole'}), to a ${format} client: ${expected.outcome}`, async () => {
          const fake = harness.fakes[kind];
          // A redirect points at another fake's chat endpoint: following it would show there.
          const target = harness.fakes[kind === 'openai' ? 'anthropic' : 'openai'];
          let behaviour = upstreamCase.behaviour(kind);
          if (behaviour.kind === 'status' && behaviour.headers?.location === 'REDIRECT_TARGET') {
            behaviour = { ...behaviour, headers: { location: `${target.baseUrl}${target.kind === 'openai' ? '/chat/completions' : '/v1/messages'}` } };
          }
          const calls = fake.chatRequests().length;
          const targetCalls = target.chatRequests().length;
          fake.enqueue(behaviour);
          const request = { model: MODEL_OF[kind], stream: upstreamCase.stream, messages: [{ role: 'user', content: 'hello world' }], ...(format === 'anthropic' ? { max_tokens: 256 } : {}) };
          const answer = await post(harness, format, bodyWith(format, request));
          if (expected.outcome === 'refused') {
            assertRefusal(answer, expected.status, format);
          } else if (!upstreamCase.stream) {
            assert.equal(expected.outcome, 'answer', 'a whole answer either comes or is refused');
            assert.equal(answer.status, 200, answer.text);
            assert.equal(wholeText(answer, format), expected.outcome === 'answer' ? expected.text : undefined);
          } else {
            assert.equal(answer.status, 200, answer.text);
            assert.match(String(answer.headers['content-type']), /^text\/event-stream/);
            const streamed = readStream(answer, format);
            if (expected.outcome === 'answer') {
              assert.equal(streamed.end, 'normal', answer.text);
              assert.equal(streamed.text, expected.text);
            } else {
              assert.equal(streamed.end, 'error', answer.text);
              assert.ok(streamed.text.startsWith(expected.delivered), `delivered ${JSON.stringify(streamed.text)}`);
            }
          }
          assert.ok(!answer.text.includes(SECRET), 'the secret never reaches the client');
          assertAudited(harness, answer.headers['x-request-id'], answer.status);
          assert.equal(fake.chatRequests().length, calls + 1, 'one upstream call, no retry');
          assert.equal(target.chatRequests().length, targetCalls, 'a redirect is not followed');
          await assertHealthy(harness);
        });
      }
    }
  }
});
