import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { AuditConfig } from '../config/schema.js';

/**
 * Where the audit trail lives. Daily files sit beside `log_path`, named after it
 * (`audit.log` → `audit-2025-01-31.log`); keys beside it too; checkpoints in their own folder
 * (`checkpoints/` beside the log unless `checkpoint_path` says otherwise), one file per log file.
 */
export interface AuditPaths {
  directory: string;
  /** `audit` for `audit.log`. */
  stem: string;
  /** `.log` for `audit.log`. */
  extension: string;
  /** `log_path` itself: the only file when rotation is `never`. */
  logPath: string;
  rotation: AuditConfig['rotation'];
  checkpointDirectory: string;
  hmacKeyPath: string;
  signingKeyPath: string;
  publicKeyPath: string;
}

const CHECKPOINT_SUFFIX = '.checkpoints';

export function resolveAuditPaths(audit: Readonly<AuditConfig>, base: string = process.cwd()): AuditPaths {
  const logPath = path.resolve(base, audit.log_path);
  const directory = path.dirname(logPath);
  const extension = path.extname(logPath);
  const stem = path.basename(logPath, extension);
  const signingKeyPath = path.resolve(base, audit.signing_key_path ?? path.join(directory, `${stem}.signing-key.pem`));
  return {
    directory,
    stem,
    extension,
    logPath,
    rotation: audit.rotation,
    checkpointDirectory: path.resolve(base, audit.checkpoint_path ?? path.join(directory, 'checkpoints')),
    hmacKeyPath: path.join(directory, `${stem}.hmac-key`),
    signingKeyPath,
    publicKeyPath: path.resolve(base, audit.public_key_path ?? path.join(directory, `${stem}.public-key.pem`)),
  };
}

/** The file a record written at `epochMs` belongs in (days are UTC). */
export function logFileNameAt(paths: AuditPaths, epochMs: number): string {
  if (paths.rotation === 'never') return path.basename(paths.logPath);
  return `${paths.stem}-${new Date(epochMs).toISOString().slice(0, 10)}${paths.extension}`;
}

/** `2025-01-31` for `audit-2025-01-31.log`; undefined for a name that is not a dated log file. */
export function logFileDay(paths: AuditPaths, name: string): string | undefined {
  if (!name.startsWith(`${paths.stem}-`) || !name.endsWith(paths.extension)) return undefined;
  const day = name.slice(paths.stem.length + 1, name.length - paths.extension.length);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

/** Epoch ms of the next UTC midnight after `epochMs`: when the next file starts. */
export function nextDayStart(epochMs: number): number {
  const day = 86_400_000;
  return (Math.floor(epochMs / day) + 1) * day;
}

export function checkpointFileName(logFileName: string): string {
  return `${logFileName}${CHECKPOINT_SUFFIX}`;
}

/** The log files present, oldest first (dated names sort by date). */
export async function listLogFiles(paths: AuditPaths): Promise<string[]> {
  const names = await readdirOrEmpty(paths.directory);
  if (paths.rotation === 'never') return names.filter((name) => name === path.basename(paths.logPath));
  return names.filter((name) => logFileDay(paths, name) !== undefined).sort();
}

/** Log files named by a checkpoint file, present or not (retention removes logs but keeps checkpoints). */
export async function listCheckpointedFiles(paths: AuditPaths): Promise<string[]> {
  const names = await readdirOrEmpty(paths.checkpointDirectory);
  return names
    .filter((name) => name.endsWith(CHECKPOINT_SUFFIX))
    .map((name) => name.slice(0, -CHECKPOINT_SUFFIX.length))
    .filter((name) => (paths.rotation === 'never' ? name === path.basename(paths.logPath) : logFileDay(paths, name) !== undefined))
    .sort();
}

async function readdirOrEmpty(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
