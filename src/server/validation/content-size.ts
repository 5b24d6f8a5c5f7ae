import { GatewayError } from '../../core/errors.js';
import type { RequestLimits } from './request-limits.js';

/** The text one message (or the system prompt) carries, with the parameter that names it. */
export interface ContentSize {
  param: string;
  chars: number;
}

function tooLarge(param: string, message: string): GatewayError {
  return new GatewayError('payload_too_large', message, { param });
}

/**
 * Refuses a message whose text exceeds `max_message_chars`, or a conversation whose text together
 * exceeds `max_total_chars`, with 413 naming the field: a size limit, like the body's, but one
 * that holds whatever `max_body_bytes` an operator chose to allow images.
 */
export function checkContentSize(sizes: Iterable<ContentSize>, limits: RequestLimits, totalParam: string): void {
  let total = 0;
  for (const { param, chars } of sizes) {
    if (chars > limits.max_message_chars) {
      throw tooLarge(param, `'${param}' holds ${chars} characters of text; the limit per message is ${limits.max_message_chars}`);
    }
    total += chars;
  }
  if (total > limits.max_total_chars) {
    throw tooLarge(totalParam, `the messages hold ${total} characters of text together; the limit is ${limits.max_total_chars}`);
  }
}
