import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import type { ClientTls } from '../app/http-chat.js';
import type { Config } from '../config/schema.js';

export interface ClientTlsFlags {
  ca?: string;
  clientCert?: string;
  clientKey?: string;
}

/**
 * The TLS material `chat` uses to reach a running gateway. The CA is `--ca`, else the config's
 * `client_ca_path` (the CA `certs init` writes signs the server's certificate too), trusted next to
 * the system roots. The client certificate is `--client-cert`/`--client-key`, else the
 * `client.crt`/`client.key` that `certs init` writes beside that CA, when both exist.
 */
export function clientTlsOf(config: Readonly<Config>, flags: ClientTlsFlags): ClientTls | undefined {
  const tls = config.security.tls;
  if ((flags.clientCert === undefined) !== (flags.clientKey === undefined)) {
    throw new Error('--client-cert and --client-key go together');
  }
  const caPath = flags.ca ?? (tls.client_ca_path !== undefined && existsSync(tls.client_ca_path) ? tls.client_ca_path : undefined);
  let certPath = flags.clientCert;
  let keyPath = flags.clientKey;
  if (certPath === undefined && tls.client_ca_path !== undefined) {
    const directory = path.dirname(tls.client_ca_path);
    const [cert, key] = [path.join(directory, 'client.crt'), path.join(directory, 'client.key')];
    if (existsSync(cert) && existsSync(key)) [certPath, keyPath] = [cert, key];
  }
  if (caPath === undefined && certPath === undefined) return undefined;
  const result: ClientTls = {};
  if (caPath !== undefined) result.ca = [...rootCertificates, readPem(caPath, 'CA certificate')].join('\n');
  if (certPath !== undefined && keyPath !== undefined) {
    result.cert = readPem(certPath, 'client certificate');
    result.key = readPem(keyPath, 'client key');
  }
  return result;
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}
