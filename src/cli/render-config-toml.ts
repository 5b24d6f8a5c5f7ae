import { isLoopbackHost } from '../server/loopback.js';
import type { InitAnswers, ProviderAnswer } from './config-init-answers.js';

/** A TOML basic string: JSON's escapes (\" \\ \n \uXXXX) are all valid TOML escapes. */
const str = (value: string): string => JSON.stringify(value);

/** `text`, and a trailing comment lined up at one column so the file reads as a table. */
const commented = (text: string, comment: string): string => `${text.padEnd(35)} # ${comment}`;

/**
 * The config file `config init` writes: every section the answers touch, with a comment saying
 * what each key does, in the order and with the names DESIGN.md gives. Keys are written as
 * `${VARIABLE}` references, never as values.
 */
export function renderConfigToml(answers: InitAnswers, now: Date = new Date()): string {
  const lines: string[] = [
    `# SecureLLM Bridge configuration, written by \`securellm config init\` on ${now.toISOString().slice(0, 10)}.`,
    '# Check it with `securellm config validate --config <this file>`. ${VAR} values are read from the',
    '# environment when the gateway starts; a missing variable is an error that names the key.',
    '',
    '[server]',
    isLoopbackHost(answers.host) ? commented(`host = ${str(answers.host)}`, 'loopback: only this machine can connect') : `host = ${str(answers.host)}`,
    `port = ${answers.port}`,
    ...(answers.allowInsecureNonLoopback === true ? [commented('allow_insecure_non_loopback = true', 'plain HTTP off this machine, chosen knowingly')] : []),
    commented('max_body_bytes = 1048576', 'largest request body accepted (1 MiB)'),
    '',
    '[storage]',
    commented(`url = ${str(`sqlite:${answers.storagePath}`)}`, `API keys (hashed) and usage; SQLite only (postgres:// is refused)`),
    '',
  ];
  for (const provider of answers.providers) lines.push(...providerSection(provider), '');

  lines.push('# Aliases: a name clients may use as the model, tried in order, the next one on failure.');
  const targets = answers.providers.map(aliasTarget);
  lines.push(`# [models.smart]`, `# targets = [${targets.map(str).join(', ')}]`, '');

  lines.push(
    '[routing]',
    commented('max_retries = 2', 'per target, before falling back to the next'),
    commented('upstream_timeout_ms = 60000', 'until the upstream\'s response headers'),
    commented('idle_timeout_ms = 30000', 'between two chunks of a stream'),
    '',
  );
  lines.push(...tlsSection(answers), '');
  lines.push(
    '[security.rate_limit]',
    'enabled = true',
    commented(`requests_per_minute = ${answers.rateLimit.requestsPerMinute}`, `per API key (and per provider when per_provider)`),
    `burst_size = ${answers.rateLimit.burstSize}`,
    'per_provider = true',
    '',
    '[security.guardrails]',
    commented('prompt_injection = "block"', 'block | flag | off'),
    commented('pii = "redact"', 'redact | block | local_only | flag | off'),
    commented('secrets = "redact"', 'redact | block | flag | off'),
    '',
    '[security.audit]',
    `enabled = ${answers.audit.enabled}`,
    commented(`log_path = ${str(answers.audit.logPath)}`, `one hash-chained JSON record per request; verify with \`securellm audit verify\``),
    commented('rotation = "daily"', 'daily | never'),
    `retention_days = ${answers.audit.retentionDays}`,
    commented('# hmac_key = "${AUDIT_HMAC_KEY}"', 'else a key is generated once into a 0600 file beside the log'),
    '',
    '[logging]',
    commented('level = "info"', 'fatal | error | warn | info | debug | trace | silent'),
    '',
  );
  return lines.join('\n');
}

function providerSection(provider: ProviderAnswer): string[] {
  const lines = [`[providers.${provider.name}]`, 'enabled = true'];
  if (provider.apiKeyVariable !== undefined) lines.push(commented(`api_key = "\${${provider.apiKeyVariable}}"`, 'read from the environment, never stored here'));
  lines.push(`base_url = ${str(provider.baseUrl)}`);
  if (provider.model !== undefined) lines.push(commented(`model = ${str(provider.model)}`, 'used when a client names only the provider'));
  if (provider.name === 'local') {
    lines.push(
      commented('vram_threshold_mb = 2048', 'below this much free VRAM the local provider declines'),
      '# The models local/auto may pick from, most capable first that fits the free VRAM:',
      '# [[providers.local.models]]',
      '# name = "llama-3.2-3b-instruct"',
      '# vram_mb = 3000',
      '# context_tokens = 8192',
    );
  }
  return lines;
}

function aliasTarget(provider: ProviderAnswer): string {
  if (provider.name === 'local') return 'local/auto';
  return `${provider.name}/${provider.model ?? 'MODEL'}`;
}

function tlsSection(answers: InitAnswers): string[] {
  const tls = answers.tls;
  if (!tls.enabled) {
    return [
      '[security.tls]',
      commented('enabled = false', '`securellm certs init --out ./certs` makes a CA and certificates'),
      '# cert_path = "./certs/server.crt"',
      '# key_path = "./certs/server.key"',
      '# client_ca_path = "./certs/ca.crt"',
      '# require_client_cert = true',
    ];
  }
  const lines = ['[security.tls]', 'enabled = true', `cert_path = ${str(tls.certPath)}`, `key_path = ${str(tls.keyPath)}`];
  if (tls.clientCaPath !== undefined) lines.push(commented(`client_ca_path = ${str(tls.clientCaPath)}`, 'verifies client certificates'));
  lines.push(commented(`require_client_cert = ${tls.requireClientCert}`, 'true: mutual TLS, every client presents a certificate'));
  return lines;
}
