import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import type { ChatRequest } from '../core/types.js';
import type { Target } from '../routing/target.js';

/** Bumped when the key's material changes, so old entries of a shared store are never read. */
const KEY_VERSION = 1;

/**
 * The cache key of a request: SHA-256 over the tenant and everything that shapes the answer, in
 * canonical JSON (object keys sorted, so a client's key order does not matter). The request is
 * the one after the input guards (redacted text, not the original). Left out: the model name the
 * client typed (the targets it resolved to stand for it, sorted so that `cheapest` and `fastest`
 * re-ordering them keeps the key), the stream flag and `include_usage` (how the answer is sent,
 * not what it says), and the request id.
 */
export function cacheKeyOf(tenant: string, request: ChatRequest, targets: readonly Target[]): string {
  const material = canonicalJson({
    version: KEY_VERSION,
    tenant,
    targets: targets.map((target) => target.id).sort(),
    messages: request.messages,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stop: request.stop,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    seed: request.seed,
    tools: request.tools,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    responseFormat: request.responseFormat,
    user: request.user,
  });
  return `securellm:cache:v${KEY_VERSION}:${createHash('sha256').update(material).digest('hex')}`;
}
