import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { configSchema, PROVIDER_KINDS, type Config } from './schema.js';
import { interpolateEnv, type ConfigIssue } from './interpolate.js';
import { defaultConfigInput } from './default-config.js';
import { deepFreeze } from './deep-freeze.js';
import { checkUpstreamUrl } from '../security/egress/egress-policy.js';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${source}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: Readonly<Config>;
  /** The file read, or `built-in defaults`. */
  source: string;
}

/** `--config`, else `$CONFIG_PATH`, else `./config.toml` (which may be absent: then defaults). */
export function resolveConfigPath(explicit: string | undefined, environment: NodeJS.ProcessEnv): { path: string; required: boolean } {
  if (explicit !== undefined) return { path: explicit, required: true };
  const fromEnvironment = environment['CONFIG_PATH'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return { path: fromEnvironment, required: true };
  return { path: 'config.toml', required: false };
}

/**
 * Loads, interpolates, validates and freezes the config. With no file (and none asked for by name),
 * the built-in defaults are used. Every problem is collected and reported at once.
 */
export function loadConfig(explicitPath: string | undefined, environment: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const { path, required } = resolveConfigPath(explicitPath, environment);
  if (!existsSync(path)) {
    if (required) throw new ConfigError(path, [{ path: '', message: 'file not found' }]);
    return { config: parseConfig(defaultConfigInput(environment), environment, 'built-in defaults'), source: 'built-in defaults' };
  }
  let raw: unknown;
  try {
    raw = parseToml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `not valid TOML: ${(error as Error).message.split('\n')[0] ?? ''}` }]);
  }
  return { config: parseConfig(raw, environment, path), source: path };
}

/** Validates an already-parsed config object (TOML or built-in). */
export function parseConfig(raw: unknown, environment: NodeJS.ProcessEnv, source: string): Readonly<Config> {
  const issues: ConfigIssue[] = [];
  const interpolated = interpolateEnv(raw, environment, issues);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) issues.push(...zodIssues(result.error));
  if (result.success) issues.push(...crossChecks(result.data));
  if (issues.length > 0 || !result.success) throw new ConfigError(source, dedupe(issues.map((issue) => maskEnvironmentValues(issue, raw, environment))));
  return deepFreeze(result.data);
}

/**
 * Messages may quote a value (`provider X is not configured`), and a value may have come from a
 * `${VAR}`: every referenced variable's value is shown as `${VAR}` again, so a config error never
 * prints a key (nor lets config text sent to the MCP server read the environment through one).
 */
function maskEnvironmentValues(issue: ConfigIssue, raw: unknown, environment: NodeJS.ProcessEnv): ConfigIssue {
  let message = issue.message;
  for (const name of referencedVariables(raw)) {
    const value = environment[name];
    if (value !== undefined && value.length >= 4) message = message.split(value).join(`\${${name}}`);
  }
  return message === issue.message ? issue : { path: issue.path, message };
}

function referencedVariables(raw: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof raw === 'string') {
    for (const match of raw.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) if (match[1] !== undefined) found.add(match[1]);
  } else if (Array.isArray(raw)) {
    for (const item of raw) referencedVariables(item, found);
  } else if (raw !== null && typeof raw === 'object') {
    for (const [key, item] of Object.entries(raw)) {
      referencedVariables(key, found);
      referencedVariables(item, found);
    }
  }
  return found;
}

function zodIssues(error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...base, key].join('.'), message: 'unknown key' });
      continue;
    }
    issues.push({ path: base.join('.'), message: issue.message });
  }
  return issues;
}

/** Rules that span keys: provider kinds, the egress policy on base URLs, alias targets and the listening address. */
function crossChecks(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const kinds: readonly string[] = PROVIDER_KINDS;
  for (const [name, provider] of Object.entries(config.providers)) {
    if (provider.type === undefined && !kinds.includes(name)) {
      issues.push({ path: `providers.${name}.type`, message: `required for a provider not named one of ${PROVIDER_KINDS.join(', ')}` });
    }
    const kind = provider.type ?? name;
    if (provider.enabled && (kind === 'openai' || kind === 'deepseek' || kind === 'anthropic') && provider.api_key === undefined) {
      issues.push({ path: `providers.${name}.api_key`, message: `required for an enabled ${kind} provider` });
    }
    // Egress policy at start; names are checked again on every connection, on what they resolve to.
    if (provider.base_url !== undefined) {
      const verdict = checkUpstreamUrl(provider.base_url, { allowPrivateNetwork: provider.allow_private_network });
      if (!verdict.allowed) issues.push({ path: `providers.${name}.base_url`, message: verdict.reason });
    }
  }
  for (const [alias, definition] of Object.entries(config.models)) {
    if (alias.includes('/')) issues.push({ path: `models.${alias}`, message: 'alias names cannot contain /' });
    definition.targets.forEach((target, index) => {
      const provider = target.slice(0, target.indexOf('/'));
      if (config.providers[provider] === undefined) {
        issues.push({ path: `models.${alias}.targets.${index}`, message: `provider ${provider} is not configured` });
      }
    });
  }
  if (config.security.tls.enabled) {
    for (const key of ['cert_path', 'key_path'] as const) {
      if (config.security.tls[key] === undefined) issues.push({ path: `security.tls.${key}`, message: 'required when TLS is enabled' });
    }
  }
  return issues;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
