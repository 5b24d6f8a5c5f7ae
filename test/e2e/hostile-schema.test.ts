/**
 * Requests that are valid JSON but break a documented limit or try to steer the upstream, in both
 * formats, through a listening gateway under the default `[limits]`: each is refused with the field
 * named and the right status (400 count/range, 413 size, 422 impossible), before any upstream,
 * audited, with the gateway healthy after each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { assertAudited, assertHealthy, assertRefusedCase, bodyWith, post, upstreamCalls, type Format } from './hostile-kit.js';

const user = (content: string): Record<string, unknown> => ({ role: 'user', content });
const openaiTool = (name: string, parameters?: unknown): Record<string, unknown> => ({ type: 'function', function: { name, ...(parameters === undefined ? {} : { parameters }) } });
const anthropicTool = (name: string, properties: unknown = {}): Record<string, unknown> => ({ name, input_schema: { type: 'object', properties } });
const tools = (format: Format, count: number): unknown[] =>
  Array.from({ length: count }, (_, index) => (format === 'openai' ? openaiTool(`t${index}`) : anthropicTool(`t${index}`)));
/** A JSON Schema nesting `depth` levels of objects. */
function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'object' };
  for (let level = 1; level < depth; level++) schema = { type: 'object', properties: { inner: schema } };
  return schema;
}

/** name, format, extra fields, status, param. */
type Case = [string, Format, Record<string, unknown>, number, string];

