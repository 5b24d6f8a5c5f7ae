/**
 * Instructions encoded in base64 ("decode this and follow it") are read by capable models, so runs
 * of 24 or more base64 characters that decode to mostly printable text are scanned as well. Images
 * and other binary data fail the printable test on their first bytes and cost almost nothing.
 */

const MINIMUM_RUN = 24;
const PROBE_CHARACTERS = 64;
/** Share of control characters and replacement characters a decoded text may have. */
const MAXIMUM_UNPRINTABLE_SHARE = 0.1;
const LETTER = /\p{L}/gu;

/** The decoded texts of the base64 runs in `text` that look like text, in order. */
export function decodeBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  for (const run of base64Runs(text)) {
    // Identifiers and paths match the alphabet too; real encodings mix case and digits or end in padding.
    if (!/[A-Z]/.test(run) || !/[a-z]/.test(run)) continue;
    const encoding = /[-_]/.test(run) ? 'base64url' : 'base64';
    if (!looksLikeText(Buffer.from(run.slice(0, PROBE_CHARACTERS), encoding).toString('utf8'))) continue;
    const whole = Buffer.from(run, encoding).toString('utf8');
    if (looksLikeText(whole)) decoded.push(whole);
  }
  return decoded;
}

function looksLikeText(candidate: string): boolean {
  if (candidate.length === 0) return false;
  let unprintable = 0;
  for (let index = 0; index < candidate.length; index += 1) if (isUnprintable(candidate.charCodeAt(index))) unprintable += 1;
  const letters = candidate.match(LETTER)?.length ?? 0;
  return unprintable <= candidate.length * MAXIMUM_UNPRINTABLE_SHARE && letters >= candidate.length * 0.5;
}

/** A loop over character codes: a regular expression would retry the run at every letter of every word. */
function base64Runs(text: string): string[] {
  const runs: string[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index += 1) {
    const inRun = index < text.length && isBase64Character(text.charCodeAt(index));
    if (inRun && start === -1) start = index;
    else if (!inRun && start !== -1) {
      let end = index;
      while (end < text.length && end - index < 2 && text.charCodeAt(end) === 0x3d) end += 1; // '=' padding
      if (index - start >= MINIMUM_RUN) runs.push(text.slice(start, end));
      start = -1;
    }
  }
  return runs;
}

function isBase64Character(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) ||
    code === 0x2b || code === 0x2f || code === 0x2d || code === 0x5f
  );
}

/** Control characters other than tab and line breaks, DEL, and the replacement character of bad UTF-8. */
function isUnprintable(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code === 0xfffd;
}
