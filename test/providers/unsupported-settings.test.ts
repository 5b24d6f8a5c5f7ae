import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../src/core/types.js';
import { unsupportedSettings } from '../../src/providers/unsupported-settings.js';

const base: ChatRequest = {
  model: 'x/y',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  stream: false,
  includeUsage: false,
  metadata: { requestId: 'r', clientFormat: 'openai' },
};

describe('unsupported settings', () => {
  it('names what each provider cannot take', () => {
    const request: ChatRequest = { ...base, topK: 5, seed: 1, presencePenalty: 0.5, responseFormat: { type: 'json_object' } };
    assert.deepEqual(unsupportedSettings('openai', request), ['top_k']);
    assert.deepEqual(unsupportedSettings('anthropic', request), ['seed', 'presence_penalty', 'response_format']);
    assert.deepEqual(unsupportedSettings('ollama', request), []);
  });

  it('reports Ollama tool choices it cannot enforce', () => {
    const request: ChatRequest = { ...base, toolChoice: { type: 'required' }, parallelToolCalls: false };
    assert.deepEqual(unsupportedSettings('ollama', request), ['tool_choice', 'parallel_tool_calls']);
    assert.deepEqual(unsupportedSettings('ollama', { ...base, toolChoice: { type: 'none' } }), []);
  });

  it('reports nothing for a plain request', () => {
    for (const kind of ['openai', 'deepseek', 'local', 'anthropic', 'ollama'] as const) assert.deepEqual(unsupportedSettings(kind, base), []);
  });
});
