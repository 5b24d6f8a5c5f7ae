import { Command } from 'commander';
import { AuditError } from '../../audit/audit-error.js';
import { resolveAuditPaths } from '../../audit/audit-paths.js';
import { formatAuditRecord } from '../../audit/format-audit-record.js';
import { followRecordLines, readLastRecordLines } from '../../audit/tail-records.js';
import { verifyAuditTrail, type VerifyReport } from '../../audit/verify-audit-trail.js';
import { loadCommandConfig } from '../command-config.js';
import { EXIT_AUDIT_BROKEN, EXIT_FAILURE } from '../exit-codes.js';
import { CONFIG_HELP, examples } from '../help-text.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { withProgress } from '../progress.js';

interface VerifyOptions {
  config?: string;
  json?: boolean;
  publicKey?: string;
}

interface TailOptions {
  config?: string;
  json?: boolean;
  lines: number;
  follow?: boolean;
}

/** `securellm audit verify|tail`: check the tamper-evident audit trail, and read it. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('verify and read the tamper-evident audit trail');

  audit
    .command('verify')
    .description('check every audit file and signed checkpoint; exit 4 at the first break')
    .option('--config <path>', CONFIG_HELP)
    .option('--public-key <path>', 'trust this public key (a copy kept apart) instead of public_key_path')
    .option('--json', 'print the report as JSON (ok, files, records, lastSeq, signingKey, break)')
    .addHelpText(
      'after',
      `
Exit status: 0 when the whole trail verifies; 4 when it is broken (the first break, its kind and
place on stderr, and as "break" in --json); 1 when it cannot be checked (no config, a key file
missing).
${examples(
        'securellm audit verify',
        'securellm audit verify --public-key /safe/copy/audit.public-key.pem',
        'securellm audit verify --json > report.json || echo "broken or unreadable: $?"',
      )}`,
    )
    .action(async (options: VerifyOptions) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const report = await reportOrFail(() =>
        withProgress('reading the audit trail…', (progress) =>
          verifyAuditTrail(loaded.config.security.audit, {
            ...(options.publicKey === undefined ? {} : { publicKeyPath: options.publicKey }),
            onFile: (index, total, name) => progress.update(`checking file ${index}/${total}: ${name}…`),
          }),
        ),
      );
      if (report === undefined) return;
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
      if (report.break !== undefined) {
        const where = `${report.break.file}${report.break.line === undefined ? '' : ` line ${report.break.line}`}`;
        process.stderr.write(`securellm: audit trail broken (${report.break.kind}) at ${where}: ${report.break.message}\n`);
        process.exitCode = EXIT_AUDIT_BROKEN;
      }
    });

  audit
    .command('tail')
    .description('print the most recent audit records')
    .option('--config <path>', CONFIG_HELP)
    .option('-n, --lines <n>', 'how many records', parsePositiveInteger, 10)
    .option('--follow', 'keep printing new records as they are written (Ctrl-C stops)')
    .option('--json', 'print each record as its JSON line, exactly as stored')
    .addHelpText(
      'after',
      examples('securellm audit tail -n 50', 'securellm audit tail --follow --json | jq -c \'select(.decision != "allowed")\''),
    )
    .action(async (options: TailOptions) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const paths = resolveAuditPaths(loaded.config.security.audit);
      const print = (line: string): void => {
        process.stdout.write(`${options.json === true ? line : formatLine(line)}\n`);
      };
      const { lines, end } = await readLastRecordLines(paths, options.lines);
      for (const line of lines) print(line);
      if (options.follow !== true) return;
      const stop = new AbortController();
      const finish = (): void => stop.abort();
      process.once('SIGINT', finish);
      process.once('SIGTERM', finish);
      await followRecordLines(paths, end, print, stop.signal);
    });

  return audit;
}

async function reportOrFail(verify: () => Promise<VerifyReport>): Promise<VerifyReport | undefined> {
  try {
    return await verify();
  } catch (error) {
    if (!(error instanceof AuditError)) throw error;
    process.stderr.write(`securellm: ${error.message}\n`);
    process.exitCode = EXIT_FAILURE;
    return undefined;
  }
}

function describeReport(report: VerifyReport): string {
  const lines: string[] = [];
  const status = report.ok ? 'audit trail verified' : 'audit trail BROKEN';
  lines.push(`${status}: ${report.files.length} file(s), ${report.records} record(s) up to seq ${report.lastSeq}; checkpoints signed by key ${report.signingKey}`);
  for (const file of report.files) lines.push(`  ${file.name}: ${file.records} record(s) to seq ${file.lastSeq}, ${file.checkpoints} checkpoint(s)`);
  if (report.removedByRetention.length > 0) {
    lines.push(`files removed by retention: ${report.removedByRetention.join(', ')} (the chain across them is carried by their signed closing checkpoints)`);
  }
  for (const recovery of report.recoveries) {
    lines.push(`recovery: ${recovery.file} seq ${recovery.seq} records that ${recovery.tornBytes} torn byte(s) were cut off ${recovery.tornFile} after a crash`);
  }
  if (report.break !== undefined) lines.push(`first break: ${report.break.kind} in ${report.break.file}${report.break.seq === undefined ? '' : ` at seq ${report.break.seq}`}: ${report.break.message}`);
  return `${lines.join('\n')}\n`;
}

/** Lines are printed as records; anything else (a torn or tampered line) shown escaped rather than raw. */
function formatLine(line: string): string {
  try {
    const value: unknown = JSON.parse(line);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return formatAuditRecord(value as Record<string, unknown>);
  } catch {
    // fall through
  }
  return `(not a record) ${JSON.stringify(line)}`;
}
