/**
 * Text from a model or an upstream, made safe to print on a terminal: every C0 control character
 * except `\n` and `\t` (ESC, BEL, `\r`, …) and DEL become their visible Control Pictures symbol
 * (ESC → ␛, U+241B), and every C1 control (U+0080–U+009F, CSI U+009B among them) becomes U+FFFD.
 * Nothing is left for the terminal to run as an escape sequence (title changes, hyperlinks,
 * clearing the screen). Each character is replaced on its own, so a sequence split across
 * streamed chunks is caught too.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalSafeText(text: string): string {
  return text.replace(CONTROL, (character) => {
    const code = character.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/** Sanitized for a terminal; byte-exact for a pipe or file. */
export function textFor(stream: { isTTY?: boolean }, text: string): string {
  return stream.isTTY === true ? terminalSafeText(text) : text;
}
