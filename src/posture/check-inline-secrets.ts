import { isSecretName, redactValue, REDACTED } from '../config/redact-config.js';
import type { Finding, PostureContext } from './finding.js';

const ONLY_REFERENCES = /^(\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/;
const REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i;
/** Settings whose names look secret but whose values are modes (`secrets = "redact"`). */
const SETTINGS = new Set(['security.guardrails.secrets']);

/**
 * Secrets written into the config file instead of referenced as `${VAR}`: `api_key`, `hmac_key`
 * and any other secret-named key, values in a known key format, and passwords in URLs. A config
 * file is copied, shared and committed far more often than an environment is.
 */
export function checkInlineSecrets({ written }: PostureContext): Finding[] {
  const findings: Finding[] = [];
  visit(written, [], (path, value) => {
    const name = path.at(-1) ?? '';
    if (SETTINGS.has(path.join('.'))) return;
    if (isSecretName(name) ? !ONLY_REFERENCES.test(value) : holdsInlineSecret(value)) {
      const key = path.join('.');
      findings.push({
        id: 'inline-secret',
        severity: 'high',
        path: key,
        message: `${key} holds a secret written into the config file`,
        fix: `write ${key} = "\${SOME_VARIABLE}" and set the variable in the environment (or a secret manager), then rotate the exposed secret`,
      });
    }
  });
  return findings;
}

function holdsInlineSecret(value: string): boolean {
  const literal = value.replace(REFERENCE, '');
  if (redactValue(literal) === REDACTED) return true;
  const userinfo = URL_USERINFO.exec(literal)?.[1];
  if (userinfo === undefined) return false;
  // `postgres://app:${PGPASSWORD}@db/app` leaves `app:` here: the password comes from the environment.
  const colon = userinfo.indexOf(':');
  return colon !== -1 && userinfo.slice(colon + 1) !== '';
}

function visit(value: unknown, path: string[], onString: (path: string[], value: string) => void): void {
  if (typeof value === 'string') onString(path, value);
  else if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, String(index)], onString));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) visit(item, [...path, key], onString);
  }
}
