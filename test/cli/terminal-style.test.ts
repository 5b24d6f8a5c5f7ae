import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorsEnabled, terminalStyle } from '../../src/cli/terminal-style.js';

const terminal = { isTTY: true };
const pipe = { isTTY: false };

test('colours only on a terminal, unless NO_COLOR, TERM=dumb or FORCE_COLOR says otherwise', () => {
  const cases: Array<[{ isTTY: boolean }, NodeJS.ProcessEnv, boolean, string]> = [
    [terminal, {}, true, 'a terminal'],
    [pipe, {}, false, 'a pipe'],
    [terminal, { NO_COLOR: '1' }, false, 'NO_COLOR on a terminal'],
    [terminal, { NO_COLOR: '' }, true, 'an empty NO_COLOR counts as unset (no-color.org)'],
    [terminal, { TERM: 'dumb' }, false, 'a dumb terminal'],
    [pipe, { FORCE_COLOR: '1' }, true, 'FORCE_COLOR=1 through a pipe'],
    [pipe, { FORCE_COLOR: '' }, true, 'an empty FORCE_COLOR forces, as in Node.js'],
    [terminal, { FORCE_COLOR: '0' }, false, 'FORCE_COLOR=0 on a terminal'],
    [terminal, { FORCE_COLOR: 'false' }, false, 'FORCE_COLOR=false'],
    [pipe, { FORCE_COLOR: '3', NO_COLOR: '1' }, true, 'FORCE_COLOR wins over NO_COLOR, as in Node.js'],
  ];
  for (const [stream, environment, expected, why] of cases) assert.equal(colorsEnabled(stream, environment), expected, why);
});

test('a disabled style returns the text untouched; an enabled one wraps and resets it', () => {
  assert.equal(terminalStyle(pipe, {}).red('no'), 'no');
  assert.equal(terminalStyle(terminal, {}).red('yes'), '\u001b[31myes\u001b[39m');
  assert.equal(terminalStyle(terminal, { NO_COLOR: 'x' }).dim('plain'), 'plain');
});
