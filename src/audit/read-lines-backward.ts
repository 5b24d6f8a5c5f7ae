import { open } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;

/**
 * The complete lines of a file, newest first, read from the end in 64 KiB chunks: a query for the
 * last hundred records of a large day's log reads only its end. A last line without its newline
 * (a write in progress, or one a crash cut short) is left out, as `readLastRecordLines` does.
 */
export async function* readLinesBackward(file: string, chunkBytes: number = CHUNK_BYTES): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  try {
    let position = (await handle.stat()).size;
    // Bytes before the newest newline found so far: the end of a line whose start is not read yet.
    let head = Buffer.alloc(0);
    let lastSegment = true;
    while (position > 0) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      const buffer = head.length === 0 ? chunk : Buffer.concat([chunk, head]);
      let segmentEnd = buffer.length;
      for (let newline = buffer.lastIndexOf(0x0a); newline !== -1; newline = newline === 0 ? -1 : buffer.lastIndexOf(0x0a, newline - 1)) {
        // The segment after the file's last newline is empty or unterminated: never a whole line.
        if (lastSegment) lastSegment = false;
        else yield buffer.subarray(newline + 1, segmentEnd).toString('utf8');
        segmentEnd = newline;
      }
      head = Buffer.from(buffer.subarray(0, segmentEnd));
    }
    if (!lastSegment) yield head.toString('utf8');
  } finally {
    await handle.close();
  }
}
