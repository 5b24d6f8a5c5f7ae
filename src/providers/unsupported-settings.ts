import type { ProviderKind } from '../core/provider.js';
import type { ChatRequest } from '../core/types.js';

/**
 * Settings the client set that the chosen provider's API has no field for. They cannot be sent,
 * so they are reported (the `x-securellm-ignored-params` header and the request log), never
 * dropped silently. Names are the wire names clients know.
 */
export function unsupportedSettings(kind: ProviderKind, request: ChatRequest): string[] {
  const ignored: string[] = [];
  const note = (value: unknown, name: string): void => {
    if (value !== undefined) ignored.push(name);
  };
  switch (kind) {
    case 'openai':
    case 'deepseek':
    case 'local':
      note(request.topK, 'top_k');
      break;
    case 'anthropic':
      note(request.seed, 'seed');
      note(request.presencePenalty, 'presence_penalty');
      note(request.frequencyPenalty, 'frequency_penalty');
      note(request.responseFormat, 'response_format');
      break;
    case 'ollama': {
      const choice = request.toolChoice?.type;
      if (choice === 'required' || choice === 'tool') ignored.push('tool_choice');
      note(request.parallelToolCalls, 'parallel_tool_calls');
      const format = request.responseFormat?.['type'];
      if (request.responseFormat !== undefined && format !== 'json_object' && format !== 'json_schema') ignored.push('response_format');
      break;
    }
    default: {
      const exhaustive: never = kind;
      throw new Error(`unknown provider kind ${String(exhaustive)}`);
    }
  }
  return ignored;
}
