import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../../src/core/errors.js';
import type { ChatChunk } from '../../../src/core/types.js';
import { randomOllamaId } from '../../../src/providers/ollama/ollama-chunk-translator.js';
import { ollamaResponseChunks } from '../../../src/providers/ollama/ollama-response.js';
import { translateOllamaStream } from '../../../src/providers/ollama/ollama-stream.js';
import { readFixture } from '../../helpers/fixtures.js';
import { chunksAt, replays } from '../../helpers/split-bytes.js';
import { collect, collectUntilError } from '../anthropic/loopback-upstream.js';

/** Ollama gives no ids; a counter makes the generated ones predictable. */
function translation() {
  let next = 0;
  return { provider: 'ollama', model: 'asked-model', newId: (prefix: 'chat' | 'call') => `${prefix}_${++next}` };
}

describe('translateOllamaStream', () => {
  const cases: Array<{ fixture: string; expected: ChatChunk[] }> = [
    {
      fixture: 'text-stream.ndjson',
      expected: [
        { type: 'start', id: 'chat_1', model: 'llama3.2' },
        { type: 'reasoning', text: 'User greets. ' },
        { type: 'text', text: 'héllo' },
        { type: 'text', text: ' — ' },
        { type: 'text', text: '日本語' },
        { type: 'text', text: ' 🎉' },
        { type: 'usage', usage: { promptTokens: 26, completionTokens: 17 } },
        { type: 'finish', reason: 'stop' },
      ],
    },
    {
      fixture: 'tool-call-stream.ndjson',
      expected: [
        { type: 'start', id: 'chat_1', model: 'llama3.2' },
        { type: 'tool_call_start', index: 0, id: 'call_2', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, arguments: '{"city":"Zürich","unit":"celsius"}' },
        { type: 'tool_call_start', index: 1, id: 'call_3', name: 'get_time' },
        { type: 'tool_call_delta', index: 1, arguments: '{}' },
        { type: 'usage', usage: { promptTokens: 120, completionTokens: 31 } },
        { type: 'finish', reason: 'tool_calls' },
      ],
    },
    {
      fixture: 'length-stream.ndjson',
      expected: [
        { type: 'start', id: 'chat_1', model: 'llama3.2' },
        { type: 'text', text: 'Once upon' },
        { type: 'text', text: ' a time' },
        { type: 'usage', usage: { promptTokens: 8, completionTokens: 2 } },
        { type: 'finish', reason: 'length' },
      ],
    },
  ];

  for (const { fixture, expected } of cases) {
    for (const replay of replays(readFixture('ollama', fixture))) {
      it(`${fixture} gives the same chunks when replayed ${replay.name}`, async () => {
        assert.deepEqual(await collect(translateOllamaStream(replay.chunks(), translation())), expected);
      });
    }
  }

  for (const replay of replays(readFixture('ollama', 'error-line.ndjson'))) {
    it(`an error line throws a typed error (${replay.name})`, async () => {
      const { chunks, error } = await collectUntilError(translateOllamaStream(replay.chunks(), translation()));
      assert.deepEqual(chunks, [
        { type: 'start', id: 'chat_1', model: 'llama3.2' },
        { type: 'text', text: 'Hello' },
      ]);
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, 'unavailable');
      assert.match(error.message, /unexpected EOF/);
    });
  }

  it('a stream without its done object fails as unavailable', async () => {
    const bytes = readFixture('ollama', 'text-stream.ndjson');
    const cut = bytes.subarray(0, bytes.indexOf('"done":true'));
    const { error } = await collectUntilError(translateOllamaStream(chunksAt(cut.subarray(0, cut.lastIndexOf('\n') + 1), []), translation()));
    assert.ok(error instanceof ProviderError);
    assert.match(error.message, /ended early/);
  });

  it('makes call ids in the call_<random> shape by default', () => {
    assert.match(randomOllamaId('call'), /^call_[0-9a-f]{24}$/);
    assert.notEqual(randomOllamaId('call'), randomOllamaId('call'));
  });
});

describe('ollamaResponseChunks', () => {
  it('turns a whole answer into the chunks a stream would give', () => {
    const body: unknown = JSON.parse(readFixture('ollama', 'chat-response.json').toString('utf8'));
    assert.deepEqual(ollamaResponseChunks(body, translation()), [
      { type: 'start', id: 'chat_1', model: 'llama3.2' },
      { type: 'reasoning', text: 'Short greeting.' },
      { type: 'text', text: 'Bonjour à tous 🎉' },
      { type: 'usage', usage: { promptTokens: 26, completionTokens: 298 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('refuses an answer not marked done', () => {
    assert.throws(
      () => ollamaResponseChunks({ model: 'm', message: { content: 'x' }, done: false }, translation()),
      (error: unknown) => error instanceof ProviderError && error.kind === 'unavailable',
    );
  });
});
