import { mkdir } from 'node:fs/promises';
import type { AuditConfig } from '../config/schema.js';
import { loadOrCreateWriterKeys } from './audit-keys.js';
import { AuditLogFile } from './audit-log-file.js';
import { logFileNameAt, resolveAuditPaths, type AuditPaths } from './audit-paths.js';
import { AuditWriter } from './audit-writer.js';
import { recoverLogState, type TornLine } from './recover-log-state.js';
import { acquireWriterLock } from './writer-lock.js';

export interface OpenAuditWriterOptions {
  /** Epoch milliseconds; injected by tests to cross midnight. */
  now?: () => number;
  /** Folder relative paths in the config are taken from (default: the working directory). */
  baseDirectory?: string;
  /** Errors that do not fail an append (retention) and the failure that makes the writer unhealthy. */
  onError?: (error: Error) => void;
}

/** A writer ready for appends, and what its start found. */
export interface OpenedAuditWriter {
  writer: AuditWriter;
  /** Torn last lines cut off after a crash (each is also a recovery record in the log). */
  recovered: readonly TornLine[];
}

/**
 * Opens the audit trail at start: creates folders and keys on first start, repairs a torn last
 * line left by a crash (recording it), links a new file to the chain, and signs an opening
 * checkpoint. Throws when the trail cannot be opened: the gateway should not become ready.
 */
export async function openAuditWriter(audit: Readonly<AuditConfig>, options: OpenAuditWriterOptions = {}): Promise<OpenedAuditWriter> {
  const now = options.now ?? Date.now;
  const paths = resolveAuditPaths(audit, options.baseDirectory);
  await mkdir(paths.directory, { recursive: true, mode: 0o700 });
  await mkdir(paths.checkpointDirectory, { recursive: true, mode: 0o700 });
  // One writer per trail, taken before the tail is read or repaired.
  const opened: { writer?: AuditWriter } = {};
  const releaseLock = await acquireWriterLock(paths, (error) => opened.writer?.lockLost(error));
  let tail: OpenedTail;
  try {
    tail = await openTail(audit, paths, now());
  } catch (error) {
    await releaseLock();
    throw error;
  }
  const { keys, state, fileName, file } = tail;
  const writer = new AuditWriter({
    audit,
    paths,
    hmacKey: keys.hmacKey,
    signingKey: keys.signingKey,
    fingerprint: keys.fingerprint,
    file,
    lastSeq: state.lastSeq,
    lastMac: state.lastMac,
    now,
    onError: options.onError ?? (() => undefined),
    releaseLock,
  });
  opened.writer = writer;
  const opening: Promise<void>[] = [];
  // A file with no record of its own (new, or emptied by cutting a torn link) starts with a link.
  if (state.lastRecordFile !== fileName) opening.push(writer.appendLink(state.lastRecordFile));
  for (const torn of state.torn) opening.push(writer.appendRecovery(torn));
  try {
    await Promise.all(opening);
    await writer.checkpoint();
  } catch (error) {
    await writer.close().catch(() => undefined);
    throw error;
  }
  return { writer, recovered: state.torn };
}

interface OpenedTail {
  keys: Awaited<ReturnType<typeof loadOrCreateWriterKeys>>;
  state: Awaited<ReturnType<typeof recoverLogState>>;
  fileName: string;
  file: AuditLogFile;
}

/** Keys, the recovered chain state and the newest file, open for appending. */
async function openTail(audit: Readonly<AuditConfig>, paths: AuditPaths, now: number): Promise<OpenedTail> {
  const keys = await loadOrCreateWriterKeys(audit, paths);
  const state = await recoverLogState(paths);
  const fileName = state.currentFile ?? logFileNameAt(paths, now);
  const file = await AuditLogFile.open(paths, fileName, { seq: state.lastSeq, mac: state.lastMac });
  return { keys, state, fileName, file };
}
