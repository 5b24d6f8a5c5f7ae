import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { connect, createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../src/core/logger.js';
import { issueClientCertificate, issueServerCertificate } from '../../../src/security/tls/issue-certificate.js';
import { createRevocationList } from '../../../src/security/tls/revocation-list.js';
import { readSecureContextOptions, tlsFilesOf } from '../../../src/security/tls/tls-files.js';
import { TlsReloader } from '../../../src/security/tls/tls-reloader.js';
import { startGatewayHarness, type GatewayHarness } from '../../e2e/gateway-harness.js';
import { createCertificateSet, tlsSection, type CertificateSet } from './certificate-set.js';
import { httpsCall, openaiErrorCode } from './https-client.js';

/** The serial number of the certificate a fresh connection to `port` is served, normalized. */
function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(normalized(socket.getPeerCertificate().serialNumber));
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** Lower-case hex without leading zeros: Node and the x509 library differ in both. */
const normalized = (serial: string): string => serial.toLowerCase().replace(/^0+/, '');

/** Replaces a file the way deployment tools do: write beside it, then rename over it. */
function replaceFile(file: string, content: string): void {
  writeFileSync(`${file}.new`, content);
  renameSync(`${file}.new`, file);
}

/** Polls `check` until it returns true, failing after `timeoutMs`. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('certificate reload without restart', () => {
  let set: CertificateSet;
  let harness: GatewayHarness;
  let port: number;
  before(async () => {
    set = await createCertificateSet();
    harness = await startGatewayHarness({ kinds: ['openai'], tls: tlsSection(set, true) });
    port = Number(new URL(harness.url).port);
  });
  after(async () => {
    await harness.close();
    set.remove();
  });

  it('serves a replaced server certificate to the next connection', async () => {
    assert.equal(await servedSerial(port, set.ca.certificatePem), normalized(set.server.serialNumber));
    const renewed = await issueServerCertificate(set.ca, ['localhost', '127.0.0.1'], 30);
    replaceFile(set.files.key, renewed.keyPem);
    replaceFile(set.files.cert, renewed.certificatePem);
    await eventually('the renewed certificate being served', async () => (await servedSerial(port, set.ca.certificatePem)) === normalized(renewed.serialNumber));
  });

  it('applies a replaced CRL to the next connection', async () => {
    const carol = await issueClientCertificate(set.ca, { name: 'carol', tenant: 'test' });
    const call = (): ReturnType<typeof httpsCall> =>
      httpsCall(`${harness.url}/v1/models`, { ca: set.ca.certificatePem, client: carol });
    assert.equal((await call()).status, 200);
    replaceFile(set.files.crl, await createRevocationList(set.ca, { serialNumbers: [set.revoked.serialNumber, carol.serialNumber] }));
    await eventually('carol being refused as revoked', async () => openaiErrorCode(await call()) === 'client_certificate_revoked');
  });
});

describe('TlsReloader.reload', () => {
  let set: CertificateSet;
  let server: Server;
  let port: number;
  const logLines: string[] = [];
  before(async () => {
    set = await createCertificateSet();
    const files = tlsFilesOf({ enabled: true, require_client_cert: false, cert_path: set.files.cert, key_path: set.files.key });
    server = createServer(await readSecureContextOptions(files), (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    set.remove();
  });

  it('keeps the previous certificate and logs why when the new files do not fit together', async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const files = tlsFilesOf({ enabled: true, require_client_cert: false, cert_path: set.files.cert, key_path: set.files.key });
    const reloader = new TlsReloader(server, files, createLogger('info', sink));
    const stranger = await issueServerCertificate(set.ca, ['localhost']);
    // A new certificate next to the old key: what an operator has between copying the two files.
    replaceFile(set.files.cert, stranger.certificatePem);
    assert.equal(await reloader.reload(), false);
    assert.equal(await servedSerial(port, set.ca.certificatePem), normalized(set.server.serialNumber), 'the old pair is still served');
    assert.ok(logLines.some((line) => line.includes('tls: reload failed')), logLines.join(''));

    replaceFile(set.files.key, stranger.keyPem);
    assert.equal(await reloader.reload(), true);
    assert.equal(await servedSerial(port, set.ca.certificatePem), normalized(stranger.serialNumber));
  });
});
