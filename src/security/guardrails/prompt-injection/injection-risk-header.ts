import type { InjectionVerdict } from './injection-verdict.js';

/**
 * A value for the `x-securellm-risk` response header: `prompt-injection; score=0.96; action=flag;
 * rules=a,b`. Rule ids are `[a-z0-9.-]`, so the value never holds CR, LF or a quote.
 */
export function formatInjectionRiskHeader(verdict: InjectionVerdict): string {
  return `prompt-injection; score=${verdict.score}; action=${verdict.action}; rules=${verdict.ruleIds.join(',')}`;
}
