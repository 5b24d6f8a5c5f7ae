import type { ChatRequest, JsonObject, ToolChoice, ToolDefinition } from '../../core/types.js';
import { invalidRequest, parseWithSchema, unprocessableRequest } from '../invalid-request-error.js';
import { checkContentSize, type ContentSize } from '../validation/content-size.js';
import { refuseForbiddenFields } from '../validation/forbidden-fields.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../validation/request-limits.js';
import { convertOpenAIMessages } from './convert-openai-messages.js';
import { createOpenAIRequestSchema, type OpenAIMessage, type OpenAIRequestBody } from './openai-request-schema.js';

/** A tool without `parameters` takes no arguments, which JSON Schema spells as an empty object. */
const NO_PARAMETERS: JsonObject = { type: 'object', properties: {} };

function convertTools(tools: OpenAIRequestBody['tools']): ToolDefinition[] | undefined {
  if (tools === undefined) return undefined;
  // `strict` (structured outputs for tool arguments) has no unified field yet; it is a hint that
  // upstreams without it ignore, so it is accepted and dropped rather than refused.
  return tools.map(({ function: definition }) => {
    const converted: ToolDefinition = { name: definition.name, parameters: definition.parameters ?? NO_PARAMETERS };
    if (definition.description !== undefined) converted.description = definition.description;
    return converted;
  });
}

function convertToolChoice(choice: OpenAIRequestBody['tool_choice']): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name };
  switch (choice) {
    case 'none':
      return { type: 'none' };
    case 'auto':
      return { type: 'auto' };
    case 'required':
      return { type: 'required' };
    default: {
      const exhaustive: never = choice;
      throw new Error(`unknown tool_choice ${String(exhaustive)}`);
    }
  }
}

/** Limits the gateway cannot honour, refused with the parameter named rather than silently changed. */
function checkSupported(body: OpenAIRequestBody): void {
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw invalidRequest('n', `Invalid value for 'n': only n=1 is supported (one choice per request)`);
  }
  const { max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens } = body;
  if (maxTokens != null && maxCompletionTokens != null && maxTokens !== maxCompletionTokens) {
    throw invalidRequest('max_tokens', `'max_tokens' and 'max_completion_tokens' disagree; send only one of them`);
  }
  if (body.stream_options != null && body.stream !== true) {
    throw invalidRequest('stream_options', `'stream_options' is only allowed when 'stream' is true`);
  }
  if (body.tool_choice !== undefined && typeof body.tool_choice === 'object') {
    const name = body.tool_choice.function.name;
    if (!(body.tools ?? []).some((tool) => tool.function.name === name)) {
      throw invalidRequest('tool_choice', `'tool_choice' names the function '${name}', which is not in 'tools'`);
    }
  }
}

/**
 * Requests that are well-formed but cannot mean anything (422). Tool messages that answer no
 * earlier tool call are left to the upstream: clients that trim long histories send them.
 */
function checkCoherent(body: OpenAIRequestBody): void {
  const toolNames = new Set<string>();
  body.tools?.forEach((tool, index) => {
    if (toolNames.has(tool.function.name)) {
      const param = `tools[${index}].function.name`;
      throw unprocessableRequest(param, `'${param}': two tools are named '${tool.function.name}'; tool names must be unique`);
    }
    toolNames.add(tool.function.name);
  });
}

function textLength(content: string | ReadonlyArray<{ type: string; text?: string; refusal?: string }> | null | undefined): number {
  if (content === null || content === undefined) return 0;
  if (typeof content === 'string') return content.length;
  let chars = 0;
  for (const part of content) chars += (part.text ?? part.refusal ?? '').length;
  return chars;
}

/** The text each message carries: content, refusals and tool-call arguments. */
function* contentSizes(messages: readonly OpenAIMessage[]): Generator<ContentSize> {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as OpenAIMessage;
    let chars = textLength(message.content);
    if (message.role === 'assistant') {
      chars += message.refusal?.length ?? 0;
      for (const call of message.tool_calls ?? []) chars += call.function.arguments.length;
    }
    yield { param: `messages[${index}].content`, chars };
  }
}

/**
 * An OpenAI Chat Completions parser under these limits: forbidden fields first (so a redirect
 * attempt is named as such), then the schema, sizes, support and coherence.
 *
 * https://platform.openai.com/docs/api-reference/chat/create
 */
export function createOpenAIRequestParser(limits: RequestLimits): (body: unknown, requestId: string) => ChatRequest {
  const schema = createOpenAIRequestSchema(limits);
  return function parseOpenAIRequest(body, requestId) {
    refuseForbiddenFields(body, limits.max_json_depth);
    const parsed = parseWithSchema(schema, body);
    checkContentSize(contentSizes(parsed.messages), limits, 'messages');
    checkSupported(parsed);
    checkCoherent(parsed);
    const stream = parsed.stream ?? false;
    const request: ChatRequest = {
      model: parsed.model,
      messages: convertOpenAIMessages(parsed.messages),
      stream,
      includeUsage: stream && (parsed.stream_options?.include_usage ?? false),
      metadata: { requestId, clientFormat: 'openai' },
    };
    const maxTokens = parsed.max_completion_tokens ?? parsed.max_tokens;
    if (maxTokens != null) request.maxTokens = maxTokens;
    if (parsed.temperature != null) request.temperature = parsed.temperature;
    if (parsed.top_p != null) request.topP = parsed.top_p;
    if (parsed.stop != null) request.stop = typeof parsed.stop === 'string' ? [parsed.stop] : parsed.stop;
    if (parsed.presence_penalty != null) request.presencePenalty = parsed.presence_penalty;
    if (parsed.frequency_penalty != null) request.frequencyPenalty = parsed.frequency_penalty;
    if (parsed.seed != null) request.seed = parsed.seed;
    const tools = convertTools(parsed.tools);
    if (tools !== undefined) request.tools = tools;
    const toolChoice = convertToolChoice(parsed.tool_choice);
    if (toolChoice !== undefined) request.toolChoice = toolChoice;
    if (parsed.parallel_tool_calls !== undefined) request.parallelToolCalls = parsed.parallel_tool_calls;
    if (parsed.response_format !== undefined) request.responseFormat = parsed.response_format;
    // `safety_identifier` is OpenAI's successor to `user`; either identifies the end user.
    const user = parsed.user ?? parsed.safety_identifier;
    if (user != null) request.user = user;
    return request;
  };
}

/** Validates an OpenAI Chat Completions body under the default limits and builds the unified request. */
export const parseOpenAIRequest = createOpenAIRequestParser(DEFAULT_REQUEST_LIMITS);
