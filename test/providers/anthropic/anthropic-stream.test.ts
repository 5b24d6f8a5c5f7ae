import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../../src/core/errors.js';
import { foldChunks } from '../../../src/core/fold-chunks.js';
import type { ChatChunk } from '../../../src/core/types.js';
import { translateAnthropicStream } from '../../../src/providers/anthropic/anthropic-stream.js';
import { anthropicResponseChunks } from '../../../src/providers/anthropic/anthropic-response.js';
import { anthropicErrorKind } from '../../../src/providers/anthropic/anthropic-error.js';
import { readFixture } from '../../helpers/fixtures.js';
import { chunksAt, replays } from '../../helpers/split-bytes.js';
import { collect, collectUntilError } from './loopback-upstream.js';

const options = { provider: 'anthropic', model: 'asked-model' };
const MODEL = 'claude-sonnet-4-5-20250929';

describe('translateAnthropicStream', () => {
  const cases: Array<{ fixture: string; expected: ChatChunk[] }> = [
    {
      fixture: 'text-stream-crlf.sse',
      expected: [
        { type: 'start', id: 'msg_01TextStream0000000001', model: MODEL },
        { type: 'text', text: 'héllo' },
        { type: 'text', text: ' — 日本語' },
        { type: 'text', text: ' 🎉' },
        { type: 'usage', usage: { promptTokens: 25, completionTokens: 12 } },
        { type: 'finish', reason: 'stop' },
      ],
    },
    {
      fixture: 'tool-use-stream.sse',
      expected: [
        { type: 'start', id: 'msg_01ToolUseStream000001', model: MODEL },
        { type: 'text', text: 'Je regarde la météo.' },
        { type: 'tool_call_start', index: 0, id: 'toolu_01WeatherCall00001', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, arguments: '{"location": "Zür' },
        { type: 'tool_call_delta', index: 0, arguments: 'ich", "unit": "cel' },
        { type: 'tool_call_delta', index: 0, arguments: 'sius"}' },
        { type: 'tool_call_start', index: 1, id: 'toolu_01ClockCall0000002', name: 'get_time' },
        // A tool without parameters streams no JSON; the client still gets an object.
        { type: 'tool_call_delta', index: 1, arguments: '{}' },
        { type: 'usage', usage: { promptTokens: 472 + 100 + 2048, completionTokens: 89, cachedTokens: 2048 } },
        { type: 'finish', reason: 'tool_calls' },
      ],
    },
    {
      fixture: 'thinking-stream.sse',
      expected: [
        { type: 'start', id: 'msg_01ThinkingStream00001', model: MODEL },
        { type: 'reasoning', text: 'Let me add 27 and 453. ' },
        { type: 'reasoning', text: '27 + 453 = 480.' },
        { type: 'text', text: '27 + 453 = **480**' },
        { type: 'usage', usage: { promptTokens: 30, completionTokens: 40 } },
        { type: 'finish', reason: 'stop' },
      ],
    },
  ];

  for (const { fixture, expected } of cases) {
    const bytes = readFixture('anthropic', fixture);
    for (const replay of replays(bytes)) {
      it(`${fixture} gives the same chunks when replayed ${replay.name}`, async () => {
        assert.deepEqual(await collect(translateAnthropicStream(replay.chunks(), options)), expected);
      });
    }
  }

  it('folds streamed tool input into parseable arguments', async () => {
    const response = await foldChunks(translateAnthropicStream(chunksAt(readFixture('anthropic', 'tool-use-stream.sse'), []), options));
    assert.deepEqual(
      response.toolCalls.map((call) => [call.name, JSON.parse(call.arguments) as unknown]),
      [
        ['get_weather', { location: 'Zürich', unit: 'celsius' }],
        ['get_time', {}],
      ],
    );
    assert.equal(response.finishReason, 'tool_calls');
  });

  for (const replay of replays(readFixture('anthropic', 'error-stream.sse'))) {
    it(`an error event mid-stream throws a typed error (${replay.name})`, async () => {
      const { chunks, error } = await collectUntilError(translateAnthropicStream(replay.chunks(), options));
      assert.deepEqual(chunks, [
        { type: 'start', id: 'msg_01ErrorStream00000001', model: MODEL },
        { type: 'text', text: 'Partial ans' },
      ]);
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, 'overloaded');
      assert.equal(error.message, 'Overloaded');
    });
  }

  it('a stream cut before message_stop fails as unavailable', async () => {
    const bytes = readFixture('anthropic', 'text-stream-crlf.sse');
    const cut = bytes.subarray(0, bytes.indexOf('event: message_delta'));
    const { chunks, error } = await collectUntilError(translateAnthropicStream(chunksAt(cut, []), options));
    assert.equal(chunks.length, 4);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'unavailable');
    assert.match(error.message, /ended early/);
  });

  it('an error event before message_start fails before any chunk', async () => {
    const bytes = Buffer.from('event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}\n\n');
    const { chunks, error } = await collectUntilError(translateAnthropicStream(chunksAt(bytes, []), options));
    assert.deepEqual(chunks, []);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'rate_limited');
  });

  it('maps stream error types to kinds', () => {
    assert.equal(anthropicErrorKind('overloaded_error'), 'overloaded');
    assert.equal(anthropicErrorKind('rate_limit_error'), 'rate_limited');
    assert.equal(anthropicErrorKind('api_error'), 'unavailable');
    assert.equal(anthropicErrorKind('invalid_request_error'), 'bad_request');
    assert.equal(anthropicErrorKind('authentication_error'), 'auth');
    assert.equal(anthropicErrorKind('something_new'), 'unavailable');
  });
});

describe('anthropicResponseChunks', () => {
  it('turns a whole answer into the chunks a stream would give', () => {
    const body: unknown = JSON.parse(readFixture('anthropic', 'message.json').toString('utf8'));
    assert.deepEqual(anthropicResponseChunks(body, options), [
      { type: 'start', id: 'msg_01WholeAnswer00000001', model: MODEL },
      { type: 'reasoning', text: 'The user wants weather.' },
      { type: 'text', text: 'Voilà 🎉' },
      { type: 'tool_call_start', index: 0, id: 'toolu_01WholeCall000000001', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"location":"Paris"}' },
      { type: 'usage', usage: { promptTokens: 1050, completionTokens: 30, cachedTokens: 1000 } },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('refuses an answer that is not an object', () => {
    assert.throws(() => anthropicResponseChunks([1, 2], options), (error: unknown) => error instanceof ProviderError && error.kind === 'unavailable');
  });
});
