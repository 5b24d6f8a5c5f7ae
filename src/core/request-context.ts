import type { Cost } from '../usage/pricing.js';
import type { RateLimitReservation } from '../security/rate-limit/rate-limit-reservation.js';
import type { DataVerdict } from '../security/guardrails/data/data-verdict.js';
import type { InjectionVerdict } from '../security/guardrails/prompt-injection/injection-verdict.js';
import type { BudgetReservation } from '../usage/budget-reservation.js';
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
  /** The HTTP route and method that brought the request (none for the CLI and MCP). */
  endpoint?: { path: string; method: string };
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
  /** The prompt-injection guard's verdict (score and rule ids only). */
  promptInjection?: InjectionVerdict;
  /** The PII and secret guards' verdict on the request, and on the answer. */
  dataVerdict?: DataVerdict;
  outputVerdict?: DataVerdict;
  /** Set when the data guard found PII under `local_only`: only local targets may serve. */
  localOnly?: boolean;
  /**
   * Why the request went where it went, for the audit record: `local_only:<key|tenant|pii>`
   * (several joined by `,`), `fallback` (an earlier target failed or declined), or `requested`.
   */
  routingReason?: string;
  /** The USD budget reserved for this request, settled with its real cost. */
  budget?: BudgetReservation;
  /** Usage counted by the gateway because the upstream reported none (a stream cut short). */
  usageEstimated?: boolean;
  /** The response cache's answer for a cacheable request (undefined: cache off, bypassed or not cacheable). */
  cache?: 'hit' | 'miss';
  /** What the rate limiter reserved for this request, settled when it ends. */
  reservation?: RateLimitReservation;
  /** Headers every answer carries, refusals included (the `x-ratelimit-*` set). */
  responseHeaders?: Readonly<Record<string, string>>;
  /** Set once the audit record is written, so it is written exactly once. */
  sealed?: boolean;
  /** A stream that ended before its finish event. */
  partial: boolean;
  /** performance.now() when the answer's head went to the client (set by the exchange; metrics: gateway overhead). */
  firstByteAt?: number;
  /** performance.now() when a stream's first text, reasoning or tool-call chunk went out (set by the exchange; metrics: time to first token). */
  firstTokenAt?: number;
}

export function createRequestContext(requestId: string, clientFormat: ClientFormat, signal: AbortSignal): RequestContext {
  return { requestId, clientFormat, startedAt: performance.now(), signal, attempts: [], status: 0, partial: false };
}
