import type { ProviderConfig } from '../../config/schema.js';
import type { ChatRequest, ToolChoice } from '../../core/types.js';
import type { AnthropicMessagesRequest, AnthropicToolChoice } from './anthropic-api.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

/** Used when neither the client nor the config names `max_tokens`, which the API requires. */
export const ANTHROPIC_FALLBACK_MAX_TOKENS = 4096;

/**
 * Builds the body of `POST /v1/messages` from a unified request.
 * Settings the Messages API has no field for (seed, presence and frequency penalties,
 * `response_format`) are not sent.
 * See https://docs.anthropic.com/en/api/messages
 */
export function buildAnthropicRequest(
  request: ChatRequest,
  model: string,
  config: Readonly<ProviderConfig>,
  provider: string,
): AnthropicMessagesRequest {
  const prompt = convertToAnthropicMessages(request.messages, provider);
  const body: AnthropicMessagesRequest = {
    model,
    max_tokens: request.maxTokens ?? config.default_max_tokens ?? ANTHROPIC_FALLBACK_MAX_TOKENS,
    messages: prompt.messages,
    stream: request.stream,
  };
  if (prompt.system !== undefined) body.system = prompt.system;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => {
      const wireTool: NonNullable<AnthropicMessagesRequest['tools']>[number] = { name: tool.name, input_schema: tool.parameters };
      if (tool.description !== undefined) wireTool.description = tool.description;
      return wireTool;
    });
  }
  const toolChoice = mapAnthropicToolChoice(request.toolChoice, request.parallelToolCalls, body.tools !== undefined);
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  return body;
}

/**
 * Unified tool choice → Anthropic's `tool_choice`. Anthropic carries "no parallel calls" inside
 * `tool_choice`, so `parallelToolCalls: false` alone still produces `{type:'auto', ...}`.
 * See https://docs.anthropic.com/en/docs/build-with-claude/tool-use#forcing-tool-use
 */
export function mapAnthropicToolChoice(
  choice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
  hasTools: boolean,
): AnthropicToolChoice | undefined {
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return hasTools && parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined;
  switch (choice.type) {
    case 'auto':
      return { type: 'auto', ...disableParallel };
    case 'required':
      return { type: 'any', ...disableParallel };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disableParallel };
    case 'none':
      return { type: 'none' };
    default: {
      const exhaustive: never = choice;
      throw new Error(`unknown tool choice ${JSON.stringify(exhaustive)}`);
    }
  }
}
