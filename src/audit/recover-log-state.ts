import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { AuditError } from './audit-error.js';
import { listLogFiles, type AuditPaths } from './audit-paths.js';
import { readLogTail } from './log-tail.js';
import { parseRecordLine } from './parse-record-line.js';
import { GENESIS_MAC } from './record-mac.js';

/** A line a crash left half-written, cut off at restart and recorded as a recovery event. */
export interface TornLine {
  file: string;
  bytes: number;
  sha256: string;
}

/** Where the chain stands when the writer starts. */
export interface RecoveredState {
  /** The newest log file, to append to; undefined when the trail has no file yet. */
  currentFile?: string;
  /** The file holding the last record (null at genesis): a new or empty file links back to it. */
  lastRecordFile: string | null;
  lastSeq: number;
  lastMac: string;
  torn: TornLine[];
}

/**
 * Reads the tail of the newest log file (and of older ones while the newer are empty), cutting
 * off any torn last line. Only the record before a torn line could have been lost, and its
 * append never resolved, so no answered request loses its record.
 */
export async function recoverLogState(paths: AuditPaths): Promise<RecoveredState> {
  const files = await listLogFiles(paths);
  const torn: TornLine[] = [];
  for (let index = files.length - 1; index >= 0; index -= 1) {
    const name = files[index] ?? '';
    const handle = await open(path.join(paths.directory, name), 'r+');
    try {
      const tail = await readLogTail(handle);
      if (tail.torn.length > 0) {
        torn.unshift({ file: name, bytes: tail.torn.length, sha256: createHash('sha256').update(tail.torn).digest('hex') });
        await handle.truncate(tail.completeLength);
        await handle.datasync();
      }
      if (tail.lastLine === undefined) continue;
      const parsed = parseRecordLine(tail.lastLine);
      if (parsed === undefined) {
        throw new AuditError('corrupt_tail', `the last line of ${path.join(paths.directory, name)} is not an audit record: run securellm audit verify`);
      }
      return { currentFile: files.at(-1), lastRecordFile: name, lastSeq: parsed.seq, lastMac: parsed.mac, torn };
    } finally {
      await handle.close();
    }
  }
  return { currentFile: files.at(-1), lastRecordFile: null, lastSeq: 0, lastMac: GENESIS_MAC, torn };
}
