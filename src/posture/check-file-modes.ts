import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveAuditPaths } from '../audit/audit-paths.js';
import type { Finding, PostureContext } from './finding.js';

type FileRole = 'private' | 'database' | 'config' | 'certificate';

interface WatchedFile {
  role: FileRole;
  /** What the file is, for messages: `TLS private key`. */
  label: string;
  file: string;
  /** The config key naming it, when one does. */
  key?: string;
}

/**
 * Who else on the machine may read or change the gateway's files. Private keys (TLS, the audit
 * chain's HMAC and signing keys) must be the owner's alone; the database (key hashes, usage) and
 * the config should be. Certificates are public, so only a certificate others may *replace* is a
 * finding. Files that do not exist yet are skipped: the gateway creates its own as 0600.
 */
export function checkFileModes(context: PostureContext): Finding[] {
  if (context.platform === 'win32') return [];
  const findings: Finding[] = [];
  for (const watched of watchedFiles(context)) {
    if (!existsSync(watched.file)) continue;
    const mode = statSync(watched.file).mode & 0o777;
    const octal = mode.toString(8).padStart(4, '0');
    const where = watched.key === undefined ? watched.file : `${watched.file} (${watched.key})`;
    if ((mode & 0o022) !== 0) {
      findings.push({
        id: 'file-writable-by-others',
        severity: 'high',
        path: watched.file,
        message: `${watched.label} ${where} is writable by group or others (mode ${octal})`,
        fix: `chmod go-w ${shellQuote(watched.file)}`,
      });
    }
    if (watched.role === 'certificate' || (mode & 0o044) === 0) continue;
    findings.push({
      id: readableId(watched.role),
      severity: watched.role === 'private' ? 'high' : watched.role === 'database' ? 'medium' : 'low',
      path: watched.file,
      message: `${watched.label} ${where} is readable by group or others (mode ${octal})`,
      fix: `chmod 600 ${shellQuote(watched.file)}`,
    });
  }
  return findings;
}

function readableId(role: Exclude<FileRole, 'certificate'>): string {
  switch (role) {
    case 'private':
      return 'key-file-readable';
    case 'database':
      return 'database-readable';
    case 'config':
      return 'config-readable';
    default: {
      const unknownRole: never = role;
      return String(unknownRole);
    }
  }
}

function watchedFiles({ config, configPath }: PostureContext): WatchedFile[] {
  const files: WatchedFile[] = [];
  if (configPath !== undefined) files.push({ role: 'config', label: 'config file', file: path.resolve(configPath) });
  const tls = config.security.tls;
  if (tls.key_path !== undefined) files.push({ role: 'private', label: 'TLS private key', file: path.resolve(tls.key_path), key: 'security.tls.key_path' });
  if (tls.cert_path !== undefined) files.push({ role: 'certificate', label: 'TLS certificate', file: path.resolve(tls.cert_path), key: 'security.tls.cert_path' });
  if (tls.client_ca_path !== undefined) files.push({ role: 'certificate', label: 'client CA certificate', file: path.resolve(tls.client_ca_path), key: 'security.tls.client_ca_path' });
  const audit = resolveAuditPaths(config.security.audit);
  if (config.security.audit.hmac_key === undefined) files.push({ role: 'private', label: 'audit HMAC key', file: audit.hmacKeyPath });
  files.push({ role: 'private', label: 'audit signing key', file: audit.signingKeyPath });
  const url = config.storage.url;
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) {
    files.push({ role: 'database', label: 'database', file: path.resolve(url.slice('sqlite:'.length)), key: 'storage.url' });
  }
  return files;
}

function shellQuote(file: string): string {
  return /^[\w./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
}
