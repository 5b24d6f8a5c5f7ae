import type { Finding, PostureContext } from './finding.js';

const GUARDS = [
  { key: 'prompt_injection', what: 'prompt injection attempts reach the model unchecked', setting: 'block' },
  { key: 'pii', what: 'personal data (e-mail addresses, phone and card numbers…) goes upstream as written', setting: 'redact' },
  { key: 'secrets', what: 'credentials pasted into prompts go upstream as written', setting: 'redact' },
] as const;

/** Guards switched off, and answers that are not scanned for secrets and personal data. */
export function checkGuardrails({ config }: PostureContext): Finding[] {
  const guardrails = config.security.guardrails;
  const findings: Finding[] = [];
  for (const guard of GUARDS) {
    if (guardrails[guard.key] !== 'off') continue;
    findings.push({
      id: `guard-off-${guard.key.replace(/_/g, '-')}`,
      severity: 'medium',
      path: `security.guardrails.${guard.key}`,
      message: `the ${guard.key} guard is off: ${guard.what}`,
      fix: `set security.guardrails.${guard.key} = "${guard.setting}" (or "flag" to record without changing requests)`,
    });
  }
  if (!guardrails.scan_responses && (guardrails.pii !== 'off' || guardrails.secrets !== 'off')) {
    findings.push({
      id: 'responses-unscanned',
      severity: 'low',
      path: 'security.guardrails.scan_responses',
      message: 'answers are not scanned: secrets or personal data a model repeats reach the client',
      fix: 'set security.guardrails.scan_responses = true (holds back only a tail that could begin a finding)',
    });
  }
  return findings;
}
