import { createSensitiveDataError } from '../security/guardrails/data/sensitive-data-error.js';
import type { Guards } from '../security/guardrails/input-guards.js';
import { formatInjectionRiskHeader } from '../security/guardrails/prompt-injection/injection-risk-header.js';
import { promptInjectionRefusal } from '../security/guardrails/prompt-injection/prompt-injection-refusal.js';
import type { RequestContext } from './request-context.js';
import type { ChatChunk, ChatRequest } from './types.js';

/**
 * Stage 3, guard (in): the prompt-injection guard scores the request (its rule ids and score go to
 * `x-securellm-risk` and the audit record, never the text), then the PII and secret guards redact,
 * block, flag or mark it local-only. Returns the request to send on (a redacted copy, or the same).
 */
export function guardRequest(guards: Guards, context: RequestContext, request: ChatRequest): ChatRequest {
  const injection = guards.injection.scan(request);
  context.promptInjection = injection;
  if (injection.ruleIds.length > 0) context.responseHeaders = { ...context.responseHeaders, 'x-securellm-risk': formatInjectionRiskHeader(injection) };
  if (injection.action === 'block') throw promptInjectionRefusal(injection);
  const inspected = guards.data.inspectRequest(request);
  context.dataVerdict = inspected.verdict;
  if (inspected.verdict.action === 'block') throw createSensitiveDataError(inspected.verdict, 'request');
  if (inspected.verdict.action === 'local_only') context.localOnly = true;
  return inspected.request;
}

/**
 * Guard (out): the same PII and secret guards on the answer, as it streams. Text is held back only
 * as long as it could still be the start of a secret split across chunks; everything held is
 * released before the usage and finish chunks. A block ends the stream with an error.
 */
export async function* guardResponse(guards: Guards, context: RequestContext, chunks: AsyncIterable<ChatChunk>): AsyncGenerator<ChatChunk> {
  if (!guards.filtersOutput) {
    yield* chunks;
    return;
  }
  const filter = guards.data.createOutputFilter();
  const flush = function* (): Generator<ChatChunk> {
    for (const channel of filter.pendingChannels()) {
      const rest = filter.end(channel);
      if (rest !== '') yield chunkFor(channel, rest);
    }
  };
  // Text, reasoning and tool calls keep their order: a channel's held tail goes out before another
  // channel's next piece. Interleaved tool calls keep their own tails (each is one JSON text).
  const flushOthers = function* (channel: string): Generator<ChatChunk> {
    for (const pending of filter.pendingChannels()) {
      if (pending === channel || (pending.startsWith('tool:') && channel.startsWith('tool:'))) continue;
      const rest = filter.end(pending);
      if (rest !== '') yield chunkFor(pending, rest);
    }
  };
  try {
    for await (const chunk of chunks) {
      if (chunk.type === 'text' || chunk.type === 'reasoning') {
        yield* flushOthers(chunk.type);
        const released = filter.push(chunk.text, chunk.type);
        if (released !== '') yield { type: chunk.type, text: released };
      } else if (chunk.type === 'tool_call_delta') {
        yield* flushOthers(`tool:${chunk.index}`);
        const released = filter.push(chunk.arguments, `tool:${chunk.index}`);
        if (released !== '') yield { type: 'tool_call_delta', index: chunk.index, arguments: released };
      } else if (chunk.type === 'usage' || chunk.type === 'finish') {
        yield* flush();
        yield chunk;
      } else {
        yield chunk;
      }
    }
    yield* flush();
  } catch (error) {
    // The upstream failed mid-stream: what was held back is released (scanned whole, as at the
    // end) before the error, so the client sees all the text that came. A block is not flushed.
    if (filter.verdict().action !== 'block') yield* flush();
    throw error;
  } finally {
    context.outputVerdict = filter.verdict();
  }
}

function chunkFor(channel: string, text: string): ChatChunk {
  if (channel.startsWith('tool:')) return { type: 'tool_call_delta', index: Number(channel.slice(5)), arguments: text };
  return { type: channel === 'reasoning' ? 'reasoning' : 'text', text };
}
