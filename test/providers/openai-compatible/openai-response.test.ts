import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { foldChunks } from '../../../src/core/fold-chunks.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { ChatChunk } from '../../../src/core/types.js';
import { openAIResponseChunks } from '../../../src/providers/openai-compatible/openai-response.js';
import { Transport } from '../../../src/providers/transport.js';
import { readFixture } from '../../helpers/fixtures.js';
import { replays } from '../../helpers/split-bytes.js';

const options = { provider: 'openai', model: 'gpt-4o-mini' };
// Never connects: only its capped body reader is used, which is what the provider reads JSON with.
const transport = new Transport({
  provider: 'openai',
  baseUrl: 'http://127.0.0.1:9/v1',
  headersTimeoutMs: 1000,
  idleTimeoutMs: 1000,
  maxResponseBytes: 1_000_000,
});
after(() => transport.close());

const cases: Array<{ fixture: [string, string]; expected: ChatChunk[] }> = [
  {
    fixture: ['openai', 'chat-response.json'],
    expected: [
      { type: 'start', id: 'chatcmpl-BC1aZ8yTq3nR5mW0xKvJ2pLdF7gHs', model: 'gpt-4o-mini-2024-07-18' },
      { type: 'text', text: 'héllo — 日本語 🎉' },
      { type: 'usage', usage: { promptTokens: 1300, completionTokens: 11, cachedTokens: 1152 } },
      { type: 'finish', reason: 'stop' },
    ],
  },
  {
    fixture: ['openai', 'tool-call-response.json'],
    expected: [
      { type: 'start', id: 'chatcmpl-BC2bY7xSp2mQ4nV9wJuI1oKcE6fGr', model: 'gpt-4o-2024-08-06' },
      { type: 'tool_call_start', index: 0, id: 'call_8ZkQ1rTn4bWv2YxLmP0sJd3e', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"location": "Paris, France"}' },
      { type: 'tool_call_start', index: 1, id: 'call_Q4hVn7cX1mRb9TzKe2WyA6uG', name: 'get_time' },
      { type: 'tool_call_delta', index: 1, arguments: '{"timezone": "Asia/Tokyo"}' },
      { type: 'usage', usage: { promptTokens: 84, completionTokens: 51, cachedTokens: 0 } },
      { type: 'finish', reason: 'tool_calls' },
    ],
  },
  {
    fixture: ['deepseek', 'reasoner-response.json'],
    expected: [
      { type: 'start', id: 'c5e8d1a2-7b4f-4a39-8e16-2f9b0c3d5e71', model: 'deepseek-reasoner' },
      { type: 'reasoning', text: 'The user greets in French; reply in kind.' },
      { type: 'text', text: 'Bonjour ! Ça va ?' },
      { type: 'usage', usage: { promptTokens: 10, completionTokens: 42, cachedTokens: 0 } },
      { type: 'finish', reason: 'stop' },
    ],
  },
];

describe('openAIResponseChunks over recorded responses', () => {
  for (const { fixture, expected } of cases) {
    for (const replay of replays(readFixture(...fixture))) {
      it(`${fixture.join('/')} read ${replay.name} gives the same chunks as a stream would`, async () => {
        const body = await transport.readJson(replay.chunks());
        assert.deepEqual(openAIResponseChunks(body, options), expected);
      });
    }
  }

  it('folds into a whole answer with both tool calls', async () => {
    const body = await transport.readJson(replays(readFixture('openai', 'tool-call-response.json'))[0]!.chunks());
    const response = await foldChunks((async function* () { yield* openAIResponseChunks(body, options); })());
    assert.deepEqual(
      response.toolCalls.map((call) => [call.name, JSON.parse(call.arguments) as unknown]),
      [
        ['get_weather', { location: 'Paris, France' }],
        ['get_time', { timezone: 'Asia/Tokyo' }],
      ],
    );
    assert.equal(response.finishReason, 'tool_calls');
  });
});

describe('openAIResponseChunks on malformed answers', () => {
  it('an error object in a 200 answer is a typed error', () => {
    assert.throws(
      () => openAIResponseChunks({ error: { message: 'Overloaded', type: 'overloaded_error' } }, options),
      (error: unknown) => error instanceof ProviderError && error.kind === 'overloaded' && error.message === 'Overloaded',
    );
  });

  it('an answer without choices is an error', () => {
    assert.throws(() => openAIResponseChunks({ id: 'x', choices: [] }, options), ProviderError);
  });

  it('a DeepSeek answer cut short for lack of resources finishes as length', () => {
    const chunks = openAIResponseChunks(
      { id: 'x', model: 'deepseek-chat', choices: [{ index: 0, message: { content: 'Par' }, finish_reason: 'insufficient_system_resource' }] },
      options,
    );
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'length' });
  });
});
