import { Command } from 'commander';
import { ConfigError } from '../../config/load-config.js';
import { auditSecurity } from '../../posture/audit-security.js';
import type { PostureContext } from '../../posture/finding.js';
import { formatFindings } from '../../posture/format-findings.js';
import { loadPostureContext } from '../../posture/load-posture-context.js';
import { printConfigIssues } from '../command-config.js';
import { EXIT_FAILURE, EXIT_HIGH_FINDINGS } from '../exit-codes.js';
import { CONFIG_HELP, examples } from '../help-text.js';
import { parseList } from '../option-parsers.js';

interface AuditOptions {
  config?: string;
  json?: boolean;
  ignore?: string[];
}

/** Exit status when any high-severity finding remains: distinct from 1, which means the audit itself failed. */
export const HIGH_FINDINGS_EXIT_CODE = EXIT_HIGH_FINDINGS;

/**
 * `securellm security audit`: inspects the config, its files and the runtime, and lists what
 * weakens the gateway, each finding with a fix. Exit 0 without high findings, 5 with, 1 when the
 * config cannot be loaded.
 */
export function securityCommand(): Command {
  const security = new Command('security').description('check the deployment\'s security posture');

  security
    .command('audit')
    .description('report weaknesses in the config, its files and the runtime, each with a fix')
    .option('--config <path>', CONFIG_HELP)
    .option('--ignore <ids>', 'finding ids to leave out, comma-separated (accepted risks); may be repeated', (text: string, previous: string[] = []) => [...previous, ...parseList(text)])
    .option('--json', 'print the report as JSON (source, findings, ignored, counts)')
    .addHelpText(
      'after',
      `
Exit status: 0 without high findings, 5 with one or more (and a one-line count on stderr),
1 when the config does not load.
${examples(
        'securellm security audit --config prod.toml',
        'securellm security audit --ignore mtls-off,config-readable',
        'securellm security audit --json | jq \'.findings[] | select(.severity == "high")\'',
      )}`,
    )
    .action(async (options: AuditOptions) => {
      let context: PostureContext;
      try {
        context = loadPostureContext(options.config);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        printConfigIssues(error);
        process.exitCode = EXIT_FAILURE;
        return;
      }
      const report = await auditSecurity(context, options.ignore ?? []);
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatFindings(report));
      if (report.counts.high > 0) {
        // Stdout stays the report (or JSON); the one-line reason goes to stderr either way.
        process.stderr.write(`securellm security audit: ${report.counts.high} high-severity finding${report.counts.high === 1 ? '' : 's'}\n`);
        process.exitCode = HIGH_FINDINGS_EXIT_CODE;
      }
    });

  return security;
}
