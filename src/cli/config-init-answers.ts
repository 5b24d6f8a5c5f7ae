import { isIP } from 'node:net';
import { PROVIDER_KINDS, type ProviderKindName } from '../config/schema.js';
import { checkUpstreamUrl } from '../security/egress/egress-policy.js';
import { isLoopbackHost } from '../server/loopback.js';
import { AnswerError, type Prompter } from './prompter.js';

export interface ProviderAnswer {
  name: ProviderKindName;
  baseUrl: string;
  /** The model used when a client names only the provider; none for `local` (it picks by VRAM). */
  model?: string;
  /** Cloud providers: the environment variable the key is read from (never the key itself). */
  apiKeyVariable?: string;
}

export type TlsAnswer =
  | { enabled: false }
  | {
      enabled: true;
      certPath: string;
      keyPath: string;
      clientCaPath?: string;
      requireClientCert: boolean;
      /** Set when the wizard is to make a CA, server and client certificates (as `certs init`). */
      generate?: { directory: string; hosts: string[] };
    };

/** Everything `config init` asks; rendered by renderConfigToml. */
export interface InitAnswers {
  host: string;
  port: number;
  storagePath: string;
  providers: ProviderAnswer[];
  tls: TlsAnswer;
  /** Plain HTTP on a non-loopback host, confirmed by the user (`server.allow_insecure_non_loopback`). */
  allowInsecureNonLoopback?: true;
  rateLimit: { requestsPerMinute: number; burstSize: number };
  audit: { enabled: boolean; logPath: string; retentionDays: number };
}

/** The documented base URLs (DESIGN.md, Configuration) and a sensible first model. */
export const PROVIDER_DEFAULTS: Readonly<Record<ProviderKindName, { baseUrl: string; model?: string; apiKeyVariable?: string }>> = {
  openai: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKeyVariable: 'OPENAI_API_KEY' },
  deepseek: { baseUrl: 'https://api.deepseek.com', model: 'deepseek-chat', apiKeyVariable: 'DEEPSEEK_API_KEY' },
  anthropic: { baseUrl: 'https://api.anthropic.com', model: 'claude-sonnet-4-5', apiKeyVariable: 'ANTHROPIC_API_KEY' },
  ollama: { baseUrl: 'http://localhost:11434', model: 'llama3.2' },
  local: { baseUrl: 'http://localhost:9000' },
};

/**
 * The interview. Defaults follow the built-in configuration: loopback, SQLite and audit files under
 * ./data, the two local providers, and each cloud provider whose key variable is set here.
 */
export async function askInitAnswers(prompter: Prompter, environment: NodeJS.ProcessEnv): Promise<InitAnswers> {
  const suggested = PROVIDER_KINDS.filter((kind) => {
    const variable = PROVIDER_DEFAULTS[kind].apiKeyVariable;
    return variable === undefined || (environment[variable] ?? '') !== '';
  });
  const names = await prompter.ask(`Providers to enable (${PROVIDER_KINDS.join(', ')})`, suggested.join(','), parseProviderList);
  const providers: ProviderAnswer[] = [];
  for (const name of names) providers.push(await askProvider(prompter, name, environment));

  let host = await prompter.ask('Listen address', '127.0.0.1', parseHost);
  const port = await prompter.ask('Port', '8443', (answer) => parseInteger(answer, 1, 65_535));
  const storagePath = await prompter.ask('SQLite file for keys and usage', './data/securellm.db', parseNonEmpty);
  let tls = await askTls(prompter, host);
  let allowInsecureNonLoopback = false;
  // serve refuses plain HTTP on a non-loopback address unless the file says so (listenAddressIssue).
  while (!tls.enabled && !isLoopbackHost(host) && !allowInsecureNonLoopback) {
    allowInsecureNonLoopback = await prompter.confirm(`Listen on ${host} over plain HTTP (API keys and prompts cross the network in clear text)`, false);
    if (allowInsecureNonLoopback) break;
    host = await prompter.ask('Listen address', '127.0.0.1', parseHost);
    if (!isLoopbackHost(host)) tls = await askTls(prompter, host);
  }
  const requestsPerMinute = await prompter.ask('Rate limit: requests per minute per API key', '60', (answer) => parseInteger(answer, 1));
  const burstSize = await prompter.ask('Rate limit: burst size', '10', (answer) => parseInteger(answer, 1));
  const auditEnabled = await prompter.confirm('Keep a tamper-evident audit log', true);
  let logPath = './data/audit/audit.log';
  let retentionDays = 90;
  if (auditEnabled) {
    logPath = await prompter.ask('Audit log file (rotated daily beside it)', logPath, parseNonEmpty);
    retentionDays = await prompter.ask('Days to keep rotated audit files', '90', (answer) => parseInteger(answer, 1));
  }
  return { host, port, storagePath, providers, tls, ...(allowInsecureNonLoopback ? { allowInsecureNonLoopback: true as const } : {}), rateLimit: { requestsPerMinute, burstSize }, audit: { enabled: auditEnabled, logPath, retentionDays } };
}

