import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect, createServer } from 'node:tls';
import { runCli } from './run-cli.js';

function workspace(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-certs-crl-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** What OpenSSL says of each client certificate against a server using the CLI's CA and CRL. */
async function verdicts(directory: string, clients: readonly string[]): Promise<Record<string, string>> {
  const read = (name: string): Buffer => readFileSync(path.join(directory, name));
  const server = createServer({ cert: read('server.crt'), key: read('server.key'), ca: read('ca.crt'), crl: read('ca.crl'), requestCert: true, rejectUnauthorized: false }, (socket) => {
    socket.end(socket.authorized ? 'authorized' : String(socket.authorizationError));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const result: Record<string, string> = {};
  try {
    for (const client of clients) {
      result[client] = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: read('ca.crt'), cert: read(`${client}.crt`), key: read(`${client}.key`) });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return result;
}

test('certs crl revokes certificates for node:tls, and keeps earlier revocations', async (t) => {
  const directory = workspace(t);
  assert.equal(runCli(['certs', 'init', '--out', '.'], directory).status, 0);
  assert.equal(runCli(['certs', 'client', '--name', 'alice'], directory).status, 0);
  assert.equal(runCli(['certs', 'client', '--name', 'bob'], directory).status, 0);

  const first = runCli(['certs', 'crl', '--out', '.', '--revoke', 'alice.crt'], directory);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /1 revoked certificate\b/);
  assert.match(readFileSync(path.join(directory, 'ca.crl'), 'utf8'), /^-----BEGIN X509 CRL-----/);
  assert.deepEqual(await verdicts(directory, ['client', 'alice', 'bob']), { client: 'authorized', alice: 'CERT_REVOKED', bob: 'authorized' });

  const second = runCli(['certs', 'crl', '--out', '.', '--revoke', 'bob.crt', 'alice.crt'], directory);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /2 revoked certificates/, 'alice is listed once');
  assert.deepEqual(await verdicts(directory, ['client', 'alice', 'bob']), { client: 'authorized', alice: 'CERT_REVOKED', bob: 'CERT_REVOKED' });
});

test('certs crl refuses a certificate another CA issued', (t) => {
  const directory = workspace(t);
  assert.equal(runCli(['certs', 'init', '--out', 'a'], directory).status, 0);
  assert.equal(runCli(['certs', 'init', '--out', 'b'], directory).status, 0);
  const result = runCli(['certs', 'crl', '--out', 'a', '--revoke', path.join('b', 'client.crt')], directory);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /is not issued by the CA in a/);
});