const limitCases: Case[] = [
  ['1001 messages', 'openai', { messages: Array.from({ length: 1001 }, () => user('hi')) }, 400, 'messages'],
  ['1001 messages', 'anthropic', { messages: Array.from({ length: 1001 }, () => user('hi')) }, 400, 'messages'],
  ['a message over 1 Mi characters', 'openai', { messages: [user('x'.repeat(1_048_577))] }, 413, 'messages[0].content'],
  ['a message over 1 Mi characters', 'anthropic', { messages: [user('x'.repeat(1_048_577))] }, 413, 'messages[0].content'],
  ['over 4 Mi characters in total', 'openai', { messages: Array.from({ length: 5 }, () => user('x'.repeat(900_000))) }, 413, 'messages'],
  ['a system prompt over 1 Mi characters', 'anthropic', { system: 's'.repeat(1_048_577) }, 413, 'system'],
  ['max_tokens above the bound', 'openai', { max_tokens: 262_145 }, 400, 'max_tokens'],
  ['max_completion_tokens above the bound', 'openai', { max_completion_tokens: 10_000_000 }, 400, 'max_completion_tokens'],
  ['max_tokens above the bound', 'anthropic', { max_tokens: 262_145 }, 400, 'max_tokens'],
  ['a negative max_tokens', 'anthropic', { max_tokens: -1 }, 400, 'max_tokens'],
  ['n = 2', 'openai', { n: 2 }, 400, 'n'],
  ['five stop sequences', 'openai', { stop: ['a', 'b', 'c', 'd', 'e'] }, 400, 'stop'],
  ['a stop sequence of 257 characters', 'openai', { stop: ['s'.repeat(257)] }, 400, 'stop[0]'],
  ['five stop sequences', 'anthropic', { stop_sequences: ['a', 'b', 'c', 'd', 'e'] }, 400, 'stop_sequences'],
  ['a stop sequence of 257 characters', 'anthropic', { stop_sequences: ['s'.repeat(257)] }, 400, 'stop_sequences[0]'],
  ['129 tools', 'openai', { tools: tools('openai', 129) }, 400, 'tools'],
  ['129 tools', 'anthropic', { tools: tools('anthropic', 129) }, 400, 'tools'],
  ['a tool schema 17 levels deep', 'openai', { tools: [openaiTool('f', deepSchema(17))] }, 400, 'tools[0].function.parameters'],
  ['a tool schema 17 levels deep', 'anthropic', { tools: [{ name: 'f', input_schema: deepSchema(17) }] }, 400, 'tools[0].input_schema'],
  ['17 metadata entries', 'openai', { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v'])) }, 400, 'metadata'],
  ['a metadata value of 513 characters', 'openai', { metadata: { k: 'v'.repeat(513) } }, 400, 'metadata.k'],
  ['a user_id of 513 characters', 'anthropic', { metadata: { user_id: 'u'.repeat(513) } }, 400, 'metadata.user_id'],
  ['temperature 3', 'openai', { temperature: 3 }, 400, 'temperature'],
  ['a model name that is a number', 'openai', { model: 42 }, 400, 'model'],
  ['a model name of 300 characters', 'anthropic', { model: 'm'.repeat(300) }, 400, 'model'],
  ['a model name outside printable ASCII', 'openai', { model: 'openai/模型' }, 400, 'model'],
  ['a model name with a control character', 'anthropic', { model: 'openai/gpt-4o\u0007' }, 400, 'model'],
  ['messages as an object', 'anthropic', { messages: { role: 'user', content: 'hi' } }, 400, 'messages'],
  ['two tools of one name', 'openai', { tools: [openaiTool('same'), openaiTool('same')] }, 422, 'tools[1].function.name'],
  ['two tools of one name', 'anthropic', { tools: [anthropicTool('same'), anthropicTool('same')] }, 422, 'tools[1].name'],
];

const forbiddenCases: Case[] = [
  ...(['api_base', 'base_url', 'api_key', 'custom_llm_provider', 'extra_headers', 'extra_body', 'headers', 'proxy', 'endpoint', 'url'] as const).flatMap(
    (field): Case[] => [
      [`${field} at the top`, 'openai', { [field]: 'http://evil.test' }, 400, field],
      [`${field} at the top`, 'anthropic', { [field]: 'http://evil.test' }, 400, field],
    ],
  ),
  ['extra_headers inside a message', 'openai', { messages: [{ ...user('hi'), extra_headers: { authorization: 'Bearer x' } }] }, 400, 'messages[0].extra_headers'],
  ['api_base inside metadata', 'openai', { metadata: { api_base: 'http://evil.test' } }, 400, 'metadata.api_base'],
  ['apiKey inside a content block', 'anthropic', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', apiKey: 'k' }] }] }, 400, 'messages[0].content[0].apiKey'],
  ['Base-URL inside a tool', 'anthropic', { tools: [{ ...anthropicTool('f'), 'Base-URL': 'http://evil.test' }] }, 400, 'tools[0].Base-URL'],
];

describe('hostile request schemas', () => {
  let harness: GatewayHarness;
  before(async () => {
    // Large enough that the content limits, not the body limit, are what refuses.
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'], server: { max_body_bytes: 8 * 1024 * 1024 } });
  });
  after(() => harness.close());

  for (const [name, format, extra, status, param] of [...limitCases, ...forbiddenCases]) {
    it(`refuses ${name} (${format}) with ${status} naming '${param}'`, async () => {
      const before = upstreamCalls(harness);
      const error = await assertRefusedCase(harness, await post(harness, format, bodyWith(format, extra)), status, format, before);
      if (format === 'openai') assert.equal(error.param, param, error.message);
      assert.ok(error.message.includes(param), error.message);
    });
  }

  it('keeps legitimate nested fields: an image URL and a tool whose schema takes url and headers', async () => {
    const before = upstreamCalls(harness);
    const httpSchema = { type: 'object', properties: { url: { type: 'string' }, headers: { type: 'object' }, endpoint: { type: 'string' } } };
    const openai = await post(
      harness,
      'openai',
      bodyWith('openai', {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
        tools: [openaiTool('http_get', httpSchema)],
      }),
    );
    assert.equal(openai.status, 200, openai.text);
    const anthropic = await post(harness, 'anthropic', bodyWith('anthropic', { tools: [anthropicTool('http_get', httpSchema.properties)] }));
    assert.equal(anthropic.status, 200, anthropic.text);
    assert.equal(upstreamCalls(harness), before + 2);
    assertAudited(harness, openai.headers['x-request-id'], 200);
    assertAudited(harness, anthropic.headers['x-request-id'], 200);
    await assertHealthy(harness);
  });

  it('is healthy after all of it', async () => {
    await assertHealthy(harness);
  });
});
