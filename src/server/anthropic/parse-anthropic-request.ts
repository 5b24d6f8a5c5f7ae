import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/types.js';
import { invalidRequest, parseWithSchema } from '../invalid-request-error.js';
import { anthropicRequestSchema, type AnthropicRequestBody } from './anthropic-request-schema.js';
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

/**
 * Validates an Anthropic Messages body and builds the unified request.
 *
 * https://docs.anthropic.com/en/api/messages
 */
export function parseAnthropicRequest(body: unknown, requestId: string): ChatRequest {
  const parsed = parseWithSchema(anthropicRequestSchema, body);
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
}
