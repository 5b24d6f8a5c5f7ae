import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerRecorder } from '../../src/cache/answer-recorder.js';
import { foldChunks } from '../../src/core/fold-chunks.js';
import type { ChatChunk } from '../../src/core/types.js';

const chunks: ChatChunk[] = [
  { type: 'start', id: 'chatcmpl-upstream', model: 'gpt-4o-mini' },
  { type: 'reasoning', text: 'thi' },
  { type: 'reasoning', text: 'nk' },
  { type: 'text', text: 'Hel' },
  { type: 'text', text: 'lo' },
  { type: 'tool_call_start', index: 0, id: 'call_1', name: 'add' },
  { type: 'tool_call_delta', index: 0, arguments: '{"x":' },
  { type: 'tool_call_delta', index: 0, arguments: '1}' },
  { type: 'tool_call_start', index: 1, id: 'call_2', name: 'sub' },
  { type: 'tool_call_delta', index: 1, arguments: '{}' },
  { type: 'usage', usage: { promptTokens: 5, completionTokens: 7 } },
  { type: 'finish', reason: 'tool_calls' },
];

async function* streamOf(items: readonly ChatChunk[]): AsyncGenerator<ChatChunk> {
  yield* items;
}

describe('AnswerRecorder', () => {
  it('joins adjacent deltas and folds to the same answer, with the upstream id dropped', async () => {
    const recorder = new AnswerRecorder(10_000);
    for (const chunk of chunks) recorder.push(chunk);
    const kept = recorder.chunks;
    assert.ok(kept);
    assert.equal(kept.length, 9);
    assert.deepEqual(kept[0], { type: 'start', id: '', model: 'gpt-4o-mini' });
    const original = await foldChunks(streamOf(chunks));
    const replayed = await foldChunks(streamOf(kept));
    assert.deepEqual(replayed, { ...original, id: '' });
  });

  it('gives up on an answer larger than its limit', () => {
    const recorder = new AnswerRecorder(200);
    recorder.push({ type: 'start', id: '', model: 'm' });
    recorder.push({ type: 'text', text: 'x'.repeat(100) });
    assert.ok(recorder.chunks);
    recorder.push({ type: 'text', text: 'x'.repeat(100) });
    assert.equal(recorder.chunks, undefined);
    recorder.push({ type: 'finish', reason: 'stop' });
    assert.equal(recorder.chunks, undefined);
  });
});
