import type { Detector } from './detector.js';
import { checkRegexSafety } from './regex-safety.js';
import { parseRegex, UnsafeRegexError } from './regex-syntax-tree.js';

/**
 * Unbounded repetitions (`*`, `+`, `{n,}`) become `{0,256}`, `{1,256}`, `{n,256}`: the output filter
 * holds a stream back only while its tail could begin a match, so this also bounds that hold, and no
 * match attempt costs more than a few hundred steps per position.
 */
export const DENY_REPETITION_CAP = 256;

const CASE_INSENSITIVE_PREFIX = '(?i)';

/** A `deny_patterns` entry the gateway refuses; names the entry so the operator can find it. */
export class DenyPatternError extends Error {
  override readonly name = 'DenyPatternError';
  readonly index: number;
  readonly pattern: string;

  constructor(index: number, pattern: string, reason: string, options?: { cause: unknown }) {
    super(`security.guardrails.deny_patterns[${index}] ${JSON.stringify(pattern)}: ${reason}`, options);
    this.index = index;
    this.pattern = pattern;
  }
}

/**
 * Compiles the operator's `deny_patterns` once, at start: JavaScript regex syntax, with a leading
 * `(?i)` (as in the Rust guide's config) for case-insensitive matching. Throws `DenyPatternError`
 * for invalid syntax, for an empty pattern or one that matches the empty string, and for shapes
 * that could backtrack catastrophically (rules in regex-safety.ts). Matches are secrets: they
 * follow `security.guardrails.secrets`, with detector id `deny:<index>`.
 */
export function compileDenyPatterns(patterns: readonly string[]): Detector[] {
  return patterns.map((pattern, index) => {
    const ignoreCase = pattern.startsWith(CASE_INSENSITIVE_PREFIX);
    const source = ignoreCase ? pattern.slice(CASE_INSENSITIVE_PREFIX.length) : pattern;
    if (source === '') throw new DenyPatternError(index, pattern, 'an empty pattern would match everywhere');
    try {
      new RegExp(source);
    } catch (error) {
      throw new DenyPatternError(index, pattern, `not a valid regular expression (${(error as Error).message})`, { cause: error });
    }
    let cappedSource: string;
    try {
      const parsed = parseRegex(source, { ignoreCase, repetitionCap: DENY_REPETITION_CAP });
      checkRegexSafety(parsed.alternatives);
      cappedSource = parsed.cappedSource;
    } catch (error) {
      if (error instanceof UnsafeRegexError) throw new DenyPatternError(index, pattern, `refused: ${error.message}`);
      throw error;
    }
    const compiled = new RegExp(cappedSource, ignoreCase ? 'gi' : 'g');
    if (compiled.test('')) throw new DenyPatternError(index, pattern, 'it matches the empty string');
    compiled.lastIndex = 0;
    return { id: `deny:${index}`, category: 'secret', placeholder: '[REDACTED_DENY_PATTERN]', pattern: compiled };
  });
}