async function askProvider(prompter: Prompter, name: ProviderKindName, environment: NodeJS.ProcessEnv): Promise<ProviderAnswer> {
  const defaults = PROVIDER_DEFAULTS[name];
  const answer: ProviderAnswer = { name, baseUrl: await prompter.ask(`${name}: base URL`, defaults.baseUrl, parseBaseUrl) };
  if (defaults.model !== undefined) answer.model = await prompter.ask(`${name}: default model`, defaults.model, parseNonEmpty);
  if (defaults.apiKeyVariable !== undefined) {
    const variable = await prompter.ask(`${name}: environment variable holding the API key`, defaults.apiKeyVariable, parseVariableName);
    answer.apiKeyVariable = variable;
    if ((environment[variable] ?? '') === '') prompter.say(`  note: ${variable} is not set here; set it before starting the gateway`);
  }
  return answer;
}

async function askTls(prompter: Prompter, host: string): Promise<TlsAnswer> {
  if (!(await prompter.confirm('Serve over TLS (HTTPS)', !isLoopbackHost(host)))) return { enabled: false };
  if (await prompter.confirm('Generate a private CA with server and client certificates now', true)) {
    const directory = await prompter.ask('Folder for the certificates', './certs', parseNonEmpty);
    const hosts = await prompter.ask('Names and addresses the server certificate is for', uniqueList(['localhost', '127.0.0.1', host]), parseList);
    const requireClientCert = await prompter.confirm('Require client certificates (mutual TLS)', false);
    const at = (file: string): string => `${directory.replace(/\/+$/, '')}/${file}`;
    return { enabled: true, certPath: at('server.crt'), keyPath: at('server.key'), clientCaPath: at('ca.crt'), requireClientCert, generate: { directory, hosts } };
  }
  const certPath = await prompter.ask('Server certificate file (PEM)', '/etc/securellm/certs/server.crt', parseNonEmpty);
  const keyPath = await prompter.ask('Server private key file (PEM)', '/etc/securellm/certs/server.key', parseNonEmpty);
  const clientCaPath = await prompter.ask('CA for client certificates (empty: none)', '', (answer) => answer);
  if (clientCaPath === '') return { enabled: true, certPath, keyPath, requireClientCert: false };
  const requireClientCert = await prompter.confirm('Require client certificates (mutual TLS)', true);
  return { enabled: true, certPath, keyPath, clientCaPath, requireClientCert };
}

export function parseProviderList(answer: string): ProviderKindName[] {
  const kinds: readonly string[] = PROVIDER_KINDS;
  const names = parseList(answer.toLowerCase());
  const unknown = names.filter((name) => !kinds.includes(name));
  if (unknown.length > 0) throw new AnswerError(`unknown provider ${unknown.join(', ')}; choose from ${PROVIDER_KINDS.join(', ')}`);
  return names as ProviderKindName[];
}

function parseList(answer: string): string[] {
  const items = [...new Set(answer.split(/[\s,]+/).filter((item) => item !== ''))];
  if (items.length === 0) throw new AnswerError('give at least one, separated by commas');
  return items;
}

function uniqueList(items: readonly string[]): string {
  return [...new Set(items.filter((item) => item !== '0.0.0.0' && item !== '::'))].join(',');
}

/** Checked like the config loader does, so a URL the gateway would refuse is caught here. */
function parseBaseUrl(answer: string): string {
  if (!URL.canParse(answer) || !/^https?:$/.test(new URL(answer).protocol)) throw new AnswerError('give an http:// or https:// URL');
  const verdict = checkUpstreamUrl(answer, { allowPrivateNetwork: false });
  if (!verdict.allowed) throw new AnswerError(verdict.reason);
  return answer;
}

function parseHost(answer: string): string {
  if (answer === 'localhost' || isIP(answer.replace(/^\[|\]$/g, '')) !== 0 || /^[a-z0-9.-]+$/i.test(answer)) return answer;
  throw new AnswerError('give a host name or an IP address');
}

function parseVariableName(answer: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(answer)) throw new AnswerError('give the name of an environment variable (letters, digits and _), not the key itself');
  return answer;
}

function parseInteger(answer: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(answer);
  if (!/^\d+$/.test(answer) || value < min || value > max) throw new AnswerError(`give a whole number from ${min} to ${max}`);
  return value;
}

function parseNonEmpty(answer: string): string {
  if (answer === '') throw new AnswerError('an answer is needed');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(answer)) throw new AnswerError('no control characters');
  return answer;
}
