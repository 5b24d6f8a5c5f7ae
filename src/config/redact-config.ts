import type { Config } from './schema.js';

/** What stands in for a secret. Plain ASCII, so it survives being put inside a URL unchanged. */
export const REDACTED = 'REDACTED';

/** A JSON value: what `redactConfig` returns, safe to serialize and show. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/*
 * A key name looks secret when one of its words (split at `_`, `-`, `.` and camelCase) is one of
 * these, or when its last word is `key`/`keys` (`api_key`, `hmac_key`, but not `key_path`).
 * Whole words only: `tokens_per_minute` and `max_tokens` are limits, not tokens.
 */
const SECRET_WORDS = new Set([
  'apikey',
  'secret',
  'secrets',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pass',
  'token',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'cookie',
  'dsn',
  'privatekey',
]);

/*
 * Values that are secrets whatever their key is called, in case one was pasted into a field with
 * an innocent name: provider key formats, AWS access key ids, and bearer credentials.
 */
const SECRET_VALUE = /^(sk-|sk_|rk_|pk_live_|sk-ant-|sk-sllm-|ghp_|gho_|github_pat_|xox[abprs]-|AKIA[0-9A-Z]{16}|Bearer\s)/;

/**
 * The config as it may be shown to an operator (admin API, `config show`, MCP): a fresh JSON copy
 * with every secret replaced by `REDACTED`. A secret is a value under a key whose name looks
 * secret, the password (or lone user name, usually a token) of a URL's userinfo, a URL query
 * parameter whose name looks secret, and any string in a known secret format.
 *
 * Redaction errs towards hiding: a provider section named like a secret is hidden whole.
 */
export function redactConfig(config: Readonly<Config>): JsonValue {
  return redactValue(config);
}

/** The same rules for any value, for callers that show parts of a config or other settings. */
export function redactValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item));
  if (typeof value === 'object') {
    const copy: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      // Absent stays absent, so the shown config does not grow keys the operator never wrote.
      if (item === undefined) continue;
      // Booleans and numbers under a secret-looking name are switches and limits (`auth_enabled`,
      // `token_limit`), not secrets; hiding them would only make the config harder to read.
      const hide = isSecretName(key) && typeof item !== 'boolean' && typeof item !== 'number';
      copy[key] = hide ? REDACTED : redactValue(item);
    }
    return copy;
  }
  // Functions, symbols and bigints have no place in a config; showing nothing is the safe answer.
  return null;
}

export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-.\s]+/)
    .filter((word) => word !== '');
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (last === 'key' || last === 'keys') return true;
  // `api_key` spelled `apikey` or `private_key` spelled `privatekey` are single words; joined
  // pairs catch `api-key` inside longer names too (`openai_api_key_file` → `apikey`).
  for (let index = 0; index < words.length; index += 1) {
    if (SECRET_WORDS.has(words[index] ?? '')) return true;
    if (SECRET_WORDS.has(`${words[index] ?? ''}${words[index + 1] ?? ''}`)) return true;
  }
  return false;
}

function redactString(text: string): string {
  if (SECRET_VALUE.test(text)) return REDACTED;
  return redactUrl(text);
}

/**
 * Hides a URL's credentials: `postgres://user:pw@host/db` → `postgres://user:REDACTED@host/db`,
 * `https://token@host` → `https://REDACTED@host`, `?password=pw` → `?password=REDACTED`. Done on
 * the text rather than through `URL`, which would re-encode and normalize what the operator wrote.
 */
export function redactUrl(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (scheme === null) return text;
  const authorityStart = scheme[0].length;
  const authorityEnd = firstIndexOf(text, ['/', '?', '#'], authorityStart);
  const authority = text.slice(authorityStart, authorityEnd);
  // The last `@` ends the userinfo: an unescaped `@` inside a password is common and WHATWG agrees.
  const at = authority.lastIndexOf('@');
  let redacted = text;
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const shownUserinfo = colon === -1 ? REDACTED : `${userinfo.slice(0, colon)}:${REDACTED}`;
    redacted = `${text.slice(0, authorityStart)}${shownUserinfo}${authority.slice(at)}${text.slice(authorityEnd)}`;
  }
  return redactQuery(redacted);
}

function redactQuery(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hashStart = url.indexOf('#', queryStart);
  const queryEnd = hashStart === -1 ? url.length : hashStart;
  const parameters = url
    .slice(queryStart + 1, queryEnd)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      if (equals === -1) return parameter;
      const name = safeDecode(parameter.slice(0, equals));
      return isSecretName(name) ? `${parameter.slice(0, equals)}=${REDACTED}` : parameter;
    });
  return `${url.slice(0, queryStart + 1)}${parameters.join('&')}${url.slice(queryEnd)}`;
}

function firstIndexOf(text: string, characters: readonly string[], from: number): number {
  let first = text.length;
  for (const character of characters) {
    const index = text.indexOf(character, from);
    if (index !== -1 && index < first) first = index;
  }
  return first;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
