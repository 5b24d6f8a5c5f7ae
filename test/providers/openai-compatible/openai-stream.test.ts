import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError } from '../../../src/core/errors.js';
import type { ChatChunk } from '../../../src/core/types.js';
import { openAIStream } from '../../../src/providers/openai-compatible/openai-stream.js';
import { decodeSse } from '../../../src/providers/wire/sse-decoder.js';
import { readFixture } from '../../helpers/fixtures.js';
import { chunksAt, replays } from '../../helpers/split-bytes.js';
import { collectChunks } from './collect-chunks.js';

const options = { provider: 'openai', model: 'gpt-4o-mini' };

function streamOf(bytes: Buffer): AsyncGenerator<ChatChunk> {
  return openAIStream(decodeSse(chunksAt(bytes, [])), options);
}

const cases: Array<{ fixture: [string, string]; expected: ChatChunk[] }> = [
  {
    fixture: ['openai', 'text-stream.sse'],
    expected: [
      { type: 'start', id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG', model: 'gpt-4o-mini-2024-07-18' },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: '!' },
      { type: 'text', text: ' How can I' },
      { type: 'text', text: ' help you today?' },
      { type: 'usage', usage: { promptTokens: 1250, completionTokens: 9, cachedTokens: 1024 } },
      { type: 'finish', reason: 'stop' },
    ],
  },
  {
    fixture: ['openai', 'text-stream-crlf.sse'],
    expected: [
      { type: 'start', id: 'chatcmpl-C1xRhLw3qZ7vT0aYfE2nKpD8sUgMo', model: 'gpt-4o-mini-2024-07-18' },
      { type: 'text', text: 'hé' },
      { type: 'text', text: 'llo — ' },
      { type: 'text', text: '日本語' },
      { type: 'text', text: ' 🎉' },
      { type: 'usage', usage: { promptTokens: 12, completionTokens: 8, cachedTokens: 0 } },
      { type: 'finish', reason: 'length' },
    ],
  },
  {
    fixture: ['openai', 'tool-call-stream.sse'],
    expected: [
      { type: 'start', id: 'chatcmpl-BA2t6WmUq3fJ9kXcLhV4oPzR1yNeS', model: 'gpt-4o-2024-08-06' },
      { type: 'tool_call_start', index: 0, id: 'call_8ZkQ1rTn4bWv2YxLmP0sJd3e', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"lo' },
      { type: 'tool_call_delta', index: 0, arguments: 'cation' },
      { type: 'tool_call_delta', index: 0, arguments: '": "Par' },
      { type: 'tool_call_delta', index: 0, arguments: 'is, France"}' },
      { type: 'tool_call_start', index: 1, id: 'call_Q4hVn7cX1mRb9TzKe2WyA6uG', name: 'get_time' },
      { type: 'tool_call_delta', index: 1, arguments: '{"tim' },
      { type: 'tool_call_delta', index: 1, arguments: 'ezone": "Asia/' },
      { type: 'tool_call_delta', index: 1, arguments: 'Tokyo"}' },
      { type: 'usage', usage: { promptTokens: 84, completionTokens: 51, cachedTokens: 0 } },
      { type: 'finish', reason: 'tool_calls' },
    ],
  },
  {
    fixture: ['deepseek', 'reasoner-stream.sse'],
    expected: [
      { type: 'start', id: 'b2f6a9e4-3c1d-4e7a-9f58-0d2c7b1e6a34', model: 'deepseek-reasoner' },
      { type: 'reasoning', text: 'The user' },
      { type: 'reasoning', text: ' greets in French' },
      { type: 'reasoning', text: '; reply in kind.' },
      { type: 'text', text: 'Bonjour' },
      { type: 'text', text: ' ! Ça va ?' },
      { type: 'usage', usage: { promptTokens: 10, completionTokens: 42, cachedTokens: 64 } },
      { type: 'finish', reason: 'stop' },
    ],
  },
];

describe('openAIStream over recorded streams', () => {
  for (const { fixture, expected } of cases) {
    const bytes = readFixture(...fixture);
    for (const replay of replays(bytes)) {
      it(`${fixture.join('/')} replayed ${replay.name} gives the recorded chunks`, async () => {
        assert.deepEqual(await collectChunks(openAIStream(decodeSse(replay.chunks()), options)), expected);
      });
    }
  }

  const errorStream = readFixture('openai', 'error-stream.sse');
  for (const replay of replays(errorStream)) {
    it(`an in-band error replayed ${replay.name} ends the stream with a ProviderError after the text before it`, async () => {
      const seen: ChatChunk[] = [];
      await assert.rejects(
        async () => {
          for await (const chunk of openAIStream(decodeSse(replay.chunks()), options)) seen.push(chunk);
        },
        (error: unknown) => {
          assert.ok(error instanceof ProviderError);
          assert.equal(error.kind, 'unavailable');
          assert.match(error.message, /server had an error/);
          return true;
        },
      );
      assert.deepEqual(seen, [
        { type: 'start', id: 'chatcmpl-BB7kP2sLq9dW4eRtY1uI0oZxCvMnH', model: 'gpt-4o-mini-2024-07-18' },
        { type: 'text', text: 'The answer' },
      ]);
    });
  }
});

describe('openAIStream edge cases', () => {
  it('an error as the first event comes before start, typed by its type', async () => {
    const bytes = Buffer.from('data: {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}\n\n');
    const seen: ChatChunk[] = [];
    await assert.rejects(
      async () => {
        for await (const chunk of streamOf(bytes)) seen.push(chunk);
      },
      (error: unknown) => error instanceof ProviderError && error.kind === 'rate_limited',
    );
    assert.deepEqual(seen, []);
  });

  it('a stream that ends with neither [DONE] nor a finish reason is an error', async () => {
    const bytes = Buffer.from('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n');
    await assert.rejects(collectChunks(streamOf(bytes)), (error: unknown) => {
      return error instanceof ProviderError && error.kind === 'unavailable' && error.message === 'upstream stream ended early';
    });
  });

  it('an empty body is an error, not an empty answer', async () => {
    await assert.rejects(collectChunks(streamOf(Buffer.alloc(0))), ProviderError);
  });

  it('a finish reason without [DONE] is a complete answer', async () => {
    const bytes = Buffer.from('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\n');
    assert.deepEqual(await collectChunks(streamOf(bytes)), [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('[DONE] without a finish reason finishes with stop, and nothing after [DONE] is read', async () => {
    const bytes = Buffer.from('data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\ndata: {"id":"x","choices":[{"index":0,"delta":{"content":"late"}}]}\n\n');
    assert.deepEqual(await collectChunks(streamOf(bytes)), [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('an event without id or model still starts with a generated id and the requested model', async () => {
    const bytes = Buffer.from('data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":"function_call"}]}\n\ndata: [DONE]\n\n');
    const chunks = await collectChunks(streamOf(bytes));
    const start = chunks[0];
    assert.ok(start?.type === 'start');
    assert.match(start.id, /^chatcmpl-[0-9a-f]{32}$/);
    assert.equal(start.model, 'gpt-4o-mini');
    assert.deepEqual(chunks.slice(1), [
      { type: 'text', text: 'Hi' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('choices other than index 0 are ignored', async () => {
    const bytes = Buffer.from('data: {"id":"x","model":"m","choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}\n\ndata: [DONE]\n\n');
    const chunks = await collectChunks(streamOf(bytes));
    assert.deepEqual(chunks.filter((chunk) => chunk.type === 'text'), [{ type: 'text', text: 'mine' }]);
  });

  it('an event that is not JSON is an error', async () => {
    await assert.rejects(collectChunks(streamOf(Buffer.from('data: {"id":\n\n'))), (error: unknown) => {
      return error instanceof ProviderError && /not JSON/.test(error.message);
    });
  });
});
