import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSse, type SseEvent } from '../../../src/providers/wire/sse-decoder.js';
import { decodeNdjson } from '../../../src/providers/wire/ndjson-decoder.js';
import { LineDecoder, LineTooLongError } from '../../../src/providers/wire/line-decoder.js';
import { replays } from '../../helpers/split-bytes.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

const SSE = Buffer.from(
  ': comment\r\nevent: message_start\r\ndata: {"text":"héllo — 日本語 🎉"}\r\n\r\n' +
    'data: line one\ndata: line two\n\n' +
    'event: ping\rdata: {}\r\r' +
    'data:no-space\n\n',
  'utf8',
);

describe('SSE decoder', () => {
  for (const replay of replays(SSE)) {
    it(`decodes events with CRLF, CR and LF endings (${replay.name})`, async () => {
      const events = await collect(decodeSse(replay.chunks()));
      const expected: SseEvent[] = [
        { event: 'message_start', data: '{"text":"héllo — 日本語 🎉"}' },
        { event: 'message', data: 'line one\nline two' },
        { event: 'ping', data: '{}' },
        { event: 'message', data: 'no-space' },
      ];
      assert.deepEqual(events, expected);
    });
  }

  it('delivers a last event that has no blank line after it', async () => {
    const events = await collect(decodeSse(replays(Buffer.from('data: tail'))[0]!.chunks()));
    assert.deepEqual(events, [{ event: 'message', data: 'tail' }]);
  });
});

describe('NDJSON decoder', () => {
  const body = Buffer.from('{"a":"日本"}\n\n{"b":2}\r\n{"c":3}', 'utf8');
  for (const replay of replays(body)) {
    it(`yields one value per line (${replay.name})`, async () => {
      assert.deepEqual(await collect(decodeNdjson(replay.chunks())), [{ a: '日本' }, { b: 2 }, { c: 3 }]);
    });
  }

  it('names the line of invalid JSON', async () => {
    await assert.rejects(collect(decodeNdjson(replays(Buffer.from('{"a":1}\nnot json\n'))[0]!.chunks())), /line 2/);
  });
});

describe('line decoder', () => {
  it('refuses a line longer than its limit, even across chunks', () => {
    const decoder = new LineDecoder(8);
    decoder.push(Buffer.from('12345'));
    assert.throws(() => decoder.push(Buffer.from('6789')), LineTooLongError);
  });
});
