import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/core/errors.js';
import { anthropicCodec } from '../../../src/server/client-codec.js';
import { frameJson, parseFrames, unifiedRequest, writeAll } from './codec-test-kit.js';

const request = unifiedRequest({ stream: true, metadata: { requestId: 'req_test', clientFormat: 'anthropic' } });

function writer(): ReturnType<typeof anthropicCodec.createStreamWriter> {
  return anthropicCodec.createStreamWriter(request, 'anthropic/claude-sonnet-4-5');
}

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model: 'anthropic/claude-sonnet-4-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0 },
  },
};

describe('Anthropic stream writer', () => {
  it('writes the documented event sequence for a text answer', () => {
    const frames = parseFrames(
      writeAll(writer(), [
        { type: 'start', id: 'msg_01', model: 'claude' },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
        { type: 'finish', reason: 'length' },
        { type: 'usage', usage: { promptTokens: 12, completionTokens: 2 } },
      ]),
    );
    assert.deepEqual(
      frames.map((frame) => frame.event),
      ['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
    );
    assert.deepEqual(frames.map(frameJson), [
      messageStart,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { input_tokens: 12, output_tokens: 2 } },
      { type: 'message_stop' },
    ]);
  });

  it('gives each text run and each tool call its own block index', () => {
    const frames = parseFrames(
      writeAll(writer(), [
        { type: 'start', id: 'msg_01', model: 'claude' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call_start', index: 0, id: 'toolu_1', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
        { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
        { type: 'tool_call_start', index: 1, id: 'toolu_2', name: 'now' },
        { type: 'tool_call_delta', index: 1, arguments: '' },
        { type: 'text', text: 'Done.' },
        { type: 'finish', reason: 'tool_calls' },
      ]),
    );
    assert.deepEqual(frames.slice(1, -2).map(frameJson), [
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'Done.' } },
      { type: 'content_block_stop', index: 3 },
    ]);
    const messageDelta = frameJson(frames.at(-2) ?? assert.fail('no frame'));
    assert.deepEqual(messageDelta['delta'], { stop_reason: 'tool_use', stop_sequence: null });
  });

  it('leaves reasoning and empty text out, and still opens with message_start', () => {
    const frames = parseFrames(
      writeAll(writer(), [
        { type: 'start', id: 'chatcmpl-9', model: 'deepseek-reasoner' },
        { type: 'reasoning', text: 'thinking' },
        { type: 'text', text: '' },
      ]),
    );
    assert.deepEqual(frames.map((frame) => frame.event), ['message_start', 'message_delta', 'message_stop']);
    const start = frameJson(frames[0] ?? assert.fail('no frame')) as { message: { id: string } };
    assert.equal(start.message.id, 'msg_req_test', 'a non-Anthropic id is replaced');
  });

  it('reports cached tokens in message_delta usage', () => {
    const streamWriter = writer();
    streamWriter.write({ type: 'usage', usage: { promptTokens: 50, completionTokens: 4, cachedTokens: 30 } });
    const frames = parseFrames(streamWriter.end());
    const messageDelta = frames.find((frame) => frame.event === 'message_delta') ?? assert.fail('no message_delta');
    assert.deepEqual(frameJson(messageDelta)['usage'], { input_tokens: 20, output_tokens: 4, cache_read_input_tokens: 30 });
  });

  it('ends a broken stream with an error event, closing nothing cleanly, then writes nothing more', () => {
    const streamWriter = writer();
    const before = streamWriter.write({ type: 'start', id: 'msg_01', model: 'm' }) + streamWriter.write({ type: 'text', text: 'Hi' });
    const failure = streamWriter.fail(new GatewayError('upstream_overloaded', 'busy\r\nevent: message_stop'));
    assert.equal(failure, 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy\\r\\nevent: message_stop"}}\n\n');
    const frames = parseFrames(before + failure);
    assert.equal(frames.at(-1)?.event, 'error');
    assert.equal(streamWriter.end(), '');
    assert.equal(streamWriter.write({ type: 'text', text: 'late' }), '');
  });
});
