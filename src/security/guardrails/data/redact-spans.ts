import type { Span } from './detector.js';

/**
 * `text[from, to)` with every span in `spans` whose detector `shouldRedact` replaced by its
 * placeholder; other spans stay as they are. Spans are sorted, do not overlap and lie inside the range.
 */
export function redactSpans(text: string, spans: readonly Span[], shouldRedact: (span: Span) => boolean, from = 0, to = text.length): string {
  let result = '';
  let position = from;
  for (const span of spans) {
    if (!shouldRedact(span)) continue;
    result += text.slice(position, span.start) + span.detector.placeholder;
    position = span.end;
  }
  return result + text.slice(position, to);
}
