import { z } from 'zod';
import { jsonValueDepth } from '../validation/json-value-depth.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../validation/request-limits.js';

/**
 * The OpenAI Chat Completions request body, strictly: every object rejects unknown fields, so a
 * client learns at once that a parameter it relies on is not honoured here.
 *
 * https://platform.openai.com/docs/api-reference/chat/create
 *
 * Accepted and ignored, because they change nothing about the answer a client gets:
 * - `logprobs: false`, `top_logprobs: 0` (any request for log probabilities is refused, since
 *   the response would carry `logprobs: null`);
 * - `metadata`, `store: false` (stored completions are an OpenAI dashboard feature; the gateway
 *   never asks an upstream to keep a conversation, so `store: true` is refused);
 * - `service_tier: 'auto' | 'default'` (the default tier; other tiers change billing and are refused);
 * - `prompt_cache_key` (a cache-routing hint), `logit_bias: {}`, `modalities: ['text']`,
 *   `stream_options.include_obfuscation` (padding the gateway does not add);
 * - `null` for any optional parameter, which the official SDKs and many clients send for "unset";
 * - on assistant messages, the response-only fields a client echoes when it appends a returned
 *   message to the history (`annotations`, `audio: null`, `function_call: null`, `reasoning_content`).
 *
 * Counts and ranges come from `[limits]` (see request-limits.ts), so the schema is built per limits.
 */

const jsonObject = z.record(z.string(), z.json());

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });

const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});

/** Assistant history may hold the refusal the model gave; it is kept as text. */
const refusalPart = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

const textParts = z.array(
  z.discriminatedUnion('type', [textPart], { error: 'content part type must be "text" here' }),
);

const userContent = z.union([
  z.string(),
  z.array(
    z.discriminatedUnion('type', [textPart, imagePart], {
      error: 'content part type must be "text" or "image_url" (audio and file parts are not supported)',
    }),
  ),
]);

export const openaiToolCallSchema = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

const systemMessage = z.strictObject({
  role: z.enum(['system', 'developer']),
  content: z.union([z.string(), textParts]),
  name: z.string().optional(),
});

const userMessage = z.strictObject({
  role: z.literal('user'),
  content: userContent,
  name: z.string().optional(),
});

const assistantMessage = z
  .strictObject({
    role: z.literal('assistant'),
    content: z
      .union([
        z.string(),
        z.array(z.discriminatedUnion('type', [textPart, refusalPart], { error: 'content part type must be "text" or "refusal"' })),
      ])
      .nullish(),
    refusal: z.string().nullish(),
    name: z.string().optional(),
    tool_calls: z.array(openaiToolCallSchema).optional(),
    // Clients often append a response's message to the history as it came; these response-only
    // fields then ride along and are dropped (DeepSeek refuses `reasoning_content` in input).
    annotations: z.array(jsonObject).optional(),
    audio: z.null().optional(),
    function_call: z.null().optional(),
    reasoning_content: z.string().nullish(),
  })
  .refine((message) => (message.content ?? null) !== null || (message.tool_calls?.length ?? 0) > 0, {
    message: 'an assistant message needs content or tool_calls',
    path: ['content'],
  });

const toolMessage = z.strictObject({
  role: z.literal('tool'),
  content: z.union([z.string(), textParts]),
  tool_call_id: z.string().min(1),
});

export const openaiMessageSchema = z.discriminatedUnion('role', [systemMessage, userMessage, assistantMessage, toolMessage], {
  error: 'role must be one of system, developer, user, assistant, tool',
});

/** OpenAI's documented rule for function names. */
const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes');

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: functionName }) }),
]);

const positiveInt = z.number().int().positive();

/** A JSON Schema a client hands over (tool parameters, response formats), bounded in depth. */
function boundedSchema(limits: RequestLimits) {
  const maxDepth = limits.max_tool_schema_depth;
  return jsonObject.refine((schema) => jsonValueDepth(schema, maxDepth) <= maxDepth, `must not nest deeper than ${maxDepth} levels`);
}

function toolSchema(limits: RequestLimits) {
  return z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({
      name: functionName,
      description: z.string().optional(),
      parameters: boundedSchema(limits).optional(),
      strict: z.boolean().nullish(),
    }),
  });
}

function responseFormatSchema(limits: RequestLimits) {
  return z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('text') }),
    z.strictObject({ type: z.literal('json_object') }),
    z.strictObject({
      type: z.literal('json_schema'),
      json_schema: z.strictObject({
        name: z.string().min(1),
        description: z.string().optional(),
        schema: boundedSchema(limits).optional(),
        strict: z.boolean().nullish(),
      }),
    }),
  ]);
}

/** OpenAI's documented metadata bounds (16 pairs, 64-character keys, 512-character values) by default. */
function metadataSchema(limits: RequestLimits) {
  const entries = limits.max_metadata_entries;
  return z
    .record(z.string().max(limits.max_metadata_key_chars), z.string().max(limits.max_metadata_value_chars))
    .refine((metadata) => Object.keys(metadata).length <= entries, `at most ${entries} entries`);
}

/** The request body under these limits; build it once per limits, not per request. */
export function createOpenAIRequestSchema(limits: RequestLimits) {
  const maxTokens = positiveInt.max(limits.max_output_tokens);
  const stopSequence = z.string().min(1).max(limits.max_stop_sequence_chars);
  return z.strictObject({
    // Model ids travel in headers (x-securellm-model) and URLs: printable ASCII, no spaces.
    model: z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'model ids are printable ASCII without spaces'),
    messages: z
      .array(openaiMessageSchema)
      .min(1, 'must contain at least one message')
      .max(limits.max_messages, `must contain at most ${limits.max_messages} messages`),
    max_tokens: maxTokens.nullish(),
    max_completion_tokens: maxTokens.nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.number().int().nullish(),
    stop: z
      .union([stopSequence, z.array(stopSequence).max(limits.max_stop_sequences, `at most ${limits.max_stop_sequences} stop sequences`)])
      .nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    seed: z.number().int().nullish(),
    tools: z.array(toolSchema(limits)).max(limits.max_tools, `at most ${limits.max_tools} tools`).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: responseFormatSchema(limits).optional(),
    user: z.string().max(256).optional(),
    safety_identifier: z.string().max(256).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z
      .strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })
      .nullish(),
    // Accepted and ignored; see the list above.
    logprobs: z.literal(false, 'log probabilities are not supported').nullish(),
    top_logprobs: z.literal(0, 'log probabilities are not supported').nullish(),
    metadata: metadataSchema(limits).nullish(),
    store: z.literal(false, 'the gateway does not ask upstreams to store completions').nullish(),
    service_tier: z.enum(['auto', 'default'], 'only the default service tier is supported').nullish(),
    prompt_cache_key: z.string().max(1024).nullish(),
    logit_bias: z
      .record(z.string(), z.number())
      .refine((bias) => Object.keys(bias).length === 0, 'logit_bias is not supported')
      .nullish(),
    modalities: z.array(z.literal('text', 'only text output is supported')).max(1).nullish(),
  });
}

export const openaiRequestSchema = createOpenAIRequestSchema(DEFAULT_REQUEST_LIMITS);

export type OpenAIRequestSchema = ReturnType<typeof createOpenAIRequestSchema>;
export type OpenAIRequestBody = z.output<OpenAIRequestSchema>;
export type OpenAIMessage = z.output<typeof openaiMessageSchema>;
export type OpenAIToolCall = z.output<typeof openaiToolCallSchema>;
