import { GatewayError, type ErrorCode } from '../../../core/errors.js';
import type { InjectionVerdict } from './injection-verdict.js';

/**
 * The error a blocked request gets. It names rule ids only, never the matched text, so the refusal
 * neither echoes the attack nor teaches which words to change. The code defaults to `unprocessable`
 * (422) until a dedicated `prompt_injection_detected` code exists.
 */
export function promptInjectionRefusal(verdict: InjectionVerdict, code: ErrorCode = 'prompt_injection_detected'): GatewayError {
  return new GatewayError(code, `request refused by the prompt-injection guard (rules: ${verdict.ruleIds.join(', ')})`);
}
