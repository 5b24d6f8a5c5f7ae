/**
 * The wizard's question reader on a terminal: Ctrl-C must stop the wizard, never answer every
 * remaining question with its default (which would write a file the operator walked away from).
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { AnswerError, Prompter } from '../../src/cli/prompter.js';

/** A stream that says it is a terminal, so readline reads keys from it as it would from a TTY. */
function fakeTerminal(): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true });
}

describe('Prompter on a terminal', () => {
  it('takes a typed answer, and the default for an empty one', async () => {
    const input = fakeTerminal();
    const prompter = new Prompter(input, new PassThrough());
    try {
      const typed = prompter.ask('Port', '8443', (answer) => answer);
      input.write('9000\r');
      assert.equal(await typed, '9000');
      const empty = prompter.ask('Host', '127.0.0.1', (answer) => answer);
      input.write('\r');
      assert.equal(await empty, '127.0.0.1');
    } finally {
      prompter.close();
    }
  });

  it('Ctrl-C cancels the question and every later one instead of taking their defaults', async () => {
    const input = fakeTerminal();
    const prompter = new Prompter(input, new PassThrough());
    try {
      const asked = prompter.ask('Port', '8443', (answer) => answer);
      input.write('\u0003');
      await assert.rejects(asked, (error: unknown) => error instanceof AnswerError && /cancelled/.test(error.message));
      await assert.rejects(prompter.ask('Host', '127.0.0.1', (answer) => answer), AnswerError);
    } finally {
      prompter.close();
    }
  });
});
