import { countTextTokens } from '../security/rate-limit/estimate-request-tokens.js';

/**
 * Completion tokens in delivered text, with the o200k_base encoding (GPT-4o; close for other
 * models). For a stream that ended before the provider reported usage: give it the text and
 * tool-call arguments that were delivered. An array of pieces is joined first, so a token split
 * across two chunks counts once, as the provider would count it.
 */
export function countCompletionTokens(text: string | readonly string[]): number {
  return countTextTokens(typeof text === 'string' ? text : text.join(''));
}
