import type { ChatChunk, Usage } from '../core/types.js';
import type { Target } from '../routing/target.js';

/** One answer as the client was sent it (after the output guard), ready to be sent again. */
export interface CachedAnswer {
  /** The target that produced it: reported again on a hit (`x-securellm-model`, audit record). */
  target: Target;
  /** The answer's chunks, `start` first, adjacent deltas joined (see AnswerRecorder). */
  chunks: ChatChunk[];
  /** What the answer used when it was produced (the upstream's count, or the gateway's estimate). */
  usage: Usage;
}

/**
 * Where cached answers live, keyed by `cacheKeyOf` (which holds the tenant). Asynchronous so that
 * a shared store (Redis) can replace the in-memory one without touching the pipeline. A store
 * bounds its own size and expiry; a failing store is a miss, never a failed request.
 */
export interface ResponseCache {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer): Promise<void>;
  /** Bytes held now, for metrics; undefined when the store cannot tell cheaply. */
  readonly bytes?: number;
}
