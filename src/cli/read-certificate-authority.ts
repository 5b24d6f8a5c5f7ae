import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCertificateAuthority, type CertificateAuthority } from '../security/tls/certificate-authority.js';

/** The CA `certs init` wrote into `directory` (or one an operator put there as ca.crt / ca.key). */
export async function readCertificateAuthority(directory: string): Promise<CertificateAuthority> {
  const read = (name: string): string => {
    try {
      return readFileSync(path.join(directory, name), 'utf8');
    } catch {
      throw new Error(`cannot read ${path.join(directory, name)}: run certs init --out ${directory} first`);
    }
  };
  return loadCertificateAuthority(read('ca.crt'), read('ca.key'));
}
