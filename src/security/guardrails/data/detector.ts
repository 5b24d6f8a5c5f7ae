import type { DataCategory } from './data-verdict.js';

/**
 * One kind of sensitive data. Patterns are compiled once at start and must stay linear: bounded
 * repetitions, alternatives that cannot both match the same text, no nested quantifiers.
 */
export interface Detector {
  /** Stable id reported in verdicts (`email`, `openai_key`, `deny:0`); never the matched text. */
  readonly id: string;
  readonly category: DataCategory;
  /** What replaces a finding when redacting, e.g. `[REDACTED_EMAIL]`. */
  readonly placeholder: string;
  /** Global (`g`); also has-indices (`d`) when `group` is set. */
  readonly pattern: RegExp;
  /** Capture group that is the finding (the value of `key = value`); the whole match otherwise. */
  readonly group?: number;
  /** A literal every match contains: text without it is not scanned (a cheap `indexOf` first). */
  readonly requires?: string;
  /** Checksum or structure check of the finding's text; a candidate that fails is not a finding. */
  readonly isValid?: (candidate: string) => boolean;
}

/** A finding: where it is in the scanned text and which detector found it. */
export interface Span {
  start: number;
  end: number;
  /** Where the whole match starts: before `start` when a capture group is the finding (`key = value`). */
  matchStart: number;
  detector: Detector;
}

/**
 * Where an identifier may start: not inside a word, except right after a JSON/C escape such as `\n`,
 * because tool-call arguments and quoted code carry text in escaped form. One negative look-behind
 * (not an alternation of two) keeps V8's fast scan for the literal that follows.
 */
export const WORD_START = String.raw`(?<![A-Za-mo-qsu-z0-9_]|(?<!\\)[nrt])`;
/** Where an identifier must end: not followed by another identifier character. */
export const WORD_END = String.raw`(?![A-Za-z0-9_])`;

/** Builds a detector's pattern once; `d` only when a capture group marks the finding. */
export function detectorPattern(source: string, options: { group?: boolean; ignoreCase?: boolean } = {}): RegExp {
  return new RegExp(source, `g${options.group === true ? 'd' : ''}${options.ignoreCase === true ? 'i' : ''}`);
}
