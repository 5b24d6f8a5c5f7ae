import { z } from 'zod';
import { jsonValueDepth } from '../validation/json-value-depth.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../validation/request-limits.js';

/**
 * The Anthropic Messages request body, strictly: every object rejects unknown fields.
 *
 * https://docs.anthropic.com/en/api/messages
 *
 * Accepted and ignored, because they change nothing about the answer a client gets:
 * - `cache_control` anywhere it is documented (a prompt-caching hint for Anthropic's servers);
 * - `citations` on text blocks sent back in history;
 * - `thinking` and `redacted_thinking` blocks in assistant history (signed reasoning only the
 *   model that wrote it can check; other upstreams cannot take it);
 * - `thinking: {type: 'disabled'}` and `service_tier` (routing hints with no unified meaning).
 *
 * Counts and ranges come from `[limits]` (see request-limits.ts), so the schema is built per limits.
 */

const jsonObject = z.record(z.string(), z.json());

const cacheControl = z
  .strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() })
  .nullish();

const textBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
  citations: z.array(jsonObject).nullish(),
});

/** The image types the Messages API accepts. */
const imageMediaType = z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const imageBlock = z.strictObject({
  type: z.literal('image'),
  source: z.discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('base64'), media_type: imageMediaType, data: z.string().min(1) }),
      z.strictObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
    ],
    { error: 'image source type must be "base64" or "url"' },
  ),
  cache_control: cacheControl,
});

const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: jsonObject,
  cache_control: cacheControl,
});

const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z
    .union([
      z.string(),
      z.array(z.discriminatedUnion('type', [textBlock, imageBlock], { error: 'tool result blocks must be text or image' })),
    ])
    .optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

const thinkingBlock = z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
const redactedThinkingBlock = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const anthropicContentBlockSchema = z.discriminatedUnion(
  'type',
  [textBlock, imageBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock],
  { error: 'content block type must be one of text, image, tool_use, tool_result, thinking, redacted_thinking' },
);

export const anthropicMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(anthropicContentBlockSchema)]),
});

/** Anthropic's documented rule for tool names. */
const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, underscores or dashes');

const parallel = { disable_parallel_tool_use: z.boolean().optional() };

const toolChoice = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('auto'), ...parallel }),
    z.strictObject({ type: z.literal('any'), ...parallel }),
    z.strictObject({ type: z.literal('tool'), name: toolName, ...parallel }),
    z.strictObject({ type: z.literal('none') }),
  ],
  { error: 'tool_choice type must be one of auto, any, tool, none' },
);

// `type` comes first so that a server tool (web search, code execution) is refused by name
// rather than for lacking an input_schema.
function toolSchema(limits: RequestLimits) {
  const maxDepth = limits.max_tool_schema_depth;
  return z.strictObject({
    type: z.literal('custom', 'only custom tools are supported (no server tools)').nullish(),
    name: toolName,
    description: z.string().optional(),
    input_schema: jsonObject
      .refine((schema) => schema['type'] === 'object', {
        message: 'must be a JSON Schema with type "object"',
        path: ['type'],
      })
      .refine((schema) => jsonValueDepth(schema, maxDepth) <= maxDepth, `must not nest deeper than ${maxDepth} levels`),
    cache_control: cacheControl,
  });
}

/** The request body under these limits; build it once per limits, not per request. */
export function createAnthropicRequestSchema(limits: RequestLimits) {
  const stopSequence = z.string().min(1).max(limits.max_stop_sequence_chars);
  return z.strictObject({
    // Model ids travel in headers (x-securellm-model) and URLs: printable ASCII, no spaces.
    model: z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'model ids are printable ASCII without spaces'),
    max_tokens: z.number().int().positive().max(limits.max_output_tokens),
    messages: z
      .array(anthropicMessageSchema)
      .min(1, 'must contain at least one message')
      .max(limits.max_messages, `must contain at most ${limits.max_messages} messages`),
    system: z.union([z.string(), z.array(textBlock)]).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().positive().optional(),
    stop_sequences: z.array(stopSequence).max(limits.max_stop_sequences, `at most ${limits.max_stop_sequences} stop sequences`).optional(),
    stream: z.boolean().optional(),
    tools: z.array(toolSchema(limits)).max(limits.max_tools, `at most ${limits.max_tools} tools`).optional(),
    tool_choice: toolChoice.optional(),
    metadata: z.strictObject({ user_id: z.string().max(limits.max_metadata_value_chars).nullish() }).optional(),
    // Accepted and ignored; see the list above.
    cache_control: cacheControl,
    service_tier: z.enum(['auto', 'standard_only']).optional(),
    thinking: z
      .strictObject({ type: z.literal('disabled', 'extended thinking is not supported by this gateway') })
      .optional(),
  });
}

export const anthropicRequestSchema = createAnthropicRequestSchema(DEFAULT_REQUEST_LIMITS);

export type AnthropicRequestSchema = ReturnType<typeof createAnthropicRequestSchema>;
export type AnthropicRequestBody = z.output<AnthropicRequestSchema>;
export type AnthropicMessage = z.output<typeof anthropicMessageSchema>;
export type AnthropicContentBlock = z.output<typeof anthropicContentBlockSchema>;
