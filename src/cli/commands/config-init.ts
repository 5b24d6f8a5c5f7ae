import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parse as parseToml } from 'smol-toml';
import { listenAddressIssue } from '../../config/listen-address-issue.js';
import { ConfigError, parseConfig, resolveConfigPath } from '../../config/load-config.js';
import { createCertificateAuthority } from '../../security/tls/certificate-authority.js';
import { issueClientCertificate, issueServerCertificate } from '../../security/tls/issue-certificate.js';
import { certificateSetFiles, writeCertificateFiles } from '../certificate-files.js';
import { askInitAnswers, type InitAnswers } from '../config-init-answers.js';
import { EXIT_FAILURE } from '../exit-codes.js';
import { withProgress } from '../progress.js';
import { Prompter } from '../prompter.js';
import { renderConfigToml } from '../render-config-toml.js';

interface InitOptions {
  config?: string;
  yes?: boolean;
  force?: boolean;
}

const DETAILS = `
Asks which providers to enable (openai, deepseek, anthropic, ollama, local) with their base URLs
and models, the environment variable each API key is read from (the file holds \${VAR}, never a
key), the listen address, TLS (it can make a private CA and certificates, as \`certs init\` does),
rate limits and the audit log. An empty answer takes the default shown in brackets; answers may be
piped, one per line. The file is checked as \`config validate\` would before it is written.

Examples:
  securellm config init                          # ./config.toml, or $CONFIG_PATH
  securellm config init --config /etc/securellm/config.toml
  securellm config init --yes --config dev.toml  # every default, no questions
  printf 'openai,ollama\\n\\n\\n\\n' | securellm config init --config ci.toml`;

/** `securellm config init`: an interactive wizard that writes a commented, valid config file. */
export function configInitCommand(): Command {
  return new Command('init')
    .description('write a config file by answering a few questions (--yes takes every default)')
    .option('--config <path>', 'file to write (default $CONFIG_PATH, else ./config.toml)')
    .option('--yes', 'take every default without asking')
    .option('--force', 'overwrite an existing file (and certificates) without asking')
    .addHelpText('after', DETAILS)
    .action(async (options: InitOptions) => {
      const target = resolveConfigPath(options.config, process.env).path;
      const prompter = new Prompter(options.yes === true ? undefined : process.stdin, process.stderr);
      try {
        let overwrite = options.force === true;
        if (existsSync(target) && !overwrite) {
          if (options.yes === true) throw new Error(`${target} exists; use --force to replace it`);
          overwrite = await prompter.confirm(`${target} exists. Replace it`, false);
          if (!overwrite) throw new Error(`${target} exists and was left unchanged`);
        }
        const answers = await askInitAnswers(prompter, process.env);
        const text = renderConfigToml(answers);
        checkRendered(text, answers, target);
        const certificates = await writeCertificates(answers, options.force === true);
        mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
        // Owner-only, as `security audit` expects of a config file (its `config-readable` finding).
        // The open's mode applies only to a new file: a replaced one is made 0600 before the text goes in.
        const descriptor = openSync(target, overwrite ? 'w' : 'wx', 0o600);
        try {
          fchmodSync(descriptor, 0o600);
          writeFileSync(descriptor, text);
        } finally {
          closeSync(descriptor);
        }
        const variables = answers.providers.flatMap((provider) => (provider.apiKeyVariable === undefined ? [] : [provider.apiKeyVariable]));
        process.stdout.write(`Wrote ${target}\n`);
        if (certificates !== undefined) process.stdout.write(`${certificates}\n`);
        if (variables.length > 0) process.stdout.write(`Set ${variables.join(', ')} in the gateway's environment.\n`);
        process.stdout.write(`Check it with: securellm config validate --config ${target}\n`);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`securellm config init: the file would not be valid (a bug): ${error.message}\n`);
        } else {
          process.stderr.write(`securellm config init: ${(error as Error).message}\n`);
        }
        process.exitCode = EXIT_FAILURE;
      } finally {
        prompter.close();
      }
    });
}

/**
 * Loads the rendered text as `config validate` would (listen address included), with each referenced key variable filled in
 * (it need not be set where the wizard runs), so a file that would not load is never written.
 */
function checkRendered(text: string, answers: InitAnswers, source: string): void {
  const environment: NodeJS.ProcessEnv = {};
  for (const provider of answers.providers) {
    if (provider.apiKeyVariable !== undefined) environment[provider.apiKeyVariable] = 'set-at-start';
  }
  const issue = listenAddressIssue(parseConfig(parseToml(text), environment, source));
  if (issue !== undefined) throw new ConfigError(source, [issue]);
}

/** Makes the CA and certificates the answers asked for; an existing complete set is kept. */
async function writeCertificates(answers: InitAnswers, force: boolean): Promise<string | undefined> {
  const tls = answers.tls;
  if (!tls.enabled || tls.generate === undefined) return undefined;
  const { directory, hosts } = tls.generate;
  const names = ['ca.crt', 'server.crt', 'server.key'];
  if (!force && names.every((name) => existsSync(path.join(directory, name)))) {
    return `Kept the certificates already in ${directory}`;
  }
  const { authority, server, client } = await withProgress('generating the CA key…', async (progress) => {
    const authority = await createCertificateAuthority({});
    progress.update('issuing the server and client certificates…');
    const server = await issueServerCertificate(authority, hosts);
    const client = await issueClientCertificate(authority, { name: 'client', tenant: 'default' });
    return { authority, server, client };
  });
  const written = writeCertificateFiles(directory, certificateSetFiles({ authority, server, client }), force);
  return `Wrote ${written.join(', ')}`;
}

