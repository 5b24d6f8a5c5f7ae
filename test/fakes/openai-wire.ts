/**
 * OpenAI Chat Completions on the wire, also spoken by DeepSeek and the local ml-offload-api.
 * https://platform.openai.com/docs/api-reference/chat/object (chat.completion)
 * https://platform.openai.com/docs/api-reference/chat/streaming (chat.completion.chunk, `data: [DONE]`)
 * DeepSeek adds `reasoning_content` and cache usage fields:
 * https://api-docs.deepseek.com/guides/reasoning_model, https://api-docs.deepseek.com/api/create-chat-completion
 */
import type { FakeKind } from './fake-types.js';
import { openAiErrorBody } from './error-bodies.js';
import type { ReplyPlan } from './reply-plan.js';
import { sseContentType, sseDataFrame, type StreamAnswer, type WireFormat } from './wire-format.js';

type OpenAiKind = Extract<FakeKind, 'openai' | 'deepseek' | 'local'>;

function usageObject(kind: OpenAiKind, plan: ReplyPlan): Record<string, unknown> {
  const { prompt, completion } = plan.usage;
  const usage: Record<string, unknown> = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (kind === 'deepseek') {
    // DeepSeek reports its context cache split and counts reasoning pieces as reasoning tokens.
    usage.prompt_cache_hit_tokens = 0;
    usage.prompt_cache_miss_tokens = prompt;
    usage.completion_tokens_details = { reasoning_tokens: plan.reasoningPieces.length };
  }
  return usage;
}

function toolCallId(answerId: string, index: number): string {
  return `call_${answerId}_${index}`;
}

function wantsUsageChunk(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return typeof options === 'object' && options !== null && (options as Record<string, unknown>).include_usage === true;
}

function wholeAnswer(kind: OpenAiKind, plan: ReplyPlan, answerId: string): unknown {
  const text = plan.textPieces.join('');
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.toolCalls.length > 0 && text === '' ? null : text,
    refusal: null,
  };
  if (kind === 'deepseek' && plan.reasoningPieces.length > 0) message.reasoning_content = plan.reasoningPieces.join('');
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call, index) => ({
      id: toolCallId(answerId, index),
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: `chatcmpl-${answerId}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finish }],
    usage: usageObject(kind, plan),
    system_fingerprint: 'fp_fake',
  };
}

function streamAnswer(kind: OpenAiKind, plan: ReplyPlan, answerId: string, body: Record<string, unknown>): StreamAnswer {
  const includeUsage = wantsUsageChunk(body);
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], usage?: unknown): string =>
    sseDataFrame({
      id: `chatcmpl-${answerId}`,
      object: 'chat.completion.chunk',
      created,
      model: plan.model,
      system_fingerprint: 'fp_fake',
      choices,
      // With include_usage every chunk carries `usage`: null until the final usage-only chunk.
      ...(includeUsage ? { usage: usage ?? null } : {}),
    });
  const delta = (content: Record<string, unknown>, finish: string | null = null): string =>
    chunk([{ index: 0, delta: content, logprobs: null, finish_reason: finish }]);

  const frames = [delta({ role: 'assistant', content: '', refusal: null })];
  for (const piece of plan.reasoningPieces) {
    if (kind === 'deepseek') frames.push(delta({ content: null, reasoning_content: piece }));
  }
  for (const piece of plan.textPieces) frames.push(delta({ content: piece }));
  plan.toolCalls.forEach((call, index) => {
    frames.push(
      delta({
        tool_calls: [{ index, id: toolCallId(answerId, index), type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const piece of call.argumentPieces) frames.push(delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  frames.push(delta({}, plan.finish));
  if (includeUsage) frames.push(chunk([], usageObject(kind, plan)));
  frames.push('data: [DONE]\n\n');

  // OpenAI reports a failure after the stream began as a data event holding an `error` object.
  const inBandErrorFrame = sseDataFrame(
    openAiErrorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null),
  );
  return { contentType: sseContentType, frames, inBandErrorFrame };
}

export function openAiWire(kind: OpenAiKind): WireFormat {
  return {
    wantsStream: (body) => body.stream === true,
    whole: (plan, answerId) => wholeAnswer(kind, plan, answerId),
    stream: (plan, answerId, body) => streamAnswer(kind, plan, answerId, body),
  };
}
