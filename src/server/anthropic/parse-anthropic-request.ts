import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/types.js';
import { invalidRequest, parseWithSchema, unprocessableRequest } from '../invalid-request-error.js';
import { checkContentSize, type ContentSize } from '../validation/content-size.js';
import { refuseForbiddenFields } from '../validation/forbidden-fields.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../validation/request-limits.js';
import { createAnthropicRequestSchema, type AnthropicContentBlock, type AnthropicRequestBody } from './anthropic-request-schema.js';
import { convertAnthropicMessages } from './convert-anthropic-messages.js';

function convertTools(tools: AnthropicRequestBody['tools']): ToolDefinition[] | undefined {
  return tools?.map((tool) => {
    const converted: ToolDefinition = { name: tool.name, parameters: tool.input_schema };
    if (tool.description !== undefined) converted.description = tool.description;
    return converted;
  });
}

/** https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use */
function convertToolChoice(choice: NonNullable<AnthropicRequestBody['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return { type: 'auto' };
    case 'any':
      return { type: 'required' };
    case 'tool':
      return { type: 'tool', name: choice.name };
    case 'none':
      return { type: 'none' };
    default: {
      const exhaustive: never = choice;
      throw new Error(`unknown tool_choice ${JSON.stringify(exhaustive)}`);
    }
  }
}

function blockChars(block: AnthropicContentBlock): number {
  switch (block.type) {
    case 'text':
      return block.text.length;
    case 'thinking':
      return block.thinking.length;
    case 'tool_result':
      if (typeof block.content === 'string') return block.content.length;
      return (block.content ?? []).reduce((chars, part) => chars + (part.type === 'text' ? part.text.length : 0), 0);
    default:
      // Images are bounded by the body size; tool_use input is structure, not prose.
      return 0;
  }
}

/** The text of the system prompt and of each message. */
function* contentSizes(body: AnthropicRequestBody): Generator<ContentSize> {
  if (body.system !== undefined) {
    const chars = typeof body.system === 'string' ? body.system.length : body.system.reduce((sum, block) => sum + block.text.length, 0);
    yield { param: 'system', chars };
  }
  for (let index = 0; index < body.messages.length; index++) {
    const content = body.messages[index]?.content ?? '';
    const chars = typeof content === 'string' ? content.length : content.reduce((sum, block) => sum + blockChars(block), 0);
    yield { param: `messages[${index}].content`, chars };
  }
}

/**
 * Requests that are well-formed but cannot mean anything (422). Tool results that answer no
 * earlier tool_use are left to the upstream: clients that trim long histories send them.
 */
function checkCoherent(body: AnthropicRequestBody): void {
  const toolNames = new Set<string>();
  body.tools?.forEach((tool, index) => {
    const param = `tools[${index}].name`;
    if (toolNames.has(tool.name)) throw unprocessableRequest(param, `'${param}': two tools are named '${tool.name}'; tool names must be unique`);
    toolNames.add(tool.name);
  });
}

/**
 * An Anthropic Messages parser under these limits: forbidden fields first (so a redirect attempt
 * is named as such), then the schema, sizes and coherence.
 *
 * https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicRequestParser(limits: RequestLimits): (body: unknown, requestId: string) => ChatRequest {
  const schema = createAnthropicRequestSchema(limits);
  return function parseAnthropicRequest(body, requestId) {
    refuseForbiddenFields(body, limits.max_json_depth);
    const parsed = parseWithSchema(schema, body);
    checkContentSize(contentSizes(parsed), limits, 'messages');
    checkCoherent(parsed);
    const request: ChatRequest = {
      model: parsed.model,
      messages: convertAnthropicMessages(parsed.system, parsed.messages),
      maxTokens: parsed.max_tokens,
      stream: parsed.stream ?? false,
      // Anthropic streams always end with usage in `message_delta`; there is nothing to opt into.
      includeUsage: false,
      metadata: { requestId, clientFormat: 'anthropic' },
    };
    if (parsed.temperature !== undefined) request.temperature = parsed.temperature;
    if (parsed.top_p !== undefined) request.topP = parsed.top_p;
    if (parsed.top_k !== undefined) request.topK = parsed.top_k;
    if (parsed.stop_sequences !== undefined && parsed.stop_sequences.length > 0) request.stop = parsed.stop_sequences;
    const tools = convertTools(parsed.tools);
    if (tools !== undefined) request.tools = tools;
    if (parsed.tool_choice !== undefined) {
      const choice = parsed.tool_choice;
      if (choice.type === 'tool' && !(parsed.tools ?? []).some((tool) => tool.name === choice.name)) {
        throw invalidRequest('tool_choice.name', `Invalid value for 'tool_choice.name': no tool named '${choice.name}' in 'tools'`);
      }
      request.toolChoice = convertToolChoice(choice);
      if (choice.type !== 'none' && choice.disable_parallel_tool_use !== undefined) {
        request.parallelToolCalls = !choice.disable_parallel_tool_use;
      }
    }
    const user = parsed.metadata?.user_id;
    if (user !== undefined && user !== null) request.user = user;
    return request;
  };
}

/** Validates an Anthropic Messages body under the default limits and builds the unified request. */
export const parseAnthropicRequest = createAnthropicRequestParser(DEFAULT_REQUEST_LIMITS);
