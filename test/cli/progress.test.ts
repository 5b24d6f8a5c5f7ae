import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProgress } from '../../src/cli/progress.js';

function recorder(isTTY: boolean): { stream: { isTTY: boolean; write(text: string): boolean }; written: string[] } {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) > 0 } };
}

test('progress on a terminal redraws one line and clears it when done', () => {
  const { stream, written } = recorder(true);
  const progress = startProgress('checking file 1/3…', stream, {});
  progress.update('checking file 2/3…');
  progress.done();
  progress.update('after done: ignored');
  progress.done();
  assert.equal(written.length, 3, written.join('|'));
  const CLEAR = '\r\u001b[2K';
  assert.ok(written[0]?.startsWith(CLEAR) === true && written[0].endsWith(' checking file 1/3…'), written[0]);
  assert.ok(written[1]?.startsWith(CLEAR) === true && written[1].endsWith(' checking file 2/3…'), written[1]);
  assert.equal(written[2], '\r\u001b[2K', 'the line is cleared, leaving no trace before the output');
});

test('progress writes nothing through a pipe or on a dumb terminal', () => {
  for (const [isTTY, environment] of [[false, {}], [true, { TERM: 'dumb' }]] as const) {
    const { stream, written } = recorder(isTTY);
    const progress = startProgress('generating the CA key…', stream, environment);
    progress.update('issuing…');
    progress.done();
    assert.deepEqual(written, []);
  }
});

test('the spinner turns while work runs, and never keeps the process alive', async () => {
  const { stream, written } = recorder(true);
  const progress = startProgress('waiting for OpenAI…', stream, {});
  await new Promise((resolve) => setTimeout(resolve, 350));
  progress.done();
  const frames = new Set(written.slice(0, -1).map((text) => text.charAt(5)));
  assert.ok(frames.size >= 3, `frames drawn: ${[...frames].join(' ')}`);
});
