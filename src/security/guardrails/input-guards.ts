import type { Config } from '../../config/schema.js';
import { createDataGuard, type DataGuard } from './data/create-data-guard.js';
import { createPromptInjectionGuard, type PromptInjectionGuard } from './prompt-injection/prompt-injection-guard.js';

/** The guards, built once from `[security.guardrails]` (deny patterns are compiled and checked here). */
export interface Guards {
  injection: PromptInjectionGuard;
  data: DataGuard;
  /** Whether answers go through the output filter (`scan_responses`, and something to look for). */
  filtersOutput: boolean;
}

export function createGuards(guardrails: Readonly<Config['security']['guardrails']>): Guards {
  return {
    injection: createPromptInjectionGuard({ mode: guardrails.prompt_injection }),
    data: createDataGuard({ pii: guardrails.pii, secrets: guardrails.secrets, denyPatterns: guardrails.deny_patterns }),
    filtersOutput: guardrails.scan_responses && (guardrails.pii !== 'off' || guardrails.secrets !== 'off' || guardrails.deny_patterns.length > 0),
  };
}
