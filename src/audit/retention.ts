import { rm } from 'node:fs/promises';
import path from 'node:path';
import { listLogFiles, logFileDay, type AuditPaths } from './audit-paths.js';

/** The first day still kept: files of earlier (UTC) days are older than `retentionDays`. */
export function retentionCutoffDay(nowMs: number, retentionDays: number): string {
  return new Date(nowMs - retentionDays * 86_400_000).toISOString().slice(0, 10);
}

export function isExpiredLogFile(paths: AuditPaths, name: string, nowMs: number, retentionDays: number): boolean {
  const day = logFileDay(paths, name);
  return paths.rotation === 'daily' && day !== undefined && day < retentionCutoffDay(nowMs, retentionDays);
}

/**
 * Deletes daily log files older than `retentionDays`, never the one being written. Their
 * checkpoints stay, so `audit verify` can still vouch for the chain across the gap.
 */
export async function removeExpiredLogFiles(paths: AuditPaths, nowMs: number, retentionDays: number, currentFile: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await listLogFiles(paths)) {
    if (name === currentFile || !isExpiredLogFile(paths, name, nowMs, retentionDays)) continue;
    await rm(path.join(paths.directory, name), { force: true });
    removed.push(name);
  }
  return removed;
}
