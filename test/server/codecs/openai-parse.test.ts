import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { GatewayError } from '../../../src/core/errors.js';
import { openaiCodec } from '../../../src/server/client-codec.js';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Typed as the official SDK's params, so these bodies are ones a real client can send. */
function body(params: ChatCompletionCreateParams): ChatCompletionCreateParams {
  return params;
}

function refusal(input: unknown): GatewayError {
  try {
    openaiCodec.parseRequest(input, 'req_1');
  } catch (error) {
    assert.ok(error instanceof GatewayError, 'a GatewayError');
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.status, 400);
    return error;
  }
  assert.fail('the request was accepted');
}

const minimal = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

describe('OpenAI request parsing', () => {
  it('builds the unified request from a minimal body', () => {
    const request = openaiCodec.parseRequest(minimal, 'req_1');
    assert.deepEqual(request, {
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: false,
      includeUsage: false,
      metadata: { requestId: 'req_1', clientFormat: 'openai' },
    });
  });

  it('maps every supported parameter', () => {
    const request = openaiCodec.parseRequest(
      body({
        model: 'smart',
        messages: [{ role: 'user', content: 'hi' }],
        max_completion_tokens: 100,
        temperature: 0.5,
        top_p: 0.9,
        n: 1,
        stop: 'END',
        presence_penalty: 1,
        frequency_penalty: -1,
        seed: 42,
        parallel_tool_calls: false,
        response_format: { type: 'json_object' },
        user: 'alice',
        stream: true,
        stream_options: { include_usage: true },
      }),
      'req_2',
    );
    assert.equal(request.maxTokens, 100);
    assert.equal(request.temperature, 0.5);
    assert.equal(request.topP, 0.9);
    assert.deepEqual(request.stop, ['END']);
    assert.equal(request.presencePenalty, 1);
    assert.equal(request.frequencyPenalty, -1);
    assert.equal(request.seed, 42);
    assert.equal(request.parallelToolCalls, false);
    assert.deepEqual(request.responseFormat, { type: 'json_object' });
    assert.equal(request.user, 'alice');
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, true);
  });

  it('takes max_tokens when max_completion_tokens is absent, and treats null as unset', () => {
    assert.equal(openaiCodec.parseRequest({ ...minimal, max_tokens: 7 }, 'r').maxTokens, 7);
    const request = openaiCodec.parseRequest({ ...minimal, temperature: null, stop: null, seed: null, n: null }, 'r');
    assert.equal('temperature' in request, false);
    assert.equal('stop' in request, false);
  });

  it('turns developer and system messages into system messages, in order', () => {
    const request = openaiCodec.parseRequest(
      body({
        model: 'm',
        messages: [
          { role: 'developer', content: 'be brief' },
          { role: 'system', content: [{ type: 'text', text: 'be kind' }], name: 'policy' },
          { role: 'user', content: 'hi', name: 'bob' },
        ],
      }),
      'r',
    );
    assert.deepEqual(request.messages, [
      { role: 'system', content: [{ type: 'text', text: 'be brief' }] },
      { role: 'system', content: [{ type: 'text', text: 'be kind' }], name: 'policy' },
      { role: 'user', content: [{ type: 'text', text: 'hi' }], name: 'bob' },
    ]);
  });

  it('turns data: image URLs into base64 sources and https URLs into URL sources', () => {
    const request = openaiCodec.parseRequest(
      body({
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}`, detail: 'low' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      }),
      'r',
    );
    assert.deepEqual(request.messages[0]?.content, [
      { type: 'text', text: 'what is this?' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG_BASE64 } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('keeps tool definitions, tool choice, assistant tool calls and tool results', () => {
    const request = openaiCodec.parseRequest(
      body({
        model: 'm',
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
          },
          { type: 'function', function: { name: 'now' } },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      }),
      'r',
    );
    assert.deepEqual(request.messages.slice(1), [
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'text', text: '{"celsius":21}' }], toolCallId: 'call_1' },
    ]);
    assert.deepEqual(request.tools, [
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'now', parameters: { type: 'object', properties: {} } },
    ]);
    assert.deepEqual(request.toolChoice, { type: 'tool', name: 'get_weather' });
    assert.deepEqual(openaiCodec.parseRequest({ ...minimal, tool_choice: 'required' }, 'r').toolChoice, { type: 'required' });
  });

  it('accepts the harmless parameters the official SDK and common clients send', () => {
    const request = openaiCodec.parseRequest(
      { ...minimal, logprobs: false, store: false, metadata: { team: 'a' }, service_tier: 'auto', prompt_cache_key: 'k', modalities: ['text'] },
      'r',
    );
    assert.equal(request.model, 'openai/gpt-4o');
  });

  it("accepts a returned message appended to the history as it came, dropping response-only fields", () => {
    const returned = { role: 'assistant', content: 'Hi!', refusal: null, annotations: [], audio: null, function_call: null, reasoning_content: 'greet' };
    const request = openaiCodec.parseRequest({ ...minimal, messages: [...minimal.messages, returned, { role: 'user', content: 'again' }] }, 'r');
    assert.deepEqual(request.messages[1], { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }] });
  });

  it('includes usage only for streams that asked for it', () => {
    assert.equal(openaiCodec.parseRequest({ ...minimal, stream: true }, 'r').includeUsage, false);
    assert.equal(openaiCodec.parseRequest({ ...minimal, stream: true, stream_options: { include_usage: false } }, 'r').includeUsage, false);
  });
});

describe('OpenAI request refusals name their field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an unknown top-level field', { ...minimal, frobnicate: 1 }, 'frobnicate'],
    ['an unknown field inside a message', { ...minimal, messages: [{ role: 'user', content: 'x', mood: 'ok' }] }, 'messages[0].mood'],
    ['a missing model', { messages: minimal.messages }, 'model'],
    ['empty messages', { ...minimal, messages: [] }, 'messages'],
    ['an unknown role', { ...minimal, messages: [{ role: 'bot', content: 'x' }] }, 'messages[0].role'],
    ['content of the wrong type', { ...minimal, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['an audio part', { ...minimal, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, 'messages[0].content[0].type'],
    ['a file: image URL', { ...minimal, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }] }, 'messages[0].content[0].image_url.url'],
    ['a non-image data URL', { ...minimal, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:text/html;base64,PGI+' } }] }] }, 'messages[0].content[0].image_url.url'],
    ['an assistant message with neither content nor tool calls', { ...minimal, messages: [{ role: 'assistant', content: null }] }, 'messages[0].content'],
    ['a tool message without tool_call_id', { ...minimal, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    ['n other than 1', { ...minimal, n: 2 }, 'n'],
    ['temperature above 2', { ...minimal, temperature: 2.5 }, 'temperature'],
    ['top_p above 1', { ...minimal, top_p: 1.5 }, 'top_p'],
    ['five stop sequences', { ...minimal, stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    ['a penalty below -2', { ...minimal, presence_penalty: -3 }, 'presence_penalty'],
    ['a fractional max_tokens', { ...minimal, max_tokens: 1.5 }, 'max_tokens'],
    ['disagreeing token limits', { ...minimal, max_tokens: 5, max_completion_tokens: 6 }, 'max_tokens'],
    ['logprobs requested', { ...minimal, logprobs: true }, 'logprobs'],
    ['store requested', { ...minimal, store: true }, 'store'],
    ['a paid service tier', { ...minimal, service_tier: 'priority' }, 'service_tier'],
    ['stream_options without stream', { ...minimal, stream_options: { include_usage: true } }, 'stream_options'],
    ['an invalid tool name', { ...minimal, tools: [{ type: 'function', function: { name: 'no spaces' } }] }, 'tools[0].function.name'],
    ['an unknown field in a tool', { ...minimal, tools: [{ type: 'function', function: { name: 'f', extra: 1 } }] }, 'tools[0].function.extra'],
    ['a tool_choice naming no tool', { ...minimal, tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice'],
    ['an unknown tool_choice', { ...minimal, tool_choice: 'sometimes' }, 'tool_choice'],
    ['an unknown response_format', { ...minimal, response_format: { type: 'xml' } }, 'response_format.type'],
    ['the deprecated functions parameter', { ...minimal, functions: [] }, 'functions'],
  ];
  for (const [name, input, param] of cases) {
    it(`refuses ${name}`, () => {
      const error = refusal(input);
      assert.equal(error.param, param);
      assert.match(error.message, new RegExp(param.replace(/[[\].]/g, '\\$&')));
    });
  }

  it('refuses a body that is not an object, without a param', () => {
    const error = refusal([minimal]);
    assert.equal(error.param, undefined);
    assert.match(error.message, /JSON object/);
  });

  it('says plainly that only n=1 is supported', () => {
    assert.match(refusal({ ...minimal, n: 3 }).message, /only n=1 is supported/);
  });
});
