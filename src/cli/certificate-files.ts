import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One file `certs` writes. */
export interface CertificateFile {
  name: string;
  content: string;
  /** Private keys: owner-only (0600). Certificates and CRLs are public (0644). */
  secret: boolean;
}

/** A certificate or a CA with its private key, as PEM. */
interface PemPair {
  certificatePem: string;
  keyPem: string;
}

/** The six files of `certs init` (and of `config init` when it makes certificates). */
export function certificateSetFiles(set: { authority: PemPair; server: PemPair; client: PemPair }): CertificateFile[] {
  return [
    { name: 'ca.crt', content: set.authority.certificatePem, secret: false },
    { name: 'ca.key', content: set.authority.keyPem, secret: true },
    { name: 'server.crt', content: set.server.certificatePem, secret: false },
    { name: 'server.key', content: set.server.keyPem, secret: true },
    { name: 'client.crt', content: set.client.certificatePem, secret: false },
    { name: 'client.key', content: set.client.keyPem, secret: true },
  ];
}

/**
 * Writes the files into `directory` (created owner-only if missing). Without `force`, nothing is
 * written when any of them exists, so a half-replaced set can never result. A replaced file is
 * removed and created anew, so a key never lands in an old file's looser permissions.
 */
export function writeCertificateFiles(directory: string, files: readonly CertificateFile[], force: boolean): string[] {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const paths = files.map((file) => path.join(directory, file.name));
  const existing = paths.filter((file) => existsSync(file));
  if (existing.length > 0 && !force) {
    throw new Error(`refusing to overwrite ${existing.join(', ')} (use --force to replace)`);
  }
  files.forEach((file, index) => {
    const target = paths[index] ?? path.join(directory, file.name);
    if (force) rmSync(target, { force: true });
    writeFileSync(target, file.content, { mode: file.secret ? 0o600 : 0o644, flag: 'wx' });
  });
  return paths;
}
