import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { AuditPaths } from './audit-paths.js';
import { checkpointFileName } from './audit-paths.js';
import { parseCheckpoint, type SignedCheckpoint } from './checkpoint.js';

/** The writer's handle on one log file's checkpoint file: append-only, each line synced to disk. */
export class CheckpointFile {
  private constructor(private readonly handle: FileHandle) {}

  static async open(paths: AuditPaths, logFileName: string): Promise<CheckpointFile> {
    const handle = await open(path.join(paths.checkpointDirectory, checkpointFileName(logFileName)), 'a+', 0o644);
    try {
      await cutTornLine(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new CheckpointFile(handle);
  }

  async append(checkpoint: SignedCheckpoint): Promise<void> {
    await this.handle.appendFile(`${JSON.stringify(checkpoint)}\n`);
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** A crash mid-checkpoint leaves a fragment; later checkpoints must start on a line of their own. */
async function cutTornLine(handle: FileHandle): Promise<void> {
  const text = await handle.readFile('utf8');
  if (text === '' || text.endsWith('\n')) return;
  await handle.truncate(Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
}

export interface CheckpointList {
  checkpoints: SignedCheckpoint[];
  /** 1-based line numbers that are not checkpoints (tampering, or a crash mid-line). */
  malformedLines: number[];
  /** An unterminated last line: a checkpoint torn by a crash, cut off when the writer reopens the file. */
  tornTail: boolean;
}

/** Every checkpoint of a log file, in file order; undefined when it has no checkpoint file. */
export async function readCheckpoints(paths: AuditPaths, logFileName: string): Promise<CheckpointList | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(paths.checkpointDirectory, checkpointFileName(logFileName)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const checkpoints: SignedCheckpoint[] = [];
  const malformedLines: number[] = [];
  const lines = text.split('\n');
  const tornTail = lines[lines.length - 1] !== '';
  lines.forEach((line, index) => {
    if (index === lines.length - 1) return;
    const checkpoint = parseCheckpoint(line);
    if (checkpoint === undefined) malformedLines.push(index + 1);
    else checkpoints.push(checkpoint);
  });
  return { checkpoints, malformedLines, tornTail };
}
