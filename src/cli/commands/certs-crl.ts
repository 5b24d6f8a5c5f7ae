import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { Command } from 'commander';
import { createRevocationList, revokedSerialNumbers } from '../../security/tls/revocation-list.js';
import { examples } from '../help-text.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { readCertificateAuthority } from '../read-certificate-authority.js';

interface CrlOptions {
  out: string;
  revoke?: string[];
  days: number;
  json?: boolean;
}

/**
 * `securellm certs crl`: writes ca.crl, the revocation list `security.tls.crl_path` names. Serials
 * already in an existing ca.crl stay listed, so revoking one more certificate never reinstates
 * another. Run it again before `--days` pass: OpenSSL refuses every client once the CRL is stale.
 */
export function certsCrlCommand(): Command {
  return new Command('crl')
    .description('write ca.crl listing revoked client certificates (kept: those already listed)')
    .requiredOption('--out <dir>', 'directory holding ca.crt and ca.key; ca.crl is written there')
    .option('--revoke <certificates...>', 'certificate files to revoke')
    .option('--days <n>', 'days until the next update; re-issue before then', parsePositiveInteger, 30)
    .option('--json', 'print the CRL file, the revoked serial numbers and --days as JSON')
    .option('--config <path>', 'accepted like every verb; certs reads no config')
    .addHelpText(
      'after',
      `
Point security.tls.crl_path at DIR/ca.crl; a running gateway reloads it when it changes. Run
this again (with or without --revoke) before --days pass: a stale CRL makes TLS refuse every
client certificate.
${examples(
        'securellm certs crl --out ./certs --revoke ./certs/billing.crt',
        'securellm certs crl --out ./certs --days 7      # re-issue, same list',
        'securellm certs crl --out ./certs --json',
      )}`,
    )
    .action(async (options: CrlOptions) => {
      const authority = await readCertificateAuthority(options.out);
      const crlPath = path.join(options.out, 'ca.crl');
      const serials = existsSync(crlPath) ? await revokedSerialNumbers(authority, readFileSync(crlPath, 'utf8')) : [];
      const authorityCertificate = new X509Certificate(authority.certificatePem);
      for (const file of options.revoke ?? []) {
        const certificate = new X509Certificate(readFileSync(file));
        if (!certificate.checkIssued(authorityCertificate) || !certificate.verify(authorityCertificate.publicKey)) {
          throw new Error(`${file} is not issued by the CA in ${options.out}`);
        }
        serials.push(certificate.serialNumber);
      }
      const pem = await createRevocationList(authority, { serialNumbers: serials, days: options.days });
      const listed = await revokedSerialNumbers(authority, pem);
      // Written beside and renamed over, so a gateway watching the file never reads half of it.
      const temporary = `${crlPath}.${process.pid}.tmp`;
      writeFileSync(temporary, pem, { mode: 0o644 });
      renameSync(temporary, crlPath);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ file: path.resolve(crlPath), revoked: listed, days: options.days })}\n`);
        return;
      }
      process.stdout.write(`Wrote ${crlPath}: ${listed.length} revoked certificate${listed.length === 1 ? '' : 's'}\n`);
    });
}
