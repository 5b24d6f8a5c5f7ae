import path from 'node:path';
import type { AuditConfig } from '../config/schema.js';
import type { AuditBreak } from './audit-break.js';
import { loadVerificationKeys } from './audit-keys.js';
import { listCheckpointedFiles, listLogFiles, resolveAuditPaths } from './audit-paths.js';
import { checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.js';
import { readCheckpoints } from './checkpoint-file.js';
import { isExpiredLogFile } from './retention.js';
import { GENESIS_MAC } from './record-mac.js';
import { verifyLogFile, type ChainPosition, type RecoveryNote } from './verify-log-file.js';

export interface VerifiedFile {
  name: string;
  records: number;
  lastSeq: number;
  checkpoints: number;
}

export interface VerifyReport {
  ok: boolean;
  files: VerifiedFile[];
  /** Files gone by retention whose signed closing checkpoint still carries the chain across the gap. */
  removedByRetention: string[];
  recoveries: RecoveryNote[];
  records: number;
  lastSeq: number;
  /** Fingerprint of the public key the checkpoints were checked against. */
  signingKey: string;
  break?: AuditBreak;
}

export interface VerifyOptions {
  baseDirectory?: string;
  /** A pinned copy of the public key, instead of the one `public_key_path` names. */
  publicKeyPath?: string;
  now?: () => number;
  /** Called before each file is checked (1-based), so a long trail can show progress. */
  onFile?: (index: number, total: number, name: string) => void;
  /**
   * For a trail whose writer is running (GET /admin/audit/verify): asked when the newest file ends
   * in an incomplete line; true (the writer is open and healthy) means a batch is being written,
   * so that line is left out rather than reported as `torn`. Elsewhere it is a break.
   */
  liveWriterHealthy?: () => boolean;
}

/**
 * Checks the whole trail, oldest file first: each file's chain, its link to the file before, and
 * every signed checkpoint. A file missing from the log folder is accepted only when retention
 * explains it (older than `retention_days`) and its closing checkpoint matches the next file's link.
 */
export async function verifyAuditTrail(audit: Readonly<AuditConfig>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const paths = resolveAuditPaths(audit, options.baseDirectory);
  const keys = await loadVerificationKeys(audit, paths, options.publicKeyPath === undefined ? undefined : path.resolve(options.baseDirectory ?? process.cwd(), options.publicKeyPath));
  const now = (options.now ?? Date.now)();
  const present = new Set(await listLogFiles(paths));
  const names = [...new Set([...present, ...(await listCheckpointedFiles(paths))])].sort();
  const report: VerifyReport = { ok: true, files: [], removedByRetention: [], recoveries: [], records: 0, lastSeq: 0, signingKey: keys.fingerprint };
  let position: ChainPosition = { seq: 0, mac: GENESIS_MAC, file: null };
  const stop = (found: AuditBreak): VerifyReport => ({ ...report, ok: false, lastSeq: position.seq, break: found });

  for (const [index, name] of names.entries()) {
    options.onFile?.(index + 1, names.length, name);
    const listed = await readCheckpoints(paths, name);
    const checkpoints = listed?.checkpoints ?? [];
    const checkpointFile = path.join(paths.checkpointDirectory, `${name}.checkpoints`);
    const malformed = listed?.malformedLines[0];
    if (malformed !== undefined) return stop({ kind: 'checkpoint_invalid', file: checkpointFile, line: malformed, message: 'a line of the checkpoint file is not a checkpoint' });
    const invalid = checkpoints.findIndex((checkpoint, index) => !checkpointValid(checkpoint, name, keys.publicKey, checkpoints[index - 1]));
    if (invalid !== -1) {
      return stop({ kind: 'checkpoint_invalid', file: checkpointFile, line: invalid + 1, message: `checkpoint ${invalid + 1} is not signed by key ${keys.fingerprint}, names another file, or goes backwards` });
    }

    if (!present.has(name)) {
      if (!isExpiredLogFile(paths, name, now, audit.retention_days)) {
        return stop({ kind: 'deleted', file: name, message: `${name} is missing but is not older than retention_days (${audit.retention_days})` });
      }
      const closing = checkpoints.at(-1);
      if (closing === undefined || !closing.closed || closing.seq < position.seq) {
        return stop({ kind: 'deleted', file: name, message: `${name} was removed and has no closing checkpoint to carry the chain across it` });
      }
      report.removedByRetention.push(name);
      position = { seq: closing.seq, mac: closing.mac, file: name };
      continue;
    }

    if (checkpoints.length === 0) {
      return stop({ kind: 'checkpoint_missing', file: checkpointFile, message: `${name} has no signed checkpoint: its checkpoints were removed` });
    }
    const newest = index === names.length - 1;
    const tailBeingWritten = (): boolean => newest && options.liveWriterHealthy?.() === true;
    const verified = await verifyLogFile(path.join(paths.directory, name), name, keys.hmacKey, position, checkpoints, tailBeingWritten);
    report.records += verified.records;
    report.recoveries.push(...verified.recoveries);
    report.files.push({ name, records: verified.records, lastSeq: verified.end.seq, checkpoints: checkpoints.length });
    position = verified.end;
    if (verified.break !== undefined) return stop(verified.break);
  }
  report.lastSeq = position.seq;
  return report;
}

function checkpointValid(checkpoint: SignedCheckpoint, name: string, publicKey: Parameters<typeof checkpointSignatureValid>[1], previous: SignedCheckpoint | undefined): boolean {
  if (checkpoint.file !== name || !checkpointSignatureValid(checkpoint, publicKey)) return false;
  return previous === undefined || (checkpoint.seq >= previous.seq && !previous.closed);
}
