import { LineDecoder } from './line-decoder.js';

/**
 * Decodes newline-delimited JSON (Ollama's stream format): one JSON value per line, blank lines
 * skipped. A line that is not JSON raises, naming the upstream's line number.
 */
export async function* decodeNdjson(body: AsyncIterable<Buffer>, maxLineBytes?: number): AsyncGenerator<unknown> {
  const lines = new LineDecoder(maxLineBytes);
  let lineNumber = 0;
  const parse = (line: string): unknown => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new SyntaxError(`upstream sent invalid JSON on line ${lineNumber}`);
    }
  };
  for await (const chunk of body) {
    for (const line of lines.push(chunk)) {
      lineNumber++;
      if (line.trim() !== '') yield parse(line);
    }
  }
  const last = lines.flush();
  if (last !== undefined && last.trim() !== '') {
    lineNumber++;
    yield parse(last);
  }
}
