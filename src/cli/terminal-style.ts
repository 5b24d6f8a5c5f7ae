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

/** See https://no-color.org: any non-empty NO_COLOR turns colours off. */
export function terminalStyle(stream: NodeJS.WriteStream, environment: NodeJS.ProcessEnv = process.env): TerminalStyle {
  const enabled = stream.isTTY === true && (environment['NO_COLOR'] ?? '') === '' && environment['TERM'] !== 'dumb';
  if (!enabled) return { enabled, dim: plain, bold: plain, red: plain, cyan: plain };
  return { enabled, dim: wrap(2, 22), bold: wrap(1, 22), red: wrap(31, 39), cyan: wrap(36, 39) };
}
