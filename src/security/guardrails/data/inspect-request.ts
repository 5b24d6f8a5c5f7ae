import type { ChatRequest, ContentPart, Message, ToolCall } from '../../../core/types.js';
import type { DataPolicy } from './data-policy.js';
import type { DataVerdict } from './data-verdict.js';
import { findSensitiveSpans } from './find-sensitive-spans.js';
import { FindingTally } from './finding-tally.js';
import { redactSpans } from './redact-spans.js';

export interface RequestInspection {
  /** The same object when nothing was redacted; otherwise a copy sharing every unchanged message. */
  request: ChatRequest;
  verdict: DataVerdict;
}

/**
 * Scans what the request would send upstream: the text parts of every message (system, user,
 * assistant history, tool results), the assistant's tool-call arguments, and the end-user id.
 * Images, tool definitions and sampling settings are not text the user typed, and are not scanned.
 * Never mutates `request`. On `block` the original request is returned with the verdict.
 */
export function inspectRequest(request: ChatRequest, policy: DataPolicy): RequestInspection {
  const tally = new FindingTally();
  const inspectText = (text: string): string => {
    const spans = findSensitiveSpans(text, policy.detectors);
    if (spans.length === 0) return text;
    let redacts = false;
    for (const span of spans) {
      const handling = policy.handling(span.detector.category);
      tally.record(span, handling);
      redacts ||= handling === 'redact';
    }
    return redacts ? redactSpans(text, spans, (span) => policy.handling(span.detector.category) === 'redact') : text;
  };

  let changed = false;
  const messages = request.messages.map((message) => {
    const inspected = inspectMessage(message, inspectText);
    changed ||= inspected !== message;
    return inspected;
  });
  const user = request.user === undefined ? undefined : inspectText(request.user);
  changed ||= user !== request.user;

  const verdict = tally.verdict();
  if (!changed || verdict.action === 'block') return { request, verdict };
  const redacted: ChatRequest = { ...request, messages };
  if (user !== undefined) redacted.user = user;
  return { request: redacted, verdict };
}

function inspectMessage(message: Message, inspectText: (text: string) => string): Message {
  let changed = false;
  const content = message.content.map((part): ContentPart => {
    if (part.type !== 'text') return part;
    const text = inspectText(part.text);
    if (text === part.text) return part;
    changed = true;
    return { ...part, text };
  });
  const toolCalls = message.toolCalls?.map((call): ToolCall => {
    const callArguments = inspectText(call.arguments);
    if (callArguments === call.arguments) return call;
    changed = true;
    return { ...call, arguments: callArguments };
  });
  if (!changed) return message;
  const redacted: Message = { ...message, content };
  if (toolCalls !== undefined) redacted.toolCalls = toolCalls;
  return redacted;
}
