import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DAY_MS = 24 * 60 * 60 * 1000;
const INIT_FILES = ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'client.crt', 'client.key'];

function workspace(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-certs-cli-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const certificate = (directory: string, name: string): X509Certificate => new X509Certificate(readFileSync(path.join(directory, name)));
const modeOf = (file: string): number => statSync(file).mode & 0o777;

/** Validity end in days from now, to the nearest day. */
const daysLeft = (cert: X509Certificate): number => Math.round((Date.parse(cert.validTo) - Date.now()) / DAY_MS);

test('certs init writes a CA, a server and a client certificate that verify with node:crypto alone', (t) => {
  const directory = workspace(t);
  const out = path.join(directory, 'certs');
  const result = runCli(['certs', 'init', '--out', out, '--tenant', 'acme', '--days', '90', '--hosts', 'localhost,127.0.0.1,gateway.internal'], directory);
  assert.equal(result.status, 0, result.stderr);
  for (const name of INIT_FILES) {
    const mode = modeOf(path.join(out, name));
    if (name.endsWith('.key')) assert.equal(mode, 0o600, `${name} is owner-only`);
    else assert.equal(mode & 0o022, 0, `${name} is not writable by others`);
  }

  const ca = certificate(out, 'ca.crt');
  assert.equal(ca.ca, true);
  assert.ok(ca.checkPrivateKey(createPrivateKey(readFileSync(path.join(out, 'ca.key')))));

  const server = certificate(out, 'server.crt');
  assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey), 'the server certificate is signed by the CA');
  assert.equal(server.ca, false);
  assert.deepEqual(server.keyUsage, [SERVER_AUTH]);
  assert.equal(server.checkHost('localhost'), 'localhost');
  assert.equal(server.checkHost('gateway.internal'), 'gateway.internal');
  assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(server.checkHost('elsewhere.example'), undefined);
  assert.equal(daysLeft(server), 90);
  assert.ok(Date.parse(server.validFrom) <= Date.now());
  assert.ok(server.checkPrivateKey(createPrivateKey(readFileSync(path.join(out, 'server.key')))));

  const client = certificate(out, 'client.crt');
  assert.ok(client.checkIssued(ca) && client.verify(ca.publicKey), 'the client certificate is signed by the CA');
  assert.deepEqual(client.keyUsage, [CLIENT_AUTH]);
  assert.match(client.subject, /^CN=client$/m);
  assert.match(client.subject, /^O=acme$/m);
  assert.ok(client.checkPrivateKey(createPrivateKey(readFileSync(path.join(out, 'client.key')))));
  assert.match(result.stdout, /\[security\.tls\]/, 'prints the config to use them');
});

test('certs init refuses to overwrite without --force and replaces everything with it', (t) => {
  const directory = workspace(t);
  assert.equal(runCli(['certs', 'init', '--out', 'certs'], directory).status, 0);
  const before = readFileSync(path.join(directory, 'certs', 'ca.crt'), 'utf8');

  const refused = runCli(['certs', 'init', '--out', 'certs'], directory);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /refusing to overwrite .*ca\.crt.*--force/);
  assert.equal(readFileSync(path.join(directory, 'certs', 'ca.crt'), 'utf8'), before, 'nothing was written');

  const forced = runCli(['certs', 'init', '--out', 'certs', '--force'], directory);
  assert.equal(forced.status, 0, forced.stderr);
  assert.notEqual(readFileSync(path.join(directory, 'certs', 'ca.crt'), 'utf8'), before);
  assert.equal(modeOf(path.join(directory, 'certs', 'ca.key')), 0o600);
  const server = certificate(path.join(directory, 'certs'), 'server.crt');
  assert.ok(server.checkIssued(certificate(path.join(directory, 'certs'), 'ca.crt')), 'the new set belongs together');
});

test('certs client adds <name>.crt and <name>.key signed by the CA in --out', (t) => {
  const directory = workspace(t);
  assert.equal(runCli(['certs', 'init', '--out', '.'], directory).status, 0);
  const result = runCli(['certs', 'client', '--name', 'billing', '--tenant', 'acme', '--uri', 'spiffe://acme/billing', '--days', '10'], directory);
  assert.equal(result.status, 0, result.stderr);
  const client = certificate(directory, 'billing.crt');
  assert.ok(client.checkIssued(certificate(directory, 'ca.crt')) && client.verify(certificate(directory, 'ca.crt').publicKey));
  assert.deepEqual(client.keyUsage, [CLIENT_AUTH]);
  assert.equal(client.subjectAltName, 'URI:spiffe://acme/billing');
  assert.match(client.subject, /^O=acme$/m);
  assert.equal(daysLeft(client), 10);
  assert.equal(modeOf(path.join(directory, 'billing.key')), 0o600);

  const again = runCli(['certs', 'client', '--name', 'billing'], directory);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /refusing to overwrite/);
  const unsafe = runCli(['certs', 'client', '--name', '../escape'], directory);
  assert.equal(unsafe.status, 2, 'a name is also a file name');
});

test('certs client without a CA says how to make one', (t) => {
  const directory = workspace(t);
  const result = runCli(['certs', 'client', '--name', 'billing', '--out', 'nowhere'], directory);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /run certs init --out nowhere first/);
});
