import type { Finding, PostureContext } from './finding.js';

/** Rate limits off: one key (or one leaked key) can spend the whole upstream quota. */
export function checkRateLimits({ config }: PostureContext): Finding[] {
  if (config.security.rate_limit.enabled) return [];
  return [
    {
      id: 'rate-limit-off',
      severity: 'medium',
      path: 'security.rate_limit.enabled',
      message: 'rate limits are off: any key may send as many requests and tokens as it likes',
      fix: 'set [security.rate_limit] enabled = true (requests_per_minute, burst_size, tokens_per_minute)',
    },
  ];
}

/** The audit trail: off, allowed to fail silently, or holding prompt text. */
export function checkAudit({ config }: PostureContext): Finding[] {
  const audit = config.security.audit;
  if (!audit.enabled) {
    return [
      {
        id: 'audit-off',
        severity: 'high',
        path: 'security.audit.enabled',
        message: 'the audit trail is off: requests leave no tamper-evident record',
        fix: 'set [security.audit] enabled = true',
      },
    ];
  }
  const findings: Finding[] = [];
  if (audit.on_failure === 'continue') {
    findings.push({
      id: 'audit-failure-continue',
      severity: 'medium',
      path: 'security.audit.on_failure',
      message: 'when the audit log cannot be written, requests are served without a record',
      fix: 'set security.audit.on_failure = "refuse"',
    });
  }
  if (audit.include_content) {
    findings.push({
      id: 'audit-content',
      severity: 'medium',
      path: 'security.audit.include_content',
      message: 'prompt and completion text are written into the audit log',
      fix: 'set security.audit.include_content = false unless a regulation asks for the text',
    });
  }
  return findings;
}
