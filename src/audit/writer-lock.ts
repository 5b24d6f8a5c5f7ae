import path from 'node:path';
import lockfile from 'proper-lockfile';
import { AuditError } from './audit-error.js';
import type { AuditPaths } from './audit-paths.js';

/**
 * One writer per audit trail: two processes appending to the same log (a `serve` and an in-process
 * `chat`, or two replicas pointed at one folder) would fork its hash chain. The lock is a folder
 * beside the log (`audit.writer.lock`) whose time stamp the holder refreshes; a holder that died
 * (kill -9, power loss) leaves a lock that goes stale after `STALE_MS`, and the next start waits
 * that long at most before taking it over. Works across hosts sharing the folder, unlike a pid file.
 */
const STALE_MS = 5_000;
/** Retries cover the stale period of a lock left by a process that died. */
const RETRIES = { retries: 12, factor: 1, minTimeout: 500, maxTimeout: 500 } as const;

export type ReleaseWriterLock = () => Promise<void>;

export function writerLockPath(paths: AuditPaths): string {
  return path.join(paths.directory, `${paths.stem}.writer.lock`);
}

/**
 * Takes the trail's writer lock, waiting out a stale one. `onLost` is called if the lock is taken
 * from this process later (its refreshes failed for longer than the stale period): the writer must
 * then stop writing.
 * @throws AuditError `locked` when another live process holds the lock.
 */
export async function acquireWriterLock(paths: AuditPaths, onLost: (error: AuditError) => void): Promise<ReleaseWriterLock> {
  const lockPath = writerLockPath(paths);
  try {
    const release = await lockfile.lock(paths.directory, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_MS,
      retries: RETRIES,
      onCompromised: (error) => onLost(new AuditError('lock_lost', `the audit log's writer lock was lost: ${error.message}`, { cause: error })),
    });
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await release().catch(() => undefined);
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new AuditError('locked', `the audit log in ${paths.directory} is in use by another process (lock ${lockPath}); one gateway or chat session writes a trail at a time`, { cause: error });
    }
    throw error;
  }
}
