import type { KeyObject } from 'node:crypto';
import type { AuditConfig } from '../config/schema.js';
import { AuditError } from './audit-error.js';
import type { AuditEvent } from './audit-event.js';
import { AuditLogFile } from './audit-log-file.js';
import { createBatch, type Batch } from './append-batch.js';
import { logFileDay, logFileNameAt, nextDayStart, type AuditPaths } from './audit-paths.js';
import { toRequestRecord, type LinkRecord, type RecoveryRecord } from './audit-record.js';
import type { TornLine } from './recover-log-state.js';
import { sealRecord } from './record-mac.js';
import { removeExpiredLogFiles } from './retention.js';

export interface AuditWriterStatus {
  healthy: boolean;
  file: string;
  /** Last sequence number handed out, written and checkpointed. */
  lastSeq: number;
  writtenSeq: number;
  checkpointedSeq: number;
  failure?: string;
}

/** What openAuditWriter hands the writer; see open-audit-writer.ts. */
export interface AuditWriterParts {
  audit: Readonly<AuditConfig>;
  paths: AuditPaths;
  hmacKey: Buffer;
  signingKey: KeyObject;
  fingerprint: string;
  /** The newest log file, open for appending. */
  file: AuditLogFile;
  lastSeq: number;
  lastMac: string;
  now: () => number;
  onError: (error: Error) => void;
  /** Releases the trail's writer lock (writer-lock.ts) once the writer has closed. */
  releaseLock?: () => Promise<void>;
}

/**
 * The hash-chained audit writer. `append` seals a record at once (sequence and mac are assigned in
 * call order, synchronously) and queues its line; one drain loop writes every queued line in a
 * single write per batch, so concurrent requests share a write and an fsync. Interval fsync,
 * checkpoints and retention run in a lane of their own, one at a time, so answers never wait
 * behind an fdatasync they do not need; one unref'd interval timer drives interval fsync and timed
 * checkpoints.
 */
export class AuditWriter {
  private readonly batches: Batch[] = [];
  private lastSeq: number;
  private lastMac: string;
  private currentFile: string;
  private nextRotationAt: number;
  private draining = false;
  /** The maintenance lane (interval fsync, checkpoints, retention) while it runs. */
  private maintaining: Promise<void> | undefined;
  private syncDue = false;
  private checkpointDue = false;
  private retentionDue = true;
  private lastCheckpointAt = performance.now();
  private failure: AuditError | undefined;
  private closing: Promise<void> | undefined;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;
  private file: AuditLogFile;

  constructor(private readonly parts: AuditWriterParts) {
    this.lastSeq = parts.lastSeq;
    this.lastMac = parts.lastMac;
    this.file = parts.file;
    this.currentFile = parts.file.name;
    const day = logFileDay(parts.paths, parts.file.name);
    this.nextRotationAt = parts.paths.rotation === 'never' || day === undefined ? Infinity : nextDayStart(Date.parse(`${day}T00:00:00Z`));
    const checkpointMs = parts.audit.checkpoint_interval_seconds * 1000;
    const period = parts.audit.fsync === 'interval' ? Math.min(parts.audit.fsync_interval_ms, checkpointMs) : checkpointMs;
    this.timer = setInterval(() => this.tick(checkpointMs), period);
    this.timer.unref();
  }

