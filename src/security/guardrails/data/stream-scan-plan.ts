import type { Detector } from './detector.js';
import { partialMatchPattern } from './partial-match-pattern.js';

/**
 * Characters a stream holds back for a detector whose pattern the partial-match builder cannot read
 * (a back-reference): a fixed window, as before that builder existed.
 */
export const FALLBACK_HOLD_CHARACTERS = 256;

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
   * cannot begin a match cannot begin one after more text comes either.
   */
  holdStart(text: string, holdFrom: number[]): number;
  /** False when no detector can have a match starting in `[from, to)`: that text needs no scan. */
  mayMatch(text: string, from: number, to: number): boolean;
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
    holdStart(text: string, holdFrom: number[]): number {
      let start = text.length;
      for (let index = 0; index < partials.length; index++) {
        const partial = partials[index];
        const from = holdFrom[index] ?? 0;
        let found: number;
        if (partial === undefined) {
          found = Math.max(from, text.length - FALLBACK_HOLD_CHARACTERS);
        } else {
          partial.lastIndex = from;
          found = partial.exec(text)?.index ?? text.length;
          partial.lastIndex = 0;
        }
        holdFrom[index] = found;
        if (found < start) start = found;
      }
      return start;
    },
    mayMatch(text: string, from: number, to: number): boolean {
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
