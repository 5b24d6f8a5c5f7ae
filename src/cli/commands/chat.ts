import { Command, InvalidArgumentError, Option } from 'commander';
import type { ChatSession } from '../../app/chat-session.js';
import { ChatStartError, openChat } from '../../app/open-chat.js';
import { createLogger } from '../../core/logger.js';
import { runChatRepl } from '../chat-repl.js';
import { clientTlsOf } from '../chat-client-tls.js';
import { loadCommandConfig } from '../command-config.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_TURN_FAILED } from '../exit-codes.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { plainHttpWarning } from '../plain-http-warning.js';

interface ChatOptions {
  config?: string;
  key?: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  url?: string;
  ca?: string;
  clientCert?: string;
  clientKey?: string;
  json?: boolean;
  logLevel: string;
}

/** Exit status when the session ended normally but at least one turn was refused or failed. */
export { EXIT_TURN_FAILED };

const DETAILS = `
Each line you type is one user turn; the conversation is sent along until /reset. Answers stream to
stdout as they arrive; prompts, notes and errors go to stderr. With piped input there is no prompt
and no colour, and the session ends at end of input.

Where the turns go:
  - a gateway answering /healthz on the config's [server] address (or --url): over HTTP(S), as the
    API key from --key or $SECURELLM_API_KEY (required there), so that server alone writes the
    audit log;
  - otherwise through the same pipeline inside this process (guards, limits, budgets, routing,
    usage and audit records), as the key given, or as the built-in operator "local-operator"
    (tenant "cli") when none is given.

Commands: /model <id>, /system <text>, /reset, /help, /exit.

Exit status: 0 when the session ended (end of input or /exit) and every turn was answered;
3 when it ended but a turn was refused or failed; 1 when chat could not start; 2 on a usage error.

Examples:
  securellm chat openai
  securellm chat openai/gpt-4o-mini --system "Answer in one sentence."
  printf 'hello\\n/model anthropic\\nsame question\\n' | securellm chat openai --json
  SECURELLM_API_KEY=sk-sllm-… securellm chat smart     # with a gateway running`;

/** `securellm chat <provider-or-model>`: an interactive conversation through the gateway's pipeline. */
export function chatCommand(): Command {
  return new Command('chat')
    .description('talk to a model through the gateway (interactive, streaming, multi-turn)')
    .argument('<provider-or-model>', 'a provider name (its configured model), provider/model, or an alias')
    .option('--config <path>', 'config file (default $CONFIG_PATH, else ./config.toml)')
    .option('--key <key>', 'gateway API key (default $SECURELLM_API_KEY, which other users cannot see in the process list); required when a gateway server is running')
    .option('--system <text>', 'system prompt for the conversation')
    .option('--max-tokens <n>', 'most tokens per answer', parsePositiveInteger)
    .option('--temperature <t>', 'sampling temperature, 0 to 2', parseTemperature)
    .option('--url <url>', 'send the turns to the gateway at this URL (no detection, never in process)', parseUrl)
    .option('--ca <path>', 'CA certificate that signed a TLS gateway\'s certificate (default: security.tls.client_ca_path)')
    .option('--client-cert <path>', 'client certificate for mutual TLS (default: client.crt beside the client CA)')
    .option('--client-key <path>', 'private key of --client-cert')
    .option('--json', 'print one JSON line per turn (request_id, model, text, usage, cost_usd or error)')
    .addOption(new Option('--log-level <level>', 'gateway log level on stderr when running in process').choices(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('error'))
    .addHelpText('after', DETAILS)
    .action(async (model: string, options: ChatOptions) => {
      const loaded = loadCommandConfig(options.config);
      if (loaded === undefined) return;
      const apiKey = nonEmpty(options.key) ?? nonEmpty(process.env['SECURELLM_API_KEY']);
      const logger = createLogger(options.logLevel);
      let session: ChatSession;
      const warning = options.url === undefined ? undefined : plainHttpWarning(options.url);
      if (warning !== undefined) process.stderr.write(`securellm chat: ${warning}\n`);
      try {
        const tls = clientTlsOf(loaded.config, { ...(options.ca === undefined ? {} : { ca: options.ca }), ...(options.clientCert === undefined ? {} : { clientCert: options.clientCert }), ...(options.clientKey === undefined ? {} : { clientKey: options.clientKey }) });
        session = await openChat(loaded.config, {
          logger,
          ...(apiKey === undefined ? {} : { apiKey }),
          ...(options.url === undefined ? {} : { url: options.url }),
          ...(tls === undefined ? {} : { tls }),
        });
      } catch (error) {
        const reason = error instanceof ChatStartError ? error.message : `cannot start: ${(error as Error).message}`;
        process.stderr.write(`securellm chat: ${reason}\n`);
        process.exitCode = EXIT_FAILURE;
        return;
      }
      if (process.stdin.isTTY === true) {
        const who = session.mode === 'http' ? `via ${session.endpoint}` : `in process, as ${apiKey === undefined ? 'local-operator (tenant cli)' : 'the given API key'}`;
        process.stderr.write(`Chatting with ${model} ${who}.\n`);
      }
      try {
        const result = await runChatRepl(session, {
          model,
          json: options.json === true,
          input: process.stdin,
          output: process.stdout,
          errors: process.stderr,
          ...(options.system === undefined ? {} : { system: options.system }),
          ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
          ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        });
        process.exitCode = result.failedTurns > 0 ? EXIT_TURN_FAILED : EXIT_OK;
      } finally {
        await session.close();
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
      }
    });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseTemperature(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2) throw new InvalidArgumentError('must be a number from 0 to 2.');
  return value;
}

function parseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.origin;
  } catch {
    throw new InvalidArgumentError('must be an http:// or https:// URL.');
  }
}
