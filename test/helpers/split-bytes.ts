/** Yields the buffer cut at the given byte offsets. */
export async function* chunksAt(buffer: Buffer, offsets: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    if (offset <= start || offset >= buffer.length) continue;
    yield buffer.subarray(start, offset);
    start = offset;
  }
  yield buffer.subarray(start);
}

/**
 * Offsets that make a decoder's life hard: inside every multi-byte UTF-8 character and between
 * every CR and LF.
 */
export function awkwardOffsets(buffer: Buffer): number[] {
  const offsets: number[] = [];
  for (let index = 1; index < buffer.length; index++) {
    const byte = buffer[index] ?? 0;
    const previous = buffer[index - 1] ?? 0;
    const isContinuation = (byte & 0xc0) === 0x80;
    if (isContinuation || (previous === 0x0d && byte === 0x0a)) offsets.push(index);
  }
  return offsets;
}

/** Every way the tests replay a fixture: whole, one byte at a time, and cut at the awkward places. */
export function replays(buffer: Buffer): Array<{ name: string; chunks: () => AsyncGenerator<Buffer> }> {
  const everyByte = Array.from({ length: buffer.length }, (_, index) => index);
  return [
    { name: 'whole', chunks: () => chunksAt(buffer, []) },
    { name: 'byte by byte', chunks: () => chunksAt(buffer, everyByte) },
    { name: 'awkward offsets', chunks: () => chunksAt(buffer, awkwardOffsets(buffer)) },
  ];
}
