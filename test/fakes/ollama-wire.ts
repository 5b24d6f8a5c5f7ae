/**
 * Ollama's native chat API on the wire: NDJSON, one object per line, streaming unless the request
 * says `stream: false`; the final object has `done: true` with done_reason and the eval counts.
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
import { argumentsAsObject, type ReplyPlan } from './reply-plan.js';
import type { StreamAnswer, WireFormat } from './wire-format.js';


function toolCallsOf(plan: ReplyPlan): unknown[] {
  return plan.toolCalls.map((call) => ({ function: { name: call.name, arguments: argumentsAsObject(call.arguments) } }));
}

/** Ollama has no tool-call finish reason: a turn that calls tools still ends with `stop`. */
function doneReason(plan: ReplyPlan): string {
  return plan.finish === 'length' ? 'length' : 'stop';
}

function finalFields(plan: ReplyPlan): Record<string, unknown> {
  // Durations are in nanoseconds; fixed numbers keep the output deterministic.
  return {
    done: true,
    done_reason: doneReason(plan),
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: plan.usage.prompt,
    prompt_eval_duration: 200_000,
    eval_count: plan.usage.completion,
    eval_duration: 700_000,
  };
}

function wholeAnswer(plan: ReplyPlan): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: plan.textPieces.join('') };
  if (plan.reasoningPieces.length > 0) message.thinking = plan.reasoningPieces.join('');
  if (plan.toolCalls.length > 0) message.tool_calls = toolCallsOf(plan);
  return { model: plan.model, created_at: new Date().toISOString(), message, ...finalFields(plan) };
}

function streamAnswer(plan: ReplyPlan): StreamAnswer {
  const line = (message: Record<string, unknown>, extra: Record<string, unknown> = { done: false }): string =>
    `${JSON.stringify({ model: plan.model, created_at: new Date().toISOString(), message: { role: 'assistant', ...message }, ...extra })}\n`;
  const frames: string[] = [];
  for (const thinking of plan.reasoningPieces) frames.push(line({ content: '', thinking }));
  for (const content of plan.textPieces) frames.push(line({ content }));
  // Ollama sends tool calls whole, in one line, never as argument fragments.
  if (plan.toolCalls.length > 0) frames.push(line({ content: '', tool_calls: toolCallsOf(plan) }));
  frames.push(line({ content: '' }, finalFields(plan)));
  const inBandErrorFrame = `${JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' })}\n`;
  return { contentType: 'application/x-ndjson', frames, inBandErrorFrame };
}

export function ollamaWire(): WireFormat {
  return {
    wantsStream: (body) => body.stream !== false,
    whole: (plan) => wholeAnswer(plan),
    stream: (plan) => streamAnswer(plan),
  };
}
