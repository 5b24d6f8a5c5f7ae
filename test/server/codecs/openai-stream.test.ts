import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/core/errors.js';
import type { ChatChunk } from '../../../src/core/types.js';
import { createOpenAICodec } from '../../../src/server/openai/openai-codec.js';
import { frameJson, parseFrames, unifiedRequest, writeAll } from './codec-test-kit.js';

const codec = createOpenAICodec({ nowSeconds: () => 1_700_000_000 });

function writer(includeUsage: boolean): ReturnType<typeof codec.createStreamWriter> {
  return codec.createStreamWriter(unifiedRequest({ stream: true, includeUsage }), 'openai/gpt-4o');
}

const textChunks: ChatChunk[] = [
  { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06' },
  { type: 'text', text: 'Hel' },
  { type: 'text', text: 'lo' },
  { type: 'usage', usage: { promptTokens: 9, completionTokens: 2 } },
  { type: 'finish', reason: 'stop' },
];

const envelope = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'openai/gpt-4o' };

function choice(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return { ...envelope, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
}

describe('OpenAI stream writer', () => {
  it('writes role, content deltas, finish and [DONE] without usage when not asked', () => {
    const frames = parseFrames(writeAll(writer(false), textChunks));
    assert.equal(frames.at(-1)?.data, '[DONE]');
    assert.deepEqual(frames.slice(0, -1).map(frameJson), [
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'Hel' }),
      choice({ content: 'lo' }),
      choice({}, 'stop'),
    ]);
    assert.ok(frames.every((frame) => frame.event === undefined), 'OpenAI streams have no event names');
  });

  it('with include_usage, marks every chunk usage: null and adds a usage chunk with no choices', () => {
    const frames = parseFrames(writeAll(writer(true), textChunks));
    assert.deepEqual(frames.slice(0, -1).map(frameJson), [
      { ...choice({ role: 'assistant', content: '' }), usage: null },
      { ...choice({ content: 'Hel' }), usage: null },
      { ...choice({ content: 'lo' }), usage: null },
      { ...choice({}, 'stop'), usage: null },
      { ...envelope, choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } },
    ]);
    assert.equal(frames.at(-1)?.data, '[DONE]');
  });

  it('streams a tool call as a head with its name, then argument deltas', () => {
    const frames = parseFrames(
      writeAll(writer(false), [
        { type: 'start', id: 'chatcmpl-1', model: 'm' },
        { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' },
        { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
        { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
        { type: 'tool_call_start', index: 1, id: 'call_2', name: 'now' },
        { type: 'finish', reason: 'tool_calls' },
      ]),
    );
    assert.deepEqual(frames.slice(1, -1).map(frameJson), [
      choice({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      choice({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'now', arguments: '' } }] }),
      choice({}, 'tool_calls'),
    ]);
  });

  it('streams reasoning as reasoning_content deltas', () => {
    const frames = parseFrames(writeAll(writer(false), [{ type: 'start', id: 'chatcmpl-1', model: 'm' }, { type: 'reasoning', text: 'hmm' }]));
    assert.deepEqual(frameJson(frames[1] ?? assert.fail('no frame')), choice({ reasoning_content: 'hmm' }));
  });

  it('keeps line breaks inside JSON, so a text with CR/LF cannot split or forge an event', () => {
    const text = 'line one\r\n\r\ndata: [DONE]\n\nevent: x';
    const frames = parseFrames(writeAll(writer(false), [{ type: 'start', id: 'chatcmpl-1', model: 'm' }, { type: 'text', text }]));
    assert.equal(frames.length, 4);
    assert.deepEqual(frameJson(frames[1] ?? assert.fail('no frame')), choice({ content: text }));
  });

  it('finishes as stop and opens with the role even when the upstream said neither', () => {
    const frames = parseFrames(writer(false).end());
    const [opening, finish] = frames.map((frame) => (frame.data === '[DONE]' ? undefined : frameJson(frame)));
    assert.deepEqual(opening, { ...choice({ role: 'assistant', content: '' }), id: 'chatcmpl-req_test' });
    assert.deepEqual(finish, { ...choice({}, 'stop'), id: 'chatcmpl-req_test' });
  });

  it('ends a broken stream with an error event and no [DONE], then writes nothing more', () => {
    const streamWriter = writer(true);
    const before = streamWriter.write({ type: 'start', id: 'chatcmpl-1', model: 'm' }) + streamWriter.write({ type: 'text', text: 'Hi' });
    const failure = streamWriter.fail(new GatewayError('upstream_timeout', 'the upstream went quiet'));
    const frames = parseFrames(before + failure);
    assert.deepEqual(frameJson(frames.at(-1) ?? assert.fail('no frame')), {
      error: { message: 'the upstream went quiet', type: 'api_error', param: null, code: 'upstream_timeout' },
    });
    assert.ok(!failure.includes('[DONE]'));
    assert.equal(streamWriter.write({ type: 'text', text: 'late' }), '');
    assert.equal(streamWriter.end(), '');
  });

  it('reports only the first finish', () => {
    const streamWriter = writer(false);
    streamWriter.write({ type: 'finish', reason: 'length' });
    const frames = parseFrames(streamWriter.end());
    assert.equal(frames.length, 1, 'only [DONE] remains');
  });
});
