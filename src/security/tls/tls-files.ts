import { readFile } from 'node:fs/promises';
import type { SecureContextOptions } from 'node:tls';
import type { Config } from '../../config/schema.js';

/** The files `[security.tls]` names, checked for the combinations that make sense. */
export interface TlsFiles {
  cert: string;
  key: string;
  clientCa?: string;
  crl?: string;
}

/** TLS 1.0 and 1.1 are refused at the handshake. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/** The paths from the config section; throws naming the key when one the others need is missing. */
export function tlsFilesOf(section: Readonly<Config['security']['tls']>): TlsFiles {
  if (section.cert_path === undefined) throw new Error('security.tls.cert_path: required when security.tls.enabled = true');
  if (section.key_path === undefined) throw new Error('security.tls.key_path: required when security.tls.enabled = true');
  if (section.require_client_cert && section.client_ca_path === undefined) {
    throw new Error('security.tls.client_ca_path: required when security.tls.require_client_cert = true (the CA client certificates are checked against)');
  }
  if (section.crl_path !== undefined && section.client_ca_path === undefined) {
    throw new Error('security.tls.crl_path: revokes client certificates, so it needs security.tls.client_ca_path');
  }
  const files: TlsFiles = { cert: section.cert_path, key: section.key_path };
  if (section.client_ca_path !== undefined) files.clientCa = section.client_ca_path;
  if (section.crl_path !== undefined) files.crl = section.crl_path;
  return files;
}

/**
 * Reads the files into the options of a secure context, for the server's start and for every
 * reload. Each failure names the config key, so the operator knows which file to fix.
 */
export async function readSecureContextOptions(files: TlsFiles): Promise<SecureContextOptions> {
  const [cert, key, ca, crl] = await Promise.all([
    readNamed('security.tls.cert_path', files.cert),
    readNamed('security.tls.key_path', files.key),
    files.clientCa === undefined ? undefined : readNamed('security.tls.client_ca_path', files.clientCa),
    files.crl === undefined ? undefined : readNamed('security.tls.crl_path', files.crl),
  ]);
  const options: SecureContextOptions = { cert, key, minVersion: MIN_TLS_VERSION };
  if (ca !== undefined) options.ca = ca;
  if (crl !== undefined) options.crl = crl;
  return options;
}

async function readNamed(key: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}
