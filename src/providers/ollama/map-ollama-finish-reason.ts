import type { FinishReason } from '../../core/types.js';

/**
 * Ollama `done_reason` → unified finish reason. Ollama reports `stop` even when the model called
 * tools, so the calls seen decide `tool_calls`.
 * See https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function mapOllamaFinishReason(doneReason: string | undefined, sawToolCalls: boolean): FinishReason {
  if (doneReason === 'length') return 'length';
  if (sawToolCalls) return 'tool_calls';
  return 'stop';
}
