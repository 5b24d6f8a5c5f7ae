const LF = 0x0a;
const CR = 0x0d;

/** Raised when an upstream sends a line longer than the decoder allows. */
export class LineTooLongError extends Error {
  constructor(limit: number) {
    super(`upstream line exceeds ${limit} bytes`);
    this.name = 'LineTooLongError';
  }
}

/**
 * Splits a byte stream into lines ending in LF, CR or CRLF, across chunk borders. Lines are
 * decoded only once complete, so a UTF-8 character split between chunks is kept whole, and a CR
 * at the end of one chunk followed by LF at the start of the next is one line ending.
 * Unlike a client's decoder, it refuses lines over `maxLineBytes` so an upstream cannot make the
 * gateway buffer without bound.
 */
export class LineDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipLeadingLF = false;

  constructor(private readonly maxLineBytes: number = 4 * 1024 * 1024) {}

  /** Feeds bytes; returns the lines completed by them. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.skipLeadingLF && chunk.length > 0) {
      if (chunk[0] === LF) start = 1;
      this.skipLeadingLF = false;
    }
    for (let index = start; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte !== LF && byte !== CR) continue;
      lines.push(this.take(chunk, start, index));
      if (byte === CR) {
        if (index + 1 < chunk.length) {
          if (chunk[index + 1] === LF) index++;
        } else {
          this.skipLeadingLF = true;
        }
      }
      start = index + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);
      this.pending.push(rest);
    }
    return lines;
  }

  /** Returns the last line if the stream ended without a line break. */
  flush(): string | undefined {
    if (this.pendingBytes === 0) return undefined;
    const line = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    return line;
  }

  private take(chunk: Buffer, start: number, end: number): string {
    if (this.pendingBytes === 0) return chunk.toString('utf8', start, end);
    if (this.pendingBytes + (end - start) > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);
    this.pending.push(chunk.subarray(start, end));
    const line = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    return line;
  }
}
