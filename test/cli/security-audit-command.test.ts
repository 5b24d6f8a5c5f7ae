import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeEndOfLife } from '../../src/posture/check-node-version.js';
import type { SecurityAuditReport } from '../../src/posture/audit-security.js';
import { selfSignedCertificate } from '../posture/self-signed-certificate.js';
import { runCli, type CliResult } from './run-cli.js';

/** The runtime's own support status is checked on its own below; elsewhere it would decide every exit code. */
const IGNORE_NODE = ['--ignore', 'node-eol,node-eol-soon,node-version-unknown'];
const QUIET = ['[logging]', 'level = "silent"'];

function workspace(t: TestContext): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-security-audit-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Writes config.toml (owner-only, so its mode is not a finding unless a test wants one). */
function writeConfig(directory: string, lines: readonly string[], mode = 0o600): string {
  const file = path.join(directory, 'config.toml');
  writeFileSync(file, [...lines, ...QUIET].join('\n'));
  chmodSync(file, mode);
  return file;
}

function audit(directory: string, extra: readonly string[] = [], environment: Record<string, string> = {}): { result: CliResult; report: SecurityAuditReport } {
  const result = runCli(['security', 'audit', '--json', ...IGNORE_NODE, ...extra], directory, environment);
  return { result, report: JSON.parse(result.stdout) as SecurityAuditReport };
}

function severityOf(report: SecurityAuditReport, id: string, findingPath?: string): string | undefined {
  return report.findings.find((finding) => finding.id === id && (findingPath === undefined || finding.path === findingPath))?.severity;
}

