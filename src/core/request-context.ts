import type { Cost } from '../usage/pricing.js';
import type { RateLimitReservation } from '../security/rate-limit/rate-limit-reservation.js';
import type { AttemptRecord } from '../routing/router.js';
import type { Target } from '../routing/target.js';
import type { Principal } from './principal.js';
import type { ChatRequest, ClientFormat, FinishReason, Usage } from './types.js';

/** Everything the pipeline learns about one request; the audit record and metrics are made from it. */
export interface RequestContext {
  readonly requestId: string;
  readonly clientFormat: ClientFormat;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  /** Aborted when the client goes away; reaches the upstream request. */
  readonly signal: AbortSignal;
  principal?: Principal;
  request?: ChatRequest;
  target?: Target;
  attempts: AttemptRecord[];
  usage?: Usage;
  cost?: Cost;
  finishReason?: FinishReason;
  /** HTTP status sent (499 when the client went away first). */
  status: number;
  errorCode?: string;
  /** Request settings the chosen provider cannot take (see unsupportedSettings). */
  ignoredSettings?: string[];
  /** What the rate limiter reserved for this request, settled when it ends. */
  reservation?: RateLimitReservation;
  /** Headers every answer carries, refusals included (the `x-ratelimit-*` set). */
  responseHeaders?: Readonly<Record<string, string>>;
  /** A stream that ended before its finish event. */
  partial: boolean;
}

export function createRequestContext(requestId: string, clientFormat: ClientFormat, signal: AbortSignal): RequestContext {
  return { requestId, clientFormat, startedAt: performance.now(), signal, attempts: [], status: 0, partial: false };
}
