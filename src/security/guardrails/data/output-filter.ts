import type { GatewayError } from '../../../core/errors.js';
import type { DataPolicy } from './data-policy.js';
import { ALLOW_VERDICT, type DataVerdict } from './data-verdict.js';
import type { Span } from './detector.js';
import { findSensitiveSpans } from './find-sensitive-spans.js';
import { FindingTally } from './finding-tally.js';
import { redactSpans } from './redact-spans.js';
import { createSensitiveDataError } from './sensitive-data-error.js';
import { type ScanMeter, streamScanPlan } from './stream-scan-plan.js';

/**
 * Most characters a channel holds back. Each detector's own bound keeps a held beginning shorter
 * than this (the longest, a PEM block, stops at about 12,100 characters); the cap is what stops an
 * operator's deny pattern or hostile text from growing the buffer without end. Past it the oldest
 * text is released (scanned and redacted as far as it goes).
 */
export const MAX_HOLD_CHARACTERS = 16_384;
/**
 * What a release forced by the cap keeps held: more than the longest bounded beginning (a PEM block
 * with its header, footer and a `"private_key": "` before it, about 12,200 characters), so no
 * detector's own match is cut by it, and less than the cap by 4,096, so the next forced release
 * waits that many characters instead of coming on every piece.
 */
export const FORCED_RELEASE_KEEP_CHARACTERS = 12_288;
/**
 * A release scans everything from the last cut to the end of the text, the hold included; it is
 * made once it can release at least 1/RESCAN_DIVISOR of that. Prose (a held trailing word) is
 * released on every piece as before; a hold that creeps forward a character at a time through a
 * long run (`sk-sk-sk-…`, a long digit run) is released in steps instead of rescanned on each piece.
 */
const RESCAN_DIVISOR = 16;
/** Released characters kept for the patterns' look-behind (at most two characters back). */
const CONTEXT_CHARACTERS = 16;

/**
 * Filters one response. Each channel (`text`, `reasoning`, `tool:<index>` for tool-call argument
 * deltas; any string) is a separate text stream with its own hold-back.
 */
export interface OutputFilter {
  /**
   * Takes the next piece of a channel and returns the text that is now safe to release (possibly
   * empty). Throws the `block` GatewayError as soon as a finding in a `block` category is seen;
   * nothing of that finding has been released.
   */
  push(text: string, channel?: string): string;
  /** Releases the rest of a channel (redacted); the channel may be used again afterwards. */
  end(channel?: string): string;
  /** Channels that hold text not yet released: end each before the stream's final chunk. */
  pendingChannels(): string[];
  verdict(): DataVerdict;
}

interface ChannelState {
  /** Released context, then the text not yet released. */
  buffer: string;
  /** Where the unreleased text starts in `buffer`. */
  released: number;
  /** Per detector, where its search for a beginning starts (see StreamScanPlan.holdStart). */
  holdFrom: number[];
  /** Per detector, how long `buffer` was when its beginning was last confirmed (see holdStart). */
  checkedTo: number[];
  /**
   * Where the finding that stopped the last release ends: until the hold starts past it (or the
   * cap forces a release), scanning again would find that finding again and release nothing.
   */
  waitUntil: number;
}

/** Options for tests and tuning. */
export interface OutputFilterOptions {
  /** Counts the characters the filter's searches run over. */
  meter?: ScanMeter;
}

const NO_OP_FILTER: OutputFilter = Object.freeze({
  push: (text: string) => text,
  end: () => '',
  pendingChannels: () => [],
  verdict: () => ALLOW_VERDICT,
});

/**
 * A filter for one response. Text is held back only from where some detector's match could still
 * begin (a trailing word that could become an email or a key, a digit run that could become a card,
 * a PEM block until its footer); everything before that is scanned, redacted and released at once.
 * When no category redacts or blocks (only `flag`), text passes through at once and is still
 * scanned the same way, to count findings.
 */
