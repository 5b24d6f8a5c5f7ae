import type { Detector } from './detector.js';
import { partialMatchPattern } from './partial-match-pattern.js';

/**
 * Characters a stream holds back for a detector whose pattern the partial-match builder cannot read
 * (a back-reference): a fixed window, as before that builder existed.
 */
export const FALLBACK_HOLD_CHARACTERS = 256;

/**
 * Counts the characters the filter's searches start on and run to the end of the text: a measure
 * of work that does not depend on the machine, for tests and tuning.
 */
export interface ScanMeter {
  /** Summed over the searches for held beginnings, one per detector and piece. */
  holdSearched: number;
  /** Summed over the scans of released text (the prefilter search and the full scan). */
  releaseScanned: number;
}

/**
 * Below this many held characters a detector's beginning is checked again on every piece; above it,
 * only once the text has grown by 1/RECHECK_DIVISOR of the hold since the last check. Checking a
 * beginning costs its whole length (a regex cannot resume), so checking a long hold (a PEM body, a
 * hostile run) on every piece is quadratic; this way it costs at most RECHECK_DIVISOR searched
 * characters per character, and a beginning that has stopped being one is let go at most 1/32 of
 * its length late: text right after a 3,300-character private key waits about 20 more characters.
 */
export const EXACT_HOLD_CHARACTERS = 256;
/** See EXACT_HOLD_CHARACTERS. */
export const RECHECK_DIVISOR = 32;

/**
 * The questions the output filter asks of a set of detectors for each piece of a stream. Whether
 * any match starts in a range is one regex search per flag set (all patterns as alternatives of
 * one regex: the leftmost match of an alternation is the leftmost of any alternative). Where a
 * match could begin is one search per detector: measured, separate partial patterns cost a third
 * of one combined (each keeps V8's fast scan for its own first characters).
 */
export interface StreamScanPlan {
  /** Where each detector's search starts in a fresh stream. */
  initialHoldFrom(): number[];
  /**
   * Where the held tail of `text` starts: the earliest position where some match could begin and
   * still reach the end of `text` (`text.length` when there is none). `holdFrom` holds, per
   * detector, where its search starts, and is moved to where it found its beginning: text that
   * cannot begin a match cannot begin one after more text comes either. `checkedTo`, when given,
   * holds per detector the length `text` had when a beginning at `holdFrom` was last confirmed
   * (anything not above `holdFrom` means none): a long hold is then searched again only after
   * the text has grown by a share of it (see EXACT_HOLD_CHARACTERS).
   */
  holdStart(text: string, holdFrom: number[], checkedTo?: number[], meter?: ScanMeter): number;
  /** False when no detector can have a match starting in `[from, to)`: that text needs no scan. */
  mayMatch(text: string, from: number, to: number, meter?: ScanMeter): boolean;
}

const PLANS = new WeakMap<readonly Detector[], StreamScanPlan>();

/** Built once per detector list (the policies are built once, at start). */
export function streamScanPlan(detectors: readonly Detector[]): StreamScanPlan {
  let plan = PLANS.get(detectors);
  if (plan === undefined) {
    plan = buildPlan(detectors);
    PLANS.set(detectors, plan);
  }
  return plan;
}

function buildPlan(detectors: readonly Detector[]): StreamScanPlan {
  const fullSources: Map<string, string[]> = new Map();
  for (const detector of detectors) {
    const flags = detector.pattern.ignoreCase ? 'gi' : 'g';
    fullSources.set(flags, [...(fullSources.get(flags) ?? []), detector.pattern.source]);
  }
  const partials = detectors.map((detector) => partialMatchPattern(detector.pattern));
  // Named groups repeated across patterns cannot share one regex: then every pattern is searched.
  const prefilters = combine(fullSources) ?? detectors.map((detector) => new RegExp(detector.pattern.source, detector.pattern.ignoreCase ? 'gi' : 'g'));
  return {
    initialHoldFrom: () => partials.map(() => 0),
    holdStart(text: string, holdFrom: number[], checkedTo?: number[], meter?: ScanMeter): number {
      let start = text.length;
      for (let index = 0; index < partials.length; index++) {
        const partial = partials[index];
        const from = holdFrom[index] ?? 0;
        const checked = checkedTo?.[index] ?? 0;
        const held = text.length - from;
        let found: number;
        if (partial === undefined) {
          found = Math.max(from, text.length - FALLBACK_HOLD_CHARACTERS);
        } else if (from < checked && held > EXACT_HOLD_CHARACTERS && (text.length - checked) * RECHECK_DIVISOR < held) {
          found = from;
        } else {
          if (meter !== undefined) meter.holdSearched += held;
          partial.lastIndex = from;
          found = partial.exec(text)?.index ?? text.length;
          partial.lastIndex = 0;
          if (checkedTo !== undefined) checkedTo[index] = found < text.length ? text.length : found;
        }
        holdFrom[index] = found;
        if (found < start) start = found;
      }
      return start;
    },
    mayMatch(text: string, from: number, to: number, meter?: ScanMeter): boolean {
      if (meter !== undefined) meter.releaseScanned += text.length - from;
      return prefilters.some((prefilter) => {
        prefilter.lastIndex = from;
        const match = prefilter.exec(text);
        return match !== null && match.index < to;
      });
    },
  };
}

function combine(sources: Map<string, string[]>): RegExp[] | undefined {
  try {
    return [...sources].map(([flags, list]) => new RegExp(list.map((source) => `(?:${source})`).join('|'), flags));
  } catch {
    return undefined;
  }
}
