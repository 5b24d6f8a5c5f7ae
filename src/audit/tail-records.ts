import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { listLogFiles, type AuditPaths } from './audit-paths.js';

const CHUNK_BYTES = 64 * 1024;

/** Where a reader stopped: `followRecordLines` goes on from exactly there, so no record falls between. */
export interface TailPosition {
  file?: string;
  offset: number;
}

/** The last `count` complete lines of the trail, oldest first, reaching back into older files when needed. */
export async function readLastRecordLines(paths: AuditPaths, count: number): Promise<{ lines: string[]; end: TailPosition }> {
  const files = await listLogFiles(paths);
  const lines: string[] = [];
  const newest = files.at(-1);
  const end: TailPosition = { offset: 0 };
  if (newest !== undefined) end.file = newest;
  for (let index = files.length - 1; index >= 0 && lines.length < count; index -= 1) {
    const found = await lastLines(path.join(paths.directory, files[index] ?? ''), count - lines.length);
    if (index === files.length - 1) end.offset = found.end;
    lines.unshift(...found.lines);
  }
  if (count === 0 && newest !== undefined) end.offset = (await stat(path.join(paths.directory, newest))).size;
  return { lines, end };
}

/** Reads backwards from the end, only as far as `count` lines need; an unterminated last line is left out. */
async function lastLines(file: string, count: number): Promise<{ lines: string[]; end: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let buffer = Buffer.alloc(0);
    let start = size;
    while (start > 0) {
      const length = Math.min(CHUNK_BYTES, start);
      start -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, start);
      buffer = Buffer.concat([chunk, buffer]);
      if (countNewlines(buffer) > count) break;
    }
    const completeLength = buffer.lastIndexOf(0x0a) + 1;
    const lines = buffer.subarray(0, completeLength).toString('utf8').split('\n').slice(0, -1);
    return { lines: lines.slice(Math.max(0, lines.length - count)), end: start + completeLength };
  } finally {
    await handle.close();
  }
}

function countNewlines(buffer: Buffer): number {
  let found = 0;
  for (let index = buffer.indexOf(0x0a); index !== -1; index = buffer.indexOf(0x0a, index + 1)) found += 1;
  return found;
}

/**
 * Polls the newest file for complete new lines, moving to a newer file when rotation makes one.
 * A CLI loop, not the gateway's: polling every `intervalMs` is simple and works on every filesystem.
 */
export async function followRecordLines(paths: AuditPaths, from: TailPosition, onLine: (line: string) => void, signal: AbortSignal, intervalMs = 250): Promise<void> {
  let file = from.file;
  let offset = from.offset;
  let carry: Buffer = Buffer.alloc(0);
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const newest = (await listLogFiles(paths)).at(-1);
    if (file !== undefined) ({ offset, carry } = await readNew(path.join(paths.directory, file), offset, carry, onLine));
    if (newest !== undefined && newest !== file) {
      file = newest;
      offset = 0;
      carry = Buffer.alloc(0);
      ({ offset, carry } = await readNew(path.join(paths.directory, file), offset, carry, onLine));
    }
  }
}

/** Emits the complete lines added since `offset`; `carry` holds a line still being written (as bytes, so a UTF-8 character split across reads stays whole). */
async function readNew(file: string, offset: number, carry: Buffer, onLine: (line: string) => void): Promise<{ offset: number; carry: Buffer }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= offset) return { offset: size, carry: size < offset ? Buffer.alloc(0) : carry };
    const chunk = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
    let pending: Buffer = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
    for (let newline = pending.indexOf(0x0a); newline !== -1; newline = pending.indexOf(0x0a)) {
      onLine(pending.subarray(0, newline).toString('utf8'));
      pending = pending.subarray(newline + 1);
    }
    return { offset: offset + bytesRead, carry: Buffer.from(pending) };
  } finally {
    await handle.close();
  }
}
