/**
 * `securellm chat` must not let a model or upstream drive the operator's terminal: on a TTY, escape
 * sequences in the answer are shown as symbols; through a pipe the answer stays byte-exact.
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { ChatAnswer, ChatSession, DeltaListener, OpenAIChatBody } from '../../src/app/chat-session.js';
import { ChatTurnError } from '../../src/app/chat-session.js';
import { runChatRepl } from '../../src/cli/chat-repl.js';
import { terminalSafeText } from '../../src/cli/terminal-safe-text.js';

/** Any control character a terminal could act on (everything but \n and \t). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[\d+m/g;

/** Title change (OSC 0, BEL), hyperlink (OSC 8, ST), clear screen (CSI), an 8-bit CSI, a carriage return. */
const HOSTILE = 'hi\u001b]0;pwned\u0007 \u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\ \u001b[2J\u009b31m red\r\tend\nnext';

function fakeSession(pieces: readonly string[], failure?: ChatTurnError): ChatSession {
  return {
    mode: 'in-process',
    endpoint: 'in-process',
    send(body: OpenAIChatBody, onDelta?: DeltaListener): Promise<ChatAnswer> {
      for (const piece of pieces) onDelta?.(piece);
      if (failure !== undefined) return Promise.reject(failure);
      return Promise.resolve({ requestId: 'req-1', model: `fake/${body.model}`, provider: 'fake', text: pieces.join(''), finishReason: 'stop', usage: undefined, costUsd: undefined });
    },
    close: () => Promise.resolve(),
  };
}

/** A stream that says it is (or is not) a terminal and keeps what is written to it. */
function captured(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  Object.assign(stream, { isTTY });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function chat(session: ChatSession, outputIsTTY: boolean, json = false): Promise<{ stdout: string; stderr: string }> {
  const output = captured(outputIsTTY);
  const errors = captured(outputIsTTY);
  await runChatRepl(session, { model: 'm', json, input: Readable.from(['hello\n']), output: output.stream, errors: errors.stream });
  await new Promise((resolve) => setImmediate(resolve));
  return { stdout: output.text(), stderr: errors.text() };
}

describe('terminalSafeText', () => {
  it('shows C0 and C1 controls as symbols and keeps newlines, tabs and other text', () => {
    assert.equal(terminalSafeText('a\u001b[2Jb\u0007c\u009bd\re\u007ff\tg\nh é 中'), 'a\u241b[2Jb\u2407c\ufffdd\u240de\u2421f\tg\nh é 中');
    assert.equal(CONTROL.exec(terminalSafeText(HOSTILE)), null);
  });
});

describe('chat REPL output', () => {
  it('on a terminal, escape sequences in streamed pieces (even split across pieces) are not written', async () => {
    const split = [HOSTILE.slice(0, 3), HOSTILE.slice(3, 20), HOSTILE.slice(20)];
    const { stdout } = await chat(fakeSession(split), true);
    assert.doesNotMatch(stdout, CONTROL);
    assert.equal(stdout, `${terminalSafeText(HOSTILE)}\n`);
    assert.match(stdout, /\u241b\]0;pwned\u2407/);
  });

  it('through a pipe, the answer is byte-exact', async () => {
    const { stdout } = await chat(fakeSession([HOSTILE]), false);
    assert.equal(stdout, `${HOSTILE}\n`);
  });

  it('on a terminal, --json lines and error messages carry no escape sequence either', async () => {
    const json = await chat(fakeSession(['x\u009b2J']), true, true);
    assert.doesNotMatch(json.stdout, /\u009b/);
    assert.equal((JSON.parse(json.stdout) as { text: string }).text, 'x\ufffd2J');
    const failed = await chat(fakeSession([], new ChatTurnError('upstream_error', 502, 'bad \u001b]0;pwned\u0007 gateway', 'req-2')), true);
    assert.doesNotMatch(failed.stderr.replace(SGR, ''), CONTROL, 'only the REPL\'s own colours');
    assert.match(failed.stderr, /bad \u241b\]0;pwned\u2407 gateway/);
  });
});
