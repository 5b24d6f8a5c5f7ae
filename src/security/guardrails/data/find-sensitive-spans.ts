import type { Detector, Span } from './detector.js';

/**
 * Every finding of `detectors` in `text` from `from` on, without overlaps: where two overlap, the
 * one that starts first wins, then the longer, then the earlier detector. Text before `from` is
 * context only (a pattern's look-behind sees it; no finding starts there).
 */
export function findSensitiveSpans(text: string, detectors: readonly Detector[], from = 0): Span[] {
  const candidates: Span[] = [];
  for (const detector of detectors) collect(text, detector, from, candidates);
  if (candidates.length < 2) return candidates;
  // Stable sort keeps detector order among equal spans.
  candidates.sort((left, right) => left.start - right.start || right.end - left.end);
  const spans: Span[] = [];
  let reached = from;
  for (const candidate of candidates) {
    if (candidate.start < reached) continue;
    spans.push(candidate);
    reached = candidate.end;
  }
  return spans;
}

function collect(text: string, detector: Detector, from: number, into: Span[]): void {
  if (detector.requires !== undefined && !text.includes(detector.requires, from)) return;
  const pattern = detector.pattern;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const matchEnd = match.index + (match[0] ?? '').length;
    // A zero-width match (possible in operator patterns) must still move the scan forward.
    if (matchEnd === match.index) pattern.lastIndex = matchEnd + 1;
    const bounds: readonly [number, number] | undefined = detector.group === undefined ? [match.index, matchEnd] : match.indices?.[detector.group];
    if (bounds === undefined || bounds[1] <= bounds[0]) continue;
    const [start, end] = bounds;
    if (detector.isValid !== undefined && !detector.isValid(text.slice(start, end))) {
      // A failed checksum may hide a valid number a character later (numbers are short). A failed
      // key candidate is a long run of key characters: resuming inside it would rescan up to 250
      // characters per position on hostile input such as `sk-sk-sk-…`.
      pattern.lastIndex = detector.category === 'pii' ? match.index + 1 : Math.max(matchEnd, match.index + 1);
      continue;
    }
    into.push({ start, end, matchStart: match.index, detector });
  }
  pattern.lastIndex = 0;
}
