/**
 * Anthropic Messages on the wire.
 * https://docs.anthropic.com/en/api/messages (the Message object)
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming (message_start, content blocks with
 * text_delta / input_json_delta / thinking_delta, message_delta, message_stop, ping, error)
 */
import { anthropicErrorBody } from './error-bodies.js';
import { argumentsAsObject, type ReplyPlan } from './reply-plan.js';
import { sseContentType, sseEventFrame, type StreamAnswer, type WireFormat } from './wire-format.js';

const stopReasons = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' } as const;

function toolUseId(answerId: string, index: number): string {
  return `toolu_${answerId}_${index}`;
}


const fakeSignature = 'ZmFrZS1zaWduYXR1cmU=';

function messageShell(plan: ReplyPlan, answerId: string, content: unknown[]): Record<string, unknown> {
  return {
    id: `msg_${answerId}`,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content,
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: plan.usage.prompt, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

function wholeAnswer(plan: ReplyPlan, answerId: string): unknown {
  const content: unknown[] = [];
  if (plan.reasoningPieces.length > 0) {
    content.push({ type: 'thinking', thinking: plan.reasoningPieces.join(''), signature: fakeSignature });
  }
  if (plan.textPieces.length > 0 || plan.toolCalls.length === 0) content.push({ type: 'text', text: plan.textPieces.join('') });
  plan.toolCalls.forEach((call, index) => {
    content.push({ type: 'tool_use', id: toolUseId(answerId, index), name: call.name, input: argumentsAsObject(call.arguments) });
  });
  return {
    ...messageShell(plan, answerId, content),
    stop_reason: stopReasons[plan.finish],
    usage: {
      input_tokens: plan.usage.prompt,
      output_tokens: plan.usage.completion,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

function streamAnswer(plan: ReplyPlan, answerId: string, requestId: string): StreamAnswer {
  const frames = [
    sseEventFrame('message_start', { type: 'message_start', message: messageShell(plan, answerId, []) }),
    sseEventFrame('ping', { type: 'ping' }),
  ];
  let index = 0;
  const block = (start: unknown, deltas: unknown[]): void => {
    frames.push(sseEventFrame('content_block_start', { type: 'content_block_start', index, content_block: start }));
    for (const delta of deltas) frames.push(sseEventFrame('content_block_delta', { type: 'content_block_delta', index, delta }));
    frames.push(sseEventFrame('content_block_stop', { type: 'content_block_stop', index }));
    index += 1;
  };

  if (plan.reasoningPieces.length > 0) {
    block({ type: 'thinking', thinking: '', signature: '' }, [
      ...plan.reasoningPieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: fakeSignature },
    ]);
  }
  if (plan.textPieces.length > 0 || plan.toolCalls.length === 0) {
    block({ type: 'text', text: '' }, plan.textPieces.map((text) => ({ type: 'text_delta', text })));
  }
  plan.toolCalls.forEach((call, callIndex) => {
    block(
      { type: 'tool_use', id: toolUseId(answerId, callIndex), name: call.name, input: {} },
      call.argumentPieces.map((partial_json) => ({ type: 'input_json_delta', partial_json })),
    );
  });
  frames.push(
    sseEventFrame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReasons[plan.finish], stop_sequence: null },
      usage: { output_tokens: plan.usage.completion },
    }),
    sseEventFrame('message_stop', { type: 'message_stop' }),
  );

  // Anthropic reports overload after a 200 as an `error` event (a 529 outside a stream).
  const inBandErrorFrame = sseEventFrame('error', anthropicErrorBody('overloaded_error', 'Overloaded', requestId));
  return { contentType: sseContentType, frames, inBandErrorFrame };
}

/** `requestId` goes into the in-band error body, as Anthropic's errors carry it. */
export function anthropicWire(requestId: string): WireFormat {
  return {
    wantsStream: (body) => body.stream === true,
    whole: (plan, answerId) => wholeAnswer(plan, answerId),
    stream: (plan, answerId) => streamAnswer(plan, answerId, requestId),
  };
}
