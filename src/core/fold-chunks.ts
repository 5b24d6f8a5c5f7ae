import type { ChatChunk, ChatResponse, FinishReason, ToolCall, Usage } from './types.js';

/** Folds a provider's chunk stream into one whole answer (the non-streaming response). */
export async function foldChunks(chunks: AsyncIterable<ChatChunk>): Promise<ChatResponse> {
  let id = '';
  let model = '';
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  let finishReason: FinishReason = 'stop';
  let usage: Usage = { promptTokens: 0, completionTokens: 0 };
  for await (const chunk of chunks) {
    switch (chunk.type) {
      case 'start':
        id = chunk.id;
        model = chunk.model;
        break;
      case 'text':
        text += chunk.text;
        break;
      case 'reasoning':
        reasoning += chunk.text;
        break;
      case 'tool_call_start':
        toolCalls[chunk.index] = { id: chunk.id, name: chunk.name, arguments: '' };
        break;
      case 'tool_call_delta': {
        const call = toolCalls[chunk.index];
        if (call) call.arguments += chunk.arguments;
        break;
      }
      case 'usage':
        usage = chunk.usage;
        break;
      case 'finish':
        finishReason = chunk.reason;
        break;
      default: {
        const exhaustive: never = chunk;
        throw new Error(`unknown chunk ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  const response: ChatResponse = {
    id,
    model,
    text,
    toolCalls: toolCalls.filter((call): call is ToolCall => call !== undefined),
    finishReason,
    usage,
  };
  if (reasoning !== '') response.reasoning = reasoning;
  return response;
}