export function createOutputFilter(policy: DataPolicy, options: OutputFilterOptions = {}): OutputFilter {
  if (policy.detectors.length === 0) return NO_OP_FILTER;
  const plan = streamScanPlan(policy.detectors);
  const tally = new FindingTally();
  const channels = new Map<string, ChannelState>();
  const passThrough = !policy.altersText;
  const meter = options.meter;
  let blocked: GatewayError | undefined;

  function release(state: ChannelState, wanted: number, final: boolean): string {
    const { buffer, released } = state;
    // Over the cap the oldest text goes out down to FORCED_RELEASE_KEEP_CHARACTERS, not just to the
    // cap: the next forced release (a full scan of the hold) then waits thousands of characters.
    const forced = !final && buffer.length - wanted >= MAX_HOLD_CHARACTERS;
    let cut = final ? buffer.length : forced ? Math.max(wanted, buffer.length - FORCED_RELEASE_KEEP_CHARACTERS) : wanted;
    // Most released text (prose) cannot hold a finding: one search says so, and the full scan is skipped.
    const spans = plan.mayMatch(buffer, released, cut, meter) ? scan(buffer, released) : [];
    const blocking = spans.filter((span) => policy.handling(span.detector.category) === 'block');
    if (blocking.length > 0) {
      for (const span of blocking) tally.record(span, 'block');
      blocked = createSensitiveDataError(tally.verdict(), 'response');
      throw blocked;
    }
    let waitUntil = 0;
    if (forced) {
      // Over the cap a finding the cut goes through is released whole, as far as it has come.
      for (const span of spans) if (span.matchStart < cut && span.end > cut) cut = span.end;
    } else {
      // Never cut through a finding, nor between a `key =` and its value: the match is scanned
      // again whole. Walking back catches a finding that the moved cut now goes through.
      for (let index = spans.length - 1; index >= 0; index--) {
        const span = spans[index];
        if (span !== undefined && span.end > cut && span.matchStart < cut) {
          cut = span.matchStart;
          waitUntil = span.end;
        }
      }
    }
    const releasing = spans.filter((span) => span.end <= cut);
    for (const span of releasing) tally.record(span, policy.handling(span.detector.category));
    const output = redactSpans(buffer, releasing, (span) => policy.handling(span.detector.category) === 'redact', released, cut);
    const keepFrom = Math.max(0, cut - CONTEXT_CHARACTERS);
    state.buffer = buffer.slice(keepFrom);
    state.released = cut - keepFrom;
    // A search moved past its beginning by the cut starts afresh; the others keep their place.
    state.checkedTo = state.checkedTo.map((checked, index) => ((state.holdFrom[index] ?? 0) < cut ? 0 : checked - keepFrom));
    state.holdFrom = state.holdFrom.map((from) => Math.max(from, cut) - keepFrom);
    state.waitUntil = waitUntil - keepFrom;
    return output;
  }

  function scan(buffer: string, from: number): Span[] {
    if (meter !== undefined) meter.releaseScanned += buffer.length - from;
    return findSensitiveSpans(buffer, policy.detectors, from);
  }

  return {
    push(text: string, channel = 'text'): string {
      if (blocked !== undefined) throw blocked;
      let state = channels.get(channel);
      if (state === undefined) {
        state = { buffer: '', released: 0, holdFrom: plan.initialHoldFrom(), checkedTo: plan.initialHoldFrom(), waitUntil: 0 };
        channels.set(channel, state);
      }
      state.buffer += text;
      const start = Math.max(plan.holdStart(state.buffer, state.holdFrom, state.checkedTo, meter), state.buffer.length - MAX_HOLD_CHARACTERS);
      // Scan only when something can go out: a held beginning is scanned once it is released.
      const releasable = start - state.released;
      const forced = state.buffer.length - start >= MAX_HOLD_CHARACTERS;
      const due = forced || (start >= state.waitUntil && releasable * RESCAN_DIVISOR >= state.buffer.length - state.released);
      const output = releasable > 0 && due ? release(state, start, false) : '';
      return passThrough ? text : output;
    },
    end(channel = 'text'): string {
      if (blocked !== undefined) throw blocked;
      const state = channels.get(channel);
      if (state === undefined) return '';
      channels.delete(channel);
      const output = release(state, state.buffer.length, true);
      return passThrough ? '' : output;
    },
    pendingChannels: () => [...channels.keys()],
    verdict: () => tally.verdict(),
  };
}
