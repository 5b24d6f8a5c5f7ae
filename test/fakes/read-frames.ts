/**
 * Test-side readers for the fakes' wire output, strict on framing on purpose: they fail when a
 * block is not terminated exactly, so the tests prove the framing rather than a lenient parse.
 */
import assert from 'node:assert/strict';

export interface SseBlock {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into blocks; every block must end in a blank line. */
export function sseBlocks(text: string): SseBlock[] {
  assert.ok(text.endsWith('\n\n'), 'an SSE body ends with a blank line');
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n');
      const eventLine = lines.find((line) => line.startsWith('event: '));
      const dataLines = lines.filter((line) => line.startsWith('data: '));
      assert.equal(dataLines.length, 1, `one data line per block: ${JSON.stringify(block)}`);
      return { event: eventLine?.slice('event: '.length), data: dataLines[0]?.slice('data: '.length) ?? '' };
    });
}

/** Parses NDJSON: one JSON object per line, each line terminated by `\n`. */
export function ndjsonLines(text: string): Record<string, unknown>[] {
  assert.ok(text.endsWith('\n'), 'an NDJSON body ends with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Reads a JSON value with no validation beyond "it parsed": tests assert the fields they need. */
export function jsonOf(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}
