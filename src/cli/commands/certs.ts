import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createCertificateAuthority } from '../../security/tls/certificate-authority.js';
import { issueClientCertificate, issueServerCertificate, type ClientCertificateOptions } from '../../security/tls/issue-certificate.js';
import { certificateSetFiles, writeCertificateFiles } from '../certificate-files.js';
import { examples } from '../help-text.js';
import { parseLabel, parseList, parsePositiveInteger } from '../option-parsers.js';
import { withProgress } from '../progress.js';
import { readCertificateAuthority } from '../read-certificate-authority.js';
import { certsCrlCommand } from './certs-crl.js';

interface IssueOptions {
  out: string;
  days: number;
  name: string;
  tenant: string;
  uri?: string;
  force?: boolean;
  json?: boolean;
}

interface InitOptions extends IssueOptions {
  hosts: string[];
  caDays: number;
}

const CONFIG_OPTION = ['--config <path>', 'accepted like every verb; certs reads no config'] as const;

/** `securellm certs init|client|crl`: a private CA with server and client certificates for (m)TLS. */
export function certsCommand(): Command {
  const certs = new Command('certs').description('make a private CA, server and client certificates for TLS and mutual TLS');

  certs
    .command('init')
    .description('write ca.crt, ca.key, server.crt, server.key, client.crt and client.key')
    .requiredOption('--out <dir>', 'directory to write to')
    .option('--days <n>', 'validity of the server and client certificates in days', parsePositiveInteger, 365)
    .option('--ca-days <n>', 'validity of the CA in days', parsePositiveInteger, 3650)
    .option('--hosts <list>', 'names and IP addresses the server certificate is for, comma-separated', parseList, ['localhost', '127.0.0.1'])
    .option('--name <name>', "the client certificate's CN (its identity unless --uri is given)", parseLabel, 'client')
    .option('--tenant <tenant>', "the client certificate's O: the tenant it belongs to", parseLabel, 'default')
    .option('--uri <uri>', 'a SAN URI for the client certificate (e.g. spiffe://acme/billing); it becomes the identity', parseUri)
    .option('--force', 'replace existing files')
    .option('--json', 'print the files written and the [security.tls] settings as JSON')
    .option(...CONFIG_OPTION)
    .addHelpText(
      'after',
      `
Keys are ECDSA P-256; private keys are written owner-only (0600). Without --force nothing is
written when any of the files exists. Then point [security.tls] at them (printed at the end).
${examples(
        'securellm certs init --out ./certs',
        'securellm certs init --out /etc/securellm/tls --hosts gateway.internal,10.0.0.5 --days 90',
        'securellm certs init --out ./certs --name billing --tenant acme --uri spiffe://acme/billing --json',
      )}`,
    )
    .action(async (options: InitOptions) => {
      const { authority, server, client } = await withProgress('generating the CA key…', async (progress) => {
        const authority = await createCertificateAuthority({ days: options.caDays });
        progress.update('issuing the server certificate…');
        const server = await issueServerCertificate(authority, options.hosts, options.days);
        progress.update('issuing the client certificate…');
        const client = await issueClientCertificate(authority, clientOptions(options));
        return { authority, server, client };
      });
      const written = writeCertificateFiles(options.out, certificateSetFiles({ authority, server, client }), options.force === true);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ files: written.map((file) => path.resolve(file)), tls: tlsSettings(options.out) })}\n`);
        return;
      }
      process.stdout.write(`Wrote ${written.join(', ')}\n\n${configSnippet(options.out)}`);
    });

  certs
    .command('client')
    .description('add <name>.crt and <name>.key, signed by the CA in --out')
    .requiredOption('--name <name>', "the certificate's CN and file name (its identity unless --uri is given)", parseFileLabel)
    .option('--tenant <tenant>', "the certificate's O: the tenant it belongs to", parseLabel, 'default')
    .option('--uri <uri>', 'a SAN URI (e.g. spiffe://acme/billing); it becomes the identity', parseUri)
    .option('--out <dir>', 'directory holding ca.crt and ca.key, and where the files go', '.')
    .option('--days <n>', 'validity in days', parsePositiveInteger, 365)
    .option('--force', 'replace existing files')
    .option('--json', 'print the files written, tenant, identity and serial number as JSON')
    .option(...CONFIG_OPTION)
    .addHelpText(
      'after',
      `
The client presents <name>.crt and <name>.key to a gateway with require_client_cert = true; its
identity is the CN (or --uri), its tenant the O. Revoke it with certs crl --revoke <name>.crt.
${examples(
        'securellm certs client --out ./certs --name billing --tenant acme',
        'securellm certs client --out ./certs --name ci --uri spiffe://acme/ci --days 30 --json',
      )}`,
    )
    .action(async (options: IssueOptions) => {
      const authority = await readCertificateAuthority(options.out);
      const client = await withProgress('issuing the client certificate…', () => issueClientCertificate(authority, clientOptions(options)));
      const written = writeCertificateFiles(
        options.out,
        [
          { name: `${options.name}.crt`, content: client.certificatePem, secret: false },
          { name: `${options.name}.key`, content: client.keyPem, secret: true },
        ],
        options.force === true,
      );
      if (options.json === true) {
        const identity = options.uri ?? options.name;
        process.stdout.write(`${JSON.stringify({ files: written.map((file) => path.resolve(file)), name: options.name, tenant: options.tenant, identity, serial: client.serialNumber })}\n`);
        return;
      }
      process.stdout.write(`Wrote ${written.join(', ')} (tenant ${options.tenant}, serial ${client.serialNumber})\n`);
    });

  certs.addCommand(certsCrlCommand());
  return certs;
}

function clientOptions(options: IssueOptions): ClientCertificateOptions {
  const client: ClientCertificateOptions = { name: options.name, tenant: options.tenant, days: options.days };
  if (options.uri !== undefined) client.uri = options.uri;
  return client;
}

/** The `[security.tls]` settings that use what `certs init` wrote. */
function tlsSettings(directory: string): Record<string, string | boolean> {
  return {
    enabled: true,
    cert_path: path.resolve(directory, 'server.crt'),
    key_path: path.resolve(directory, 'server.key'),
    client_ca_path: path.resolve(directory, 'ca.crt'),
    require_client_cert: true,
  };
}

function configSnippet(directory: string): string {
  const lines = Object.entries(tlsSettings(directory)).map(([key, value]) => `${key} = ${JSON.stringify(value)}`);
  return ['[security.tls]', ...lines, ''].join('\n');
}

/** A client name is also a file name: letters, digits, `.`, `_`, `-`; not the CA's or the server's. */
function parseFileLabel(text: string): string {
  const value = text.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
    throw new InvalidArgumentError('use 1 to 64 letters, digits, ".", "_" or "-" (it names the files), starting with a letter or digit.');
  }
  if (value === 'ca' || value === 'server') throw new InvalidArgumentError(`"${value}" would replace the ${value} certificate.`);
  return value;
}

function parseUri(text: string): string {
  if (!URL.canParse(text) || /\s/.test(text)) throw new InvalidArgumentError('must be an absolute URI such as spiffe://acme/billing.');
  return text;
}
