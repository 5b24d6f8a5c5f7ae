import type { SecurityAuditReport } from './audit-security.js';

/** The report as a table for a terminal: one row per finding, its fix on the line below. */
export function formatFindings(report: SecurityAuditReport): string {
  const { findings, counts } = report;
  const lines: string[] = [`Security audit of ${report.source}`, ''];
  if (findings.length === 0) {
    lines.push('No findings.');
  } else {
    const severityWidth = Math.max('SEVERITY'.length, ...findings.map((finding) => finding.severity.length));
    const idWidth = Math.max('ID'.length, ...findings.map((finding) => finding.id.length));
    const indent = ' '.repeat(severityWidth + idWidth + 4);
    lines.push(`${'SEVERITY'.padEnd(severityWidth)}  ${'ID'.padEnd(idWidth)}  FINDING`);
    for (const finding of findings) {
      lines.push(`${finding.severity.padEnd(severityWidth)}  ${finding.id.padEnd(idWidth)}  ${finding.message}`);
      lines.push(`${indent}fix: ${finding.fix}`);
    }
  }
  const total = findings.length;
  lines.push('', `${total} finding${total === 1 ? '' : 's'}: ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.info} info`);
  if (report.ignored.length > 0) lines.push(`ignored: ${report.ignored.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
