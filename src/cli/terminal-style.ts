/** ANSI styles for one output stream: applied only on a terminal, and never when NO_COLOR is set. */
export interface TerminalStyle {
  readonly enabled: boolean;
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string): string => text;

/**
 * Whether to colour what goes to `stream`. FORCE_COLOR wins when set ("0" or "false" turn colours
 * off, anything else on, even through a pipe), as Node.js and most tools read it; otherwise any
 * non-empty NO_COLOR (https://no-color.org) or TERM=dumb turns them off, and only a terminal gets them.
 */
export function colorsEnabled(stream: { isTTY?: boolean }, environment: NodeJS.ProcessEnv = process.env): boolean {
  const force = environment['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if ((environment['NO_COLOR'] ?? '') !== '' || environment['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

/** The one place CLI output gets colour: every verb styles through this, so the rules above hold everywhere. */
export function terminalStyle(stream: { isTTY?: boolean }, environment: NodeJS.ProcessEnv = process.env): TerminalStyle {
  const enabled = colorsEnabled(stream, environment);
  if (!enabled) return { enabled, dim: plain, bold: plain, red: plain, cyan: plain };
  return { enabled, dim: wrap(2, 22), bold: wrap(1, 22), red: wrap(31, 39), cyan: wrap(36, 39) };
}
