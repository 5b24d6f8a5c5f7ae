import type { GatewayError } from '../../../core/errors.js';
import type { DataPolicy } from './data-policy.js';
import { ALLOW_VERDICT, type DataVerdict } from './data-verdict.js';
import { findSensitiveSpans } from './find-sensitive-spans.js';
import { FindingTally } from './finding-tally.js';
import { redactSpans } from './redact-spans.js';
import { createSensitiveDataError } from './sensitive-data-error.js';

/**
 * Characters kept back at the end of a stream: every detector matches within this many characters
 * of where its data starts (the longest is a 240-character JWT header plus `.eyJ`), so text older
 * than this cannot be the unfinished start of a finding. A finding that is still growing (a PEM
 * block, a long token) holds the stream from its start until it ends.
 */
export const HOLD_BACK_CHARACTERS = 256;
/** New characters between two scans: each character is scanned about (256 + 32) / 32 = 9 times. */
const SCAN_STEP = 32;
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
  /** Characters appended since the last scan. */
  unscanned: number;
}

const NO_OP_FILTER: OutputFilter = Object.freeze({
  push: (text: string) => text,
  end: () => '',
  pendingChannels: () => [],
  verdict: () => ALLOW_VERDICT,
});

/**
 * A filter for one response. When no category redacts or blocks (only `flag`), text passes through
 * at once and is still scanned with the same window, to count findings.
 */
export function createOutputFilter(policy: DataPolicy): OutputFilter {
  if (policy.detectors.length === 0) return NO_OP_FILTER;
  const tally = new FindingTally();
  const channels = new Map<string, ChannelState>();
  const passThrough = !policy.altersText;
  let blocked: GatewayError | undefined;

  function release(state: ChannelState, final: boolean): string {
    const { buffer, released } = state;
    const spans = findSensitiveSpans(buffer, policy.detectors, released);
    const blocking = spans.filter((span) => policy.handling(span.detector.category) === 'block');
    if (blocking.length > 0) {
      for (const span of blocking) tally.record(span, 'block');
      blocked = createSensitiveDataError(tally.verdict(), 'response');
      throw blocked;
    }
    let cut = final ? buffer.length : Math.max(released, buffer.length - HOLD_BACK_CHARACTERS);
    // Never cut through a finding, nor between a `key =` and its value: the match must be scanned
    // again whole. A growing finding touches the end and is held too. Walking back catches a
    // finding that the moved cut now cuts through.
    for (let index = spans.length - 1; index >= 0; index--) {
      const span = spans[index];
      if (span !== undefined && span.end > cut && span.matchStart < cut) cut = span.matchStart;
    }
    const releasing = spans.filter((span) => span.end <= cut);
    for (const span of releasing) tally.record(span, policy.handling(span.detector.category));
    const output = redactSpans(buffer, releasing, (span) => policy.handling(span.detector.category) === 'redact', released, cut);
    const keepFrom = Math.max(0, cut - CONTEXT_CHARACTERS);
    state.buffer = buffer.slice(keepFrom);
    state.released = cut - keepFrom;
    state.unscanned = 0;
    return output;
  }

  return {
    push(text: string, channel = 'text'): string {
      if (blocked !== undefined) throw blocked;
      let state = channels.get(channel);
      if (state === undefined) {
        state = { buffer: '', released: 0, unscanned: 0 };
        channels.set(channel, state);
      }
      state.buffer += text;
      state.unscanned += text.length;
      const due = state.unscanned >= SCAN_STEP && state.buffer.length - state.released >= HOLD_BACK_CHARACTERS + SCAN_STEP;
      const output = due ? release(state, false) : '';
      return passThrough ? text : output;
    },
    end(channel = 'text'): string {
      if (blocked !== undefined) throw blocked;
      const state = channels.get(channel);
      if (state === undefined) return '';
      channels.delete(channel);
      const output = release(state, true);
      return passThrough ? '' : output;
    },
    pendingChannels: () => [...channels.keys()],
    verdict: () => tally.verdict(),
  };
}
