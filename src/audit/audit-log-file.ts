import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { AuditPaths } from './audit-paths.js';
import { CheckpointFile } from './checkpoint-file.js';
import { signCheckpoint } from './checkpoint.js';

/**
 * One open log file and its checkpoint file, with what has reached it: the writer's only door to
 * the disk. Appends go through an O_APPEND handle, whole buffers at a time.
 */
export class AuditLogFile {
  /** Last record written to this file (seq 0 and '' before the first). */
  writtenSeq: number;
  writtenMac: string;
  checkpointedSeq = -1;
  unsynced = false;

  private constructor(
    readonly name: string,
    private readonly handle: FileHandle,
    private readonly checkpoints: CheckpointFile,
    written: { seq: number; mac: string },
  ) {
    this.writtenSeq = written.seq;
    this.writtenMac = written.mac;
  }

  static async open(paths: AuditPaths, name: string, written: { seq: number; mac: string }): Promise<AuditLogFile> {
    const handle = await open(path.join(paths.directory, name), 'a', 0o600);
    try {
      return new AuditLogFile(name, handle, await CheckpointFile.open(paths, name), written);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async write(text: string, lastSeq: number, lastMac: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    this.writtenSeq = lastSeq;
    this.writtenMac = lastMac;
    this.unsynced = true;
  }

  async sync(): Promise<void> {
    if (!this.unsynced) return;
    this.unsynced = false;
    await this.handle.datasync();
  }

  /**
   * Syncs the log first: a checkpoint must never vouch for bytes still only in memory. It vouches
   * for what was written before its own fdatasync started, so appends may go on meanwhile; the
   * sync is its own (not `sync()`, which may be skipped while another sync is still in flight).
   */
  async checkpoint(signingKey: KeyObject, time: string, closed: boolean): Promise<void> {
    const seq = this.writtenSeq;
    const mac = this.writtenMac;
    await this.handle.datasync();
    const statement = { file: this.name, seq, mac, time, closed };
    await this.checkpoints.append(signCheckpoint(statement, signingKey));
    this.checkpointedSeq = seq;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.handle.close(), this.checkpoints.close()]);
  }
}
