import type { JsonObject, JsonValue } from '../../core/types.js';

/**
 * A tool call's JSON-text arguments as the `input` object Anthropic clients expect. Models do emit
 * broken or non-object JSON now and then; `{}` keeps the response well-formed, and the client's
 * own argument validation reports the problem as it would for any bad call.
 */
export function toolInputObject(argumentsText: string): JsonObject {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(argumentsText) as JsonValue;
  } catch {
    return {};
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
}
