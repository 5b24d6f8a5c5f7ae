import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { openAuditWriter } from '../../src/audit/open-audit-writer.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { sealRecord } from '../../src/audit/record-mac.js';
import { signCheckpoint, type SignedCheckpoint } from '../../src/audit/checkpoint.js';
import type { AuditBreakKind } from '../../src/audit/audit-break.js';
import { auditConfig, auditDirectory, sampleEvent } from './audit-fixture.js';

/** A real trail: a link and 20 requests (seq 1–21), a checkpoint every 5 records and one at close. */
async function pristineTrail(t: TestContext): Promise<string> {
  const directory = auditDirectory(t);
  const { writer } = await openAuditWriter(auditConfig(directory, { checkpoint_every_records: 5 }));
  for (let index = 1; index <= 20; index += 1) await writer.append(sampleEvent(index));
  await writer.close();
  return directory;
}

function logFile(directory: string): string {
  const name = readdirSync(directory).find((file) => /^audit-\d{4}-\d{2}-\d{2}\.log$/.test(file));
  assert.ok(name, 'the trail has a dated log file');
  return path.join(directory, name);
}

function checkpointFile(directory: string): string {
  return path.join(directory, 'checkpoints', `${path.basename(logFile(directory))}.checkpoints`);
}

function editLines(file: string, change: (lines: string[]) => string[]): void {
  const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
  writeFileSync(file, `${change(lines).join('\n')}\n`);
}

function setField(line: string, field: string, value: unknown): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  record[field] = value;
  return JSON.stringify(record);
}

/** What someone holding the HMAC key (not the signing key) can do: rewrite a record and re-chain everything after it. */
function reseal(directory: string, fromIndex: number, change: (record: Record<string, unknown>) => void): void {
  const key = Buffer.from(readFileSync(path.join(directory, 'audit.hmac-key'), 'utf8').trim(), 'utf8');
  editLines(logFile(directory), (lines) => {
    let previousMac = fromIndex === 0 ? '' : (JSON.parse(lines[fromIndex - 1] ?? '{}') as { mac: string }).mac;
    return lines.map((line, index) => {
      if (index < fromIndex) return line;
      const { mac: _mac, ...record } = JSON.parse(line) as Record<string, unknown>;
      if (index === fromIndex) change(record);
      const sealed = sealRecord(key, previousMac, record);
      previousMac = sealed.mac;
      return sealed.line.slice(0, -1);
    });
  });
}

async function expectBreak(t: TestContext, tamper: (directory: string) => void, kind: AuditBreakKind, options: { publicKeyPath?: string } = {}): Promise<void> {
  const pristine = await pristineTrail(t);
  const before = await verifyAuditTrail(auditConfig(pristine));
  assert.equal(before.ok, true, JSON.stringify(before.break));
  const copy = `${pristine}-tampered`;
  cpSync(pristine, copy, { recursive: true });
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  tamper(copy);
  const report = await verifyAuditTrail(auditConfig(copy), options);
  assert.equal(report.ok, false, `${kind} went unnoticed`);
  assert.equal(report.break?.kind, kind, JSON.stringify(report.break));
}

test('an edited field is caught as edited', (t) =>
  expectBreak(t, (directory) => editLines(logFile(directory), (lines) => lines.map((line, index) => (index === 5 ? setField(line, 'model', 'cheaper-model') : line))), 'edited'));

test('a record whose seq was changed is caught as edited, not as a deletion', (t) =>
  expectBreak(t, (directory) => editLines(logFile(directory), (lines) => lines.map((line, index) => (index === 5 ? setField(line, 'seq', 40) : line))), 'edited'));

test('a deleted record is caught as deleted', (t) => expectBreak(t, (directory) => editLines(logFile(directory), (lines) => lines.filter((_, index) => index !== 7)), 'deleted'));

test('a forged record put in the chain is caught as inserted', (t) =>
  expectBreak(
    t,
    (directory) => editLines(logFile(directory), (lines) => [...lines.slice(0, 7), setField(setField(lines[7] ?? '', 'request_id', 'forged'), 'mac', 'f'.repeat(64)), ...lines.slice(7)]),
    'inserted',
  ));

test('a stray line that is not a record is caught as inserted', (t) =>
  expectBreak(t, (directory) => editLines(logFile(directory), (lines) => [...lines.slice(0, 7), '{"note":"hello"}', ...lines.slice(7)]), 'inserted'));

test('two swapped records are caught as reordered', (t) =>
  expectBreak(t, (directory) => editLines(logFile(directory), (lines) => [...lines.slice(0, 7), lines[8] ?? '', lines[7] ?? '', ...lines.slice(9)]), 'reordered'));

test('a copied record is caught as duplicated', (t) =>
  expectBreak(t, (directory) => editLines(logFile(directory), (lines) => [...lines.slice(0, 8), lines[7] ?? '', ...lines.slice(8)]), 'duplicated'));

test('a cut-off tail is caught as truncated by the signed checkpoint', (t) =>
  expectBreak(t, (directory) => editLines(logFile(directory), (lines) => lines.slice(0, -3)), 'truncated'));

test('a file rewritten and re-chained with the HMAC key is caught as resealed', (t) =>
  expectBreak(t, (directory) => reseal(directory, 10, (record) => (record['total_cost'] = 0)), 'resealed'));

test('an incomplete last line is reported as torn', (t) =>
  expectBreak(t, (directory) => writeFileSync(logFile(directory), '{"seq":22,"type":"requ', { flag: 'a' }), 'torn'));

test('an edited checkpoint is caught as checkpoint_invalid', (t) =>
  expectBreak(
    t,
    (directory) => editLines(checkpointFile(directory), (lines) => lines.map((line, index) => (index === 1 ? setField(line, 'seq', 3) : line))),
    'checkpoint_invalid',
  ));

test('resealing and re-signing with a substitute key is caught when verify pins the real public key', async (t) => {
  const pinned = path.join(auditDirectory(t), 'pinned.pem');
  await expectBreak(
    t,
    (directory) => {
      cpSync(path.join(directory, 'audit.public-key.pem'), pinned);
      reseal(directory, 10, (record) => (record['total_cost'] = 0));
      // The attacker signs fresh checkpoints for the rewritten file with a key of their own.
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(path.join(directory, 'audit.public-key.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      const last = JSON.parse(readFileSync(logFile(directory), 'utf8').trim().split('\n').at(-1) ?? '{}') as { seq: number; mac: string };
      const forged: SignedCheckpoint = signCheckpoint({ file: path.basename(logFile(directory)), seq: last.seq, mac: last.mac, time: new Date().toISOString(), closed: false }, privateKey);
      writeFileSync(checkpointFile(directory), `${JSON.stringify(forged)}\n`);
    },
    'checkpoint_invalid',
    { publicKeyPath: pinned },
  );
});

test('removed checkpoints are caught as checkpoint_missing', (t) => expectBreak(t, (directory) => rmSync(checkpointFile(directory)), 'checkpoint_missing'));

test('a log file removed before its retention time is caught as deleted', (t) => expectBreak(t, (directory) => rmSync(logFile(directory)), 'deleted'));