  /**
   * Appends the record of one finished request. Resolves once its line is written (and synced,
   * with `fsync = "always"`); await it before sending the response's last byte. Rejects when the
   * log cannot be written; from then on the writer is unhealthy and every append rejects.
   */
  append(event: AuditEvent): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closing !== undefined) return Promise.reject(new AuditError('closed', 'the audit writer is closed'));
    try {
      const now = this.parts.now();
      if (now >= this.nextRotationAt) this.rotate(now);
      const head = { seq: this.lastSeq + 1, timestamp: new Date(now).toISOString() };
      return this.enqueue(toRequestRecord(event, head, this.parts.audit.include_content));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** False once a write failed or the writer closed: readiness fails and (with on_failure = "refuse") requests are refused. */
  healthy(): boolean {
    return this.failure === undefined && this.closing === undefined;
  }

  status(): AuditWriterStatus {
    const status: AuditWriterStatus = {
      healthy: this.healthy(),
      file: this.currentFile,
      lastSeq: this.lastSeq,
      writtenSeq: this.file.writtenSeq,
      checkpointedSeq: this.file.checkpointedSeq,
    };
    if (this.failure !== undefined) status.failure = this.failure.message;
    return status;
  }

  /** Writes a signed checkpoint now (after everything queued so far). */
  async checkpoint(): Promise<void> {
    this.checkpointDue = true;
    await this.idle();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Writes what is queued, syncs, signs a last checkpoint and closes the files. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      this.checkpointDue = true;
      try {
        await this.idle();
        await this.file.close();
      } finally {
        await this.parts.releaseLock?.();
      }
      if (this.failure !== undefined) throw this.failure;
    })();
    return this.closing;
  }

  /** At open: a file with no record of its own starts by linking to the chain's last record. */
  appendLink(previousFile: string | null): Promise<void> {
    return this.enqueue(this.linkRecord(previousFile, this.parts.now()));
  }

  /** At open: records that a torn last line was cut off after a crash. */
  appendRecovery(torn: TornLine): Promise<void> {
    const record: RecoveryRecord = {
      type: 'recovery',
      seq: this.lastSeq + 1,
      timestamp: new Date(this.parts.now()).toISOString(),
      reason: 'torn_last_line',
      file: torn.file,
      torn_bytes: torn.bytes,
      torn_sha256: torn.sha256,
    };
    return this.enqueue(record);
  }

  private linkRecord(previousFile: string | null, now: number): LinkRecord {
    const head = { seq: this.lastSeq + 1, timestamp: new Date(now).toISOString() };
    return { type: 'link', ...head, previous_file: previousFile, previous_seq: this.lastSeq, previous_mac: this.lastMac, signing_key: this.parts.fingerprint };
  }

  private enqueue(record: { seq: number }, openFile?: string): Promise<void> {
    const sealed = sealRecord(this.parts.hmacKey, this.lastMac, record);
    this.lastSeq = record.seq;
    this.lastMac = sealed.mac;
    let batch = this.batches.at(-1);
    if (batch === undefined || openFile !== undefined) {
      batch = createBatch(openFile);
      this.batches.push(batch);
    }
    batch.text += sealed.line;
    batch.lastSeq = this.lastSeq;
    batch.lastMac = this.lastMac;
    this.schedule();
    return batch.promise;
  }

  /** A new UTC day: the next record goes to a new file, opened by a link to this file's last record. */
  private rotate(now: number): void {
    this.nextRotationAt = nextDayStart(now);
    const name = logFileNameAt(this.parts.paths, now);
    if (name <= this.currentFile) return;
    const link = this.linkRecord(this.currentFile, now);
    this.currentFile = name;
    void this.enqueue(link, name);
  }

  private tick(checkpointMs: number): void {
    // With fsync = "always" each batch is synced before it resolves; a second sync here could
    // race it (sync() skips while another is in flight).
    if (this.parts.audit.fsync === 'interval' && this.file.unsynced) this.syncDue = true;
    const stale = performance.now() - this.lastCheckpointAt >= checkpointMs;
    if (stale && this.file.writtenSeq !== this.file.checkpointedSeq) this.checkpointDue = true;
    if (this.syncDue || this.checkpointDue) this.schedule();
  }

  private schedule(): void {
    if (this.draining) return;
    this.draining = true;
    // A microtask, not a timer: appends made in the same turn of the event loop join one write.
    queueMicrotask(() => void this.drain());
  }

  private idle(): Promise<void> {
    if (!this.draining && this.maintaining === undefined && !this.checkpointDue && !this.syncDue) return Promise.resolve();
    this.schedule();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Writes the queued batches, then starts the maintenance lane if something is due. */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        const batch = this.batches.shift();
        if (batch === undefined) break;
        await this.writeBatch(batch);
      }
    } catch (error) {
      this.fail(error);
    }
    this.draining = false;
    if (this.failure === undefined && this.maintaining === undefined && (this.checkpointDue || this.syncDue || this.retentionDue)) {
      const maintaining = this.maintain();
      this.maintaining = maintaining;
      void maintaining.then(() => {
        this.maintaining = undefined;
        this.noteUncheckpointed();
        this.settle();
      });
    }
    this.settle();
  }

  /** Once both lanes are still: more work goes round again, otherwise `idle()` waiters are told. */
  private settle(): void {
    if (this.draining || this.maintaining !== undefined) return;
    if (this.failure === undefined && (this.batches.length > 0 || this.checkpointDue || this.syncDue || this.retentionDue)) {
      this.schedule();
      return;
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Interval fsync, checkpoints and retention, one at a time, while batches go on being written. */
  private async maintain(): Promise<void> {
    try {
      for (;;) {
        if (this.failure !== undefined) break;
        else if (this.checkpointDue) await this.writeCheckpoint(false);
        else if (this.syncDue) {
          this.syncDue = false;
          await this.file.sync();
        } else if (this.retentionDue) {
          this.retentionDue = false;
          await this.removeExpired();
        } else break;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async writeBatch(batch: Batch): Promise<void> {
    if (this.failure !== undefined) return batch.reject(this.failure);
    try {
      if (batch.openFile !== undefined) {
        // The old file's checkpoints and syncs finish before it is sealed and closed.
        await this.maintaining;
        await this.switchFile(batch.openFile);
      }
      await this.file.write(batch.text, batch.lastSeq, batch.lastMac);
      if (this.parts.audit.fsync === 'always') await this.file.sync();
    } catch (error) {
      this.fail(error);
      return batch.reject(this.failure ?? new AuditError('write_failed', 'audit write failed'));
    }
    batch.resolve();
    // Not while the maintenance lane runs (a checkpoint in flight already vouches for most of it):
    // it looks again when it is done.
    if (this.maintaining === undefined) this.noteUncheckpointed();
  }

  private noteUncheckpointed(): void {
    if (this.file.writtenSeq - this.file.checkpointedSeq >= this.parts.audit.checkpoint_every_records) this.checkpointDue = true;
  }

  private async writeCheckpoint(closed: boolean): Promise<void> {
    this.checkpointDue = false;
    this.lastCheckpointAt = performance.now();
    if (!closed && this.file.writtenSeq === this.file.checkpointedSeq) return;
    await this.file.checkpoint(this.parts.signingKey, new Date(this.parts.now()).toISOString(), closed);
  }

  /**
   * Seals the old file with a closing checkpoint before the new one's link is written. The new
   * file is opened first: if it cannot be, the old one must not have been declared closed.
   */
  private async switchFile(name: string): Promise<void> {
    const old = this.file;
    const next = await AuditLogFile.open(this.parts.paths, name, { seq: old.writtenSeq, mac: old.writtenMac });
    try {
      await this.writeCheckpoint(true);
    } catch (error) {
      await next.close();
      throw error;
    }
    await old.close();
    this.file = next;
    this.checkpointDue = true;
    this.retentionDue = true;
  }

  private async removeExpired(): Promise<void> {
    try {
      await removeExpiredLogFiles(this.parts.paths, this.parts.now(), this.parts.audit.retention_days, this.file.name);
    } catch (error) {
      // Retention failing leaves old files in place: worth reporting, not worth refusing requests.
      this.parts.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The writer lock was taken from this process: stop writing, as after a failed write. */
  lockLost(error: AuditError): void {
    this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.failure = error instanceof AuditError && error.code === 'lock_lost' ? error : new AuditError('write_failed', `the audit log cannot be written: ${reason}`, { cause: error });
    clearInterval(this.timer);
    this.parts.onError(this.failure);
    for (const batch of this.batches.splice(0)) batch.reject(this.failure);
  }
}
