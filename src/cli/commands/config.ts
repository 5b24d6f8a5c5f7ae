import { Command } from 'commander';
import { listenAddressIssue } from '../../config/listen-address-issue.js';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import type { Config } from '../../config/schema.js';
import { printConfigIssues } from '../command-config.js';
import { EXIT_FAILURE } from '../exit-codes.js';
import { CONFIG_HELP, examples } from '../help-text.js';
import { configInitCommand } from './config-init.js';

interface ValidateOptions {
  config?: string;
  json?: boolean;
}

/** `securellm config validate|init`: check a config file without starting the gateway, or write one. */
export function configCommand(): Command {
  const config = new Command('config').description('write (init) or check (validate) the configuration');

  config
    .command('validate')
    .description('validate the config file and report every problem with its key path')
    .option('--config <path>', CONFIG_HELP)
    .option('--json', 'print the result as JSON: {ok, source, providers, aliases}, or {ok: false, source, issues: [{path, message}]}')
    .addHelpText(
      'after',
      `
The same checks as at start: TOML syntax, every key and value, \${VAR} references, and the
listen address (plain HTTP on a non-loopback host needs allow_insecure_non_loopback). Exit 0 when
the file is valid, 1 with one "key.path: problem" line per issue on stderr (with --json, also
on stdout).
${examples('securellm config validate', 'securellm config validate --config prod.toml --json')}`,
    )
    .action((options: ValidateOptions) => {
      try {
        const { config: loaded, source } = loadConfig(options.config);
        // Not a parse error (security audit must still load such a file), but serve would refuse it.
        const listenIssue = listenAddressIssue(loaded);
        if (listenIssue !== undefined) throw new ConfigError(source, [listenIssue]);
        const summary = summarize(loaded);
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify({ ok: true, source, ...summary })}\n`);
          return;
        }
        process.stdout.write(`config OK (${source})\n`);
        process.stdout.write(`providers enabled: ${listOrNone(summary.providers)}; aliases: ${listOrNone(summary.aliases)}\n`);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        // Scripts read the JSON on stdout; people read the lines on stderr. Both get every issue.
        if (options.json === true) process.stdout.write(`${JSON.stringify({ ok: false, source: error.source, issues: error.issues })}\n`);
        printConfigIssues(error);
        process.exitCode = EXIT_FAILURE;
      }
    });

  config.addCommand(configInitCommand());
  return config;
}

function summarize(config: Readonly<Config>): { providers: string[]; aliases: string[] } {
  return {
    providers: Object.entries(config.providers)
      .filter(([, provider]) => provider.enabled)
      .map(([name]) => name),
    aliases: Object.keys(config.models),
  };
}

function listOrNone(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}
