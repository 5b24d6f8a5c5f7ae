/**
 * Counts, ranges, sizes and forbidden fields in both request formats: each refusal has the right
 * status and names the field; the limits come from `[limits]` when given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/core/errors.js';
import { createAnthropicCodec } from '../../../src/server/anthropic/anthropic-codec.js';
import { createOpenAICodec } from '../../../src/server/openai/openai-codec.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../../../src/server/validation/request-limits.js';

const small: RequestLimits = {
  ...DEFAULT_REQUEST_LIMITS,
  max_messages: 3,
  max_message_chars: 100,
  max_total_chars: 250,
  max_output_tokens: 1000,
  max_tools: 2,
  max_tool_schema_depth: 4,
  max_metadata_entries: 2,
};
const openai = createOpenAICodec({ limits: small });
const anthropic = createAnthropicCodec({ limits: small });

const openaiMinimal = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
const anthropicMinimal = { model: 'anthropic/claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

function refusal(parse: () => unknown): GatewayError {
  try {
    parse();
  } catch (error) {
    assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request was accepted');
}

function assertRefused(parse: () => unknown, status: number, param: string): GatewayError {
  const error = refusal(parse);
  assert.equal(error.status, status, error.message);
  assert.equal(error.param, param, error.message);
  return error;
}

const deepSchema = (depth: number): Record<string, unknown> => {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let level = 1; level < depth; level++) schema = { type: 'object', properties: { inner: schema } };
  return schema;
};

describe('configured limits, OpenAI format', () => {
  const parse = (body: Record<string, unknown>) => () => openai.parseRequest({ ...openaiMinimal, ...body }, 'r');
  const user = (content: string) => ({ role: 'user', content });
  it('counts messages, tools and metadata entries (400)', () => {
    assertRefused(parse({ messages: [user('a'), user('b'), user('c'), user('d')] }), 400, 'messages');
    const tool = (name: string) => ({ type: 'function', function: { name } });
    assertRefused(parse({ tools: [tool('a'), tool('b'), tool('c')] }), 400, 'tools');
    assertRefused(parse({ metadata: { a: '1', b: '2', c: '3' } }), 400, 'metadata');
    assertRefused(parse({ metadata: { ['k'.repeat(65)]: '1' } }), 400, `metadata.${'k'.repeat(65)}`);
    assertRefused(parse({ metadata: { a: 'v'.repeat(513) } }), 400, 'metadata.a');
  });
  it('bounds max_tokens, stop sequences and tool schema depth (400)', () => {
    assertRefused(parse({ max_tokens: 1001 }), 400, 'max_tokens');
    assertRefused(parse({ max_completion_tokens: 1001 }), 400, 'max_completion_tokens');
    assertRefused(parse({ stop: ['x'.repeat(257)] }), 400, 'stop[0]');
    assertRefused(parse({ stop: 'x'.repeat(257) }), 400, 'stop');
    assertRefused(parse({ tools: [{ type: 'function', function: { name: 'f', parameters: deepSchema(5) } }] }), 400, 'tools[0].function.parameters');
    openai.parseRequest({ ...openaiMinimal, tools: [{ type: 'function', function: { name: 'f', parameters: deepSchema(2) } }] }, 'r');
  });
  it('refuses text over the per-message and total limits with 413', () => {
    assertRefused(parse({ messages: [user('x'.repeat(101))] }), 413, 'messages[0].content');
    assertRefused(parse({ messages: [user('x'.repeat(100)), user('x'.repeat(100)), user('x'.repeat(51))] }), 413, 'messages');
    const argumentsText = JSON.stringify({ text: 'y'.repeat(100) });
    const call = { id: 'c1', type: 'function', function: { name: 'f', arguments: argumentsText } };
    assertRefused(parse({ messages: [user('q'), { role: 'assistant', content: null, tool_calls: [call] }] }), 413, 'messages[1].content');
  });
  it('refuses two tools of one name with 422', () => {
    const tool = { type: 'function', function: { name: 'f' } };
    assertRefused(parse({ tools: [tool, tool] }), 422, 'tools[1].function.name');
  });
});

describe('configured limits, Anthropic format', () => {
  const parse = (body: Record<string, unknown>) => () => anthropic.parseRequest({ ...anthropicMinimal, ...body }, 'r');
  const user = (content: string) => ({ role: 'user', content });
  it('counts messages and tools, bounds max_tokens and stop sequences (400)', () => {
    assertRefused(parse({ messages: [user('a'), user('b'), user('c'), user('d')] }), 400, 'messages');
    const tool = (name: string) => ({ name, input_schema: { type: 'object' } });
    assertRefused(parse({ tools: [tool('a'), tool('b'), tool('c')] }), 400, 'tools');
    assertRefused(parse({ max_tokens: 1001 }), 400, 'max_tokens');
    assertRefused(parse({ stop_sequences: ['a', 'b', 'c', 'd', 'e'] }), 400, 'stop_sequences');
    assertRefused(parse({ stop_sequences: ['z'.repeat(257)] }), 400, 'stop_sequences[0]');
    assertRefused(parse({ tools: [{ name: 'f', input_schema: { type: 'object', properties: { a: deepSchema(4) } } }] }), 400, 'tools[0].input_schema');
    assertRefused(parse({ metadata: { user_id: 'u'.repeat(513) } }), 400, 'metadata.user_id');
  });
  it('counts the system prompt and tool results as text (413)', () => {
    assertRefused(parse({ system: 's'.repeat(101) }), 413, 'system');
    const result = { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'r'.repeat(101) }] };
    assertRefused(parse({ messages: [{ role: 'user', content: [result] }] }), 413, 'messages[0].content');
    assertRefused(parse({ system: 's'.repeat(100), messages: [user('x'.repeat(100)), user('x'.repeat(51))] }), 413, 'messages');
  });
  it('refuses two tools of one name with 422', () => {
    const tool = { name: 'f', input_schema: { type: 'object' } };
    assertRefused(parse({ tools: [tool, tool] }), 422, 'tools[1].name');
  });
});

describe('fields that could redirect traffic or credentials', () => {
  const openaiParse = (body: unknown) => () => openai.parseRequest(body, 'r');
  const anthropicParse = (body: unknown) => () => anthropic.parseRequest(body, 'r');
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['api_base at the top', { api_base: 'http://evil.test' }, 'api_base'],
    ['base_url at the top', { base_url: 'http://evil.test' }, 'base_url'],
    ['api_key at the top', { api_key: 'sk-other' }, 'api_key'],
    ['apiKey spelled in camel case', { apiKey: 'sk-other' }, 'apiKey'],
    ['custom_llm_provider', { custom_llm_provider: 'openai' }, 'custom_llm_provider'],
    ['extra_headers', { extra_headers: { authorization: 'x' } }, 'extra_headers'],
    ['extra_body', { extra_body: { api_base: 'x' } }, 'extra_body'],
    ['a url-like key at the top', { callback_url: 'http://evil.test' }, 'callback_url'],
    ['a host key at the top', { Host: 'evil.test' }, 'Host'],
    ['headers inside a message', { messages: [{ role: 'user', content: 'hi', headers: { a: 'b' } }] }, 'messages[0].headers'],
    ['a proxy inside metadata', { metadata: { proxy: 'http://evil.test' } }, 'metadata.proxy'],
    ['an endpoint deep in a content part', { messages: [{ role: 'user', content: [{ type: 'text', text: 'x', endpoint: 'e' }] }] }, 'messages[0].content[0].endpoint'],
  ];
  for (const [name, extra, param] of cases) {
    it(`refuses ${name} in both formats, naming the path`, () => {
      for (const [parse, minimal] of [
        [openaiParse, openaiMinimal],
        [anthropicParse, anthropicMinimal],
      ] as const) {
        const error = assertRefused(parse({ ...minimal, ...extra }), 400, param);
        assert.match(error.message, /configuration/);
      }
    });
  }

  it('keeps legitimate nested fields: image URLs and tool schemas describing URLs and headers', () => {
    const httpTool = {
      type: 'object',
      properties: { url: { type: 'string' }, headers: { type: 'object' }, api_key: { type: 'string' }, endpoint: { type: 'string' } },
    };
    openai.parseRequest(
      {
        ...openaiMinimal,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
        tools: [{ type: 'function', function: { name: 'http_get', parameters: httpTool } }],
      },
      'r',
    );
    anthropic.parseRequest(
      {
        ...anthropicMinimal,
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'http_get', input: { url: 'https://a.test', headers: { x: 'y' } } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] },
        ],
        tools: [{ name: 'http_get', input_schema: httpTool }],
      },
      'r',
    );
  });
});
