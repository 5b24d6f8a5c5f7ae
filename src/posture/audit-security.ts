import { checkCertificates } from './check-certificates.js';
import { checkEgress } from './check-egress.js';
import { checkFileModes } from './check-file-modes.js';
import { checkGuardrails } from './check-guardrails.js';
import { checkInlineSecrets } from './check-inline-secrets.js';
import { checkAudit, checkRateLimits } from './check-limits-and-audit.js';
import { checkListener } from './check-listener.js';
import { checkNodeVersion } from './check-node-version.js';
import { SEVERITIES, type Finding, type PostureCheck, type PostureContext } from './finding.js';

/** Every check `security audit` runs, in the order of the gateway's own path. */
export const POSTURE_CHECKS: readonly PostureCheck[] = [
  checkListener,
  checkCertificates,
  checkFileModes,
  checkInlineSecrets,
  checkRateLimits,
  checkGuardrails,
  checkEgress,
  checkAudit,
  checkNodeVersion,
];

export interface SecurityAuditReport {
  object: 'security_audit';
  /** The config file audited, or `built-in defaults`. */
  source: string;
  findings: Finding[];
  /** Findings left out by `ignore`, by id. */
  ignored: string[];
  counts: Record<Finding['severity'], number>;
}

/** Runs every check; findings come most severe first, then by id. */
export async function auditSecurity(context: PostureContext, ignore: readonly string[] = []): Promise<SecurityAuditReport> {
  const all: Finding[] = [];
  for (const check of POSTURE_CHECKS) all.push(...(await check(context)));
  const findings = all.filter((finding) => !ignore.includes(finding.id));
  findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id));
  const counts = { high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  const ignored = [...new Set(all.filter((finding) => ignore.includes(finding.id)).map((finding) => finding.id))];
  return { object: 'security_audit', source: context.configPath ?? 'built-in defaults', findings, ignored, counts };
}
