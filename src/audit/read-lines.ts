import { createReadStream } from 'node:fs';

export interface FileLine {
  text: string;
  /** 1-based. */
  number: number;
  /** False only for a last line with no newline after it: a write a crash cut short. */
  terminated: boolean;
}

/** The lines of a file, streamed (a day's log may be large); split on bytes, so UTF-8 stays whole. */
export async function* readLines(file: string): AsyncGenerator<FileLine> {
  let carry = Buffer.alloc(0);
  let number = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    let buffer = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
    let newline = buffer.indexOf(0x0a);
    while (newline !== -1) {
      number += 1;
      yield { text: buffer.subarray(0, newline).toString('utf8'), number, terminated: true };
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(0x0a);
    }
    carry = Buffer.from(buffer);
  }
  if (carry.length > 0) yield { text: carry.toString('utf8'), number: number + 1, terminated: false };
}
