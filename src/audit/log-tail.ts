import type { FileHandle } from 'node:fs/promises';

/** The end of a log file as a restart sees it. */
export interface LogTail {
  /** The last newline-terminated line, without its newline; undefined in an empty file. */
  lastLine?: string;
  /** Bytes after the last newline: a line torn by a crash mid-write. Empty when the file ends cleanly. */
  torn: Buffer;
  /** Where the complete lines end (the size to cut the file back to). */
  completeLength: number;
}

const CHUNK_BYTES = 64 * 1024;

/** Reads backwards from the end only as far as the last complete line: a restart never reads a whole day's file. */
export async function readLogTail(handle: FileHandle): Promise<LogTail> {
  const { size } = await handle.stat();
  let buffer = Buffer.alloc(0);
  let start = size;
  for (;;) {
    if (start > 0) {
      const length = Math.min(CHUNK_BYTES, start);
      start -= length;
      const chunk = Buffer.alloc(length);
      await readFully(handle, chunk, start);
      buffer = Buffer.concat([chunk, buffer]);
    }
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline === -1) {
      if (start === 0) return { torn: buffer, completeLength: 0 };
      continue;
    }
    const previousNewline = lastNewline === 0 ? -1 : buffer.lastIndexOf(0x0a, lastNewline - 1);
    if (previousNewline === -1 && start > 0) continue;
    return {
      lastLine: buffer.subarray(previousNewline + 1, lastNewline).toString('utf8'),
      torn: buffer.subarray(lastNewline + 1),
      completeLength: start + lastNewline + 1,
    };
  }
}

async function readFully(handle: FileHandle, target: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < target.length) {
    const { bytesRead } = await handle.read(target, offset, target.length - offset, position + offset);
    if (bytesRead === 0) throw new Error('file shrank while its tail was read');
    offset += bytesRead;
  }
}