describe('securellm security audit', () => {
  it('exits 0 with no findings on a loopback config with the safe defaults', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[server]', 'host = "127.0.0.1"']);
    const { result, report } = audit(directory);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(report.findings, []);
    assert.doesNotMatch(result.stderr, /high-severity/);
    assert.deepEqual(report.counts, { high: 0, medium: 0, low: 0, info: 0 });
    assert.equal(report.source, 'config.toml');
  });

  it('reports plain HTTP and open metrics on a non-loopback address, as a table with fixes, and exits 5', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[server]', 'host = "0.0.0.0"', '[metrics]', 'require_admin = false']);
    const table = runCli(['security', 'audit', ...IGNORE_NODE], directory);
    assert.equal(table.status, 5);
    assert.match(table.stdout, /^SEVERITY\s+ID\s+FINDING$/m);
    assert.match(table.stdout, /^high\s+tls-off-non-loopback\s+the gateway listens on 0\.0\.0\.0:8443 without TLS/m);
    assert.match(table.stdout, /^\s+fix: set \[security\.tls\] enabled = true/m);
    assert.match(table.stdout, /^medium\s+metrics-public\s+/m);
    assert.match(table.stdout, /findings: 1 high, 1 medium, 0 low, 0 info$/m);
    assert.match(table.stderr, /^securellm security audit: 1 high-severity finding$/m);
    const { result, report } = audit(directory);
    assert.match(result.stderr, /^securellm security audit: 1 high-severity finding$/m);
    assert.equal(severityOf(report, 'tls-off-non-loopback'), 'high');
    assert.equal(severityOf(report, 'metrics-public'), 'medium');
    for (const finding of report.findings) assert.ok(finding.message !== '' && finding.fix !== '', finding.id);
  });

  it('finds secrets written inline, never prints them, and leaves ${VAR} references alone', (t) => {
    const directory = workspace(t);
    writeConfig(directory, [
      '[storage]',
      'url = "postgres://app:hunter2-db-password@db.internal/app"',
      '[providers.deepseek]',
      'api_key = "sk-inline-0123456789abcdef"',
      '[providers.openai]',
      'api_key = "${OPENAI_KEY_FOR_AUDIT}"',
      '[security.audit]',
      'hmac_key = "an-inline-audit-hmac-key-of-40-characters"',
    ]);
    const { result, report } = audit(directory, [], { OPENAI_KEY_FOR_AUDIT: 'sk-from-environment' });
    assert.equal(result.status, 5);
    assert.match(result.stderr, /^securellm security audit: 3 high-severity findings$/m);
    const inline = report.findings.filter((finding) => finding.id === 'inline-secret').map((finding) => finding.path);
    assert.deepEqual(inline.sort(), ['providers.deepseek.api_key', 'security.audit.hmac_key', 'storage.url']);
    assert.equal(severityOf(report, 'inline-secret'), 'high');
    for (const secret of ['sk-inline-0123456789abcdef', 'hunter2-db-password', 'an-inline-audit-hmac-key', 'sk-from-environment']) {
      assert.doesNotMatch(result.stdout + result.stderr, new RegExp(secret));
    }
  });

  it('accepts a database password given as ${VAR} inside the URL', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[storage]', 'url = "postgres://app:${PGPASSWORD}@db.internal/app"']);
    const { report } = audit(directory, [], { PGPASSWORD: 'from-env' });
    assert.equal(severityOf(report, 'inline-secret'), undefined);
  });

  it('reports limits, guards and audit settings that weaken the gateway; medium findings alone exit 0', (t) => {
    const directory = workspace(t);
    writeConfig(directory, [
      '[security.rate_limit]',
      'enabled = false',
      '[security.guardrails]',
      'prompt_injection = "off"',
      'pii = "off"',
      'secrets = "off"',
      '[security.audit]',
      'on_failure = "continue"',
      'include_content = true',
    ]);
    const { result, report } = audit(directory);
    assert.equal(result.status, 0);
    assert.deepEqual(
      report.findings.map((finding) => `${finding.severity} ${finding.id}`),
      ['medium audit-content', 'medium audit-failure-continue', 'medium guard-off-pii', 'medium guard-off-prompt-injection', 'medium guard-off-secrets', 'medium rate-limit-off'],
    );
  });

  it('reports answers left unscanned while input guards look for secrets', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[security.guardrails]', 'scan_responses = false']);
    const { result, report } = audit(directory);
    assert.equal(result.status, 0);
    assert.deepEqual(report.findings.map((finding) => `${finding.severity} ${finding.id}`), ['low responses-unscanned']);
  });

  it('reports an audit trail that is off as high', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[security.audit]', 'enabled = false']);
    const { result, report } = audit(directory);
    assert.equal(result.status, 5);
    assert.deepEqual(report.findings.map((finding) => `${finding.severity} ${finding.id}`), ['high audit-off']);
  });

  it('reports permissive egress: private networks allowed, plain HTTP to other hosts (high when a key travels)', (t) => {
    const directory = workspace(t);
    writeConfig(directory, [
      '[providers.ollama]',
      'base_url = "http://192.168.1.20:11434"',
      'allow_private_network = true',
      '[providers.lan]',
      'type = "openai"',
      'api_key = "${LAN_KEY}"',
      'base_url = "http://10.0.0.5:8000/v1"',
      'allow_private_network = true',
      '[providers.local]',
      'base_url = "http://localhost:9000"',
    ]);
    const { report } = audit(directory, [], { LAN_KEY: 'lan-key-value' });
    assert.equal(severityOf(report, 'egress-private-network', 'providers.ollama.allow_private_network'), 'medium');
    assert.equal(severityOf(report, 'egress-plain-http', 'providers.ollama.base_url'), 'medium');
    assert.equal(severityOf(report, 'egress-plain-http', 'providers.lan.base_url'), 'high');
    assert.equal(severityOf(report, 'egress-plain-http', 'providers.local.base_url'), undefined, 'loopback over HTTP is the operator\'s choice');
  });

  it('reports key, database and config files others may read, and certificates others may replace', async (t) => {
    const directory = workspace(t);
    const { certificatePem, keyPem } = await selfSignedCertificate({ days: 365 });
    const certFile = path.join(directory, 'server.crt');
    const keyFile = path.join(directory, 'server.key');
    const databaseFile = path.join(directory, 'gateway.db');
    writeFileSync(certFile, certificatePem);
    writeFileSync(keyFile, keyPem);
    writeFileSync(databaseFile, '');
    const lines = ['[storage]', 'url = "sqlite:./gateway.db"', '[security.tls]', 'enabled = true', 'cert_path = "server.crt"', 'key_path = "server.key"'];
    const configFile = writeConfig(directory, lines, 0o644);
    chmodSync(certFile, 0o666);
    chmodSync(keyFile, 0o644);
    chmodSync(databaseFile, 0o640);
    const { result, report } = audit(directory);
    assert.equal(result.status, 5);
    assert.equal(severityOf(report, 'key-file-readable', keyFile), 'high');
    assert.equal(severityOf(report, 'database-readable', databaseFile), 'medium');
    assert.equal(severityOf(report, 'config-readable', configFile), 'low');
    assert.equal(severityOf(report, 'file-writable-by-others', certFile), 'high');
    assert.equal(report.findings.find((finding) => finding.path === keyFile)?.fix, `chmod 600 ${keyFile}`);

    chmodSync(certFile, 0o644);
    chmodSync(keyFile, 0o600);
    chmodSync(databaseFile, 0o600);
    chmodSync(configFile, 0o600);
    const fixed = audit(directory);
    assert.deepEqual(fixed.report.findings.filter((finding) => finding.path?.startsWith(directory)), [], 'a public certificate readable by all is fine');
    assert.equal(fixed.result.status, 0);
  });

  describe('certificates', () => {
    async function auditCertificate(t: TestContext, options: Parameters<typeof selfSignedCertificate>[0]): Promise<SecurityAuditReport> {
      const directory = workspace(t);
      const { certificatePem, keyPem } = await selfSignedCertificate(options);
      writeFileSync(path.join(directory, 'server.crt'), certificatePem, { mode: 0o644 });
      writeFileSync(path.join(directory, 'server.key'), keyPem, { mode: 0o600 });
      writeConfig(directory, ['[security.tls]', 'enabled = true', 'cert_path = "server.crt"', 'key_path = "server.key"']);
      return audit(directory).report;
    }

    it('has nothing to say of a P-256 certificate valid for a year', async (t) => {
      const report = await auditCertificate(t, { days: 365 });
      assert.deepEqual(report.findings.filter((finding) => finding.path === 'security.tls.cert_path'), []);
    });

    it('reports expiry within 30 days as medium, within 7 as high, and an expired one as high', async (t) => {
      assert.equal(severityOf(await auditCertificate(t, { days: 20 }), 'certificate-expiring'), 'medium');
      assert.equal(severityOf(await auditCertificate(t, { days: 3 }), 'certificate-expiring'), 'high');
      const expired = await auditCertificate(t, { days: -2 });
      assert.equal(severityOf(expired, 'certificate-expired'), 'high');
      assert.equal(severityOf(expired, 'certificate-expiring'), undefined);
    });

    it('reports an RSA key under 2048 bits as weak', async (t) => {
      const report = await auditCertificate(t, { days: 365, rsaBits: 1024 });
      assert.equal(severityOf(report, 'weak-key'), 'high');
      assert.match(report.findings.find((finding) => finding.id === 'weak-key')?.message ?? '', /RSA 1024 bits/);
    });
  });

  it('reports this Node.js release as its support table says, high once past end of life', (t) => {
    const directory = workspace(t);
    writeConfig(directory, []);
    const result = runCli(['security', 'audit', '--json'], directory);
    const report = JSON.parse(result.stdout) as SecurityAuditReport;
    const { endOfLife } = nodeEndOfLife(process.versions.node);
    assert.ok(endOfLife !== undefined, 'the table knows the Node.js lines this project runs on');
    const pastEndOfLife = endOfLife.getTime() <= Date.now();
    assert.equal(severityOf(report, 'node-eol'), pastEndOfLife ? 'high' : undefined);
    assert.equal(result.status, pastEndOfLife ? 5 : 0);
  });

  it('knows the end of life of each Node.js line', () => {
    assert.equal(nodeEndOfLife('20.19.1').endOfLife?.toISOString().slice(0, 10), '2026-04-30');
    assert.equal(nodeEndOfLife('v24.1.0').endOfLife?.toISOString().slice(0, 10), '2028-04-30');
    assert.equal(nodeEndOfLife('16.20.2').endOfLife?.getTime(), 0);
    assert.equal(nodeEndOfLife('99.0.0').endOfLife, undefined);
  });

  it('leaves out ignored findings and says which', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[server]', 'host = "0.0.0.0"']);
    const { result, report } = audit(directory, ['--ignore', 'tls-off-non-loopback']);
    assert.equal(result.status, 0);
    assert.equal(severityOf(report, 'tls-off-non-loopback'), undefined);
    assert.deepEqual(report.ignored.filter((id) => !id.startsWith('node-')), ['tls-off-non-loopback']);
  });

  it('exits 1 naming the key of a config error', (t) => {
    const directory = workspace(t);
    writeConfig(directory, ['[security.rate_limit]', 'enabeld = false']);
    const result = runCli(['security', 'audit'], directory);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^security\.rate_limit\.enabeld: unknown key$/m);
  });
});
