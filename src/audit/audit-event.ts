/**
 * What the pipeline hands the audit writer when a request ends (answered, refused or failed). The
 * lead maps a RequestContext to it; nothing here is read from the wire, so the writer trusts types
 * but not values (any string may be hostile, and serialisation keeps it on its own line).
 */
export interface AuditEvent {
  /** When the request arrived; defaults to when the record is appended. */
  timestamp?: Date;
  requestId: string;
  /** The person or application behind the key (the key's name, or the certificate subject). */
  userId?: string;
  tenant?: string;
  keyId?: string;
  clientFormat?: string;
  /** The route that answered (`/v1/chat/completions`, `/admin/keys/{id}`, …), or the path asked for when none did. */
  endpoint?: string;
  /** The HTTP method as sent. */
  method?: string;
  /** What an admin call changed (`key_created`, `key_revoked`); reads have none. */
  action?: string;
  /** The id of the API key an admin action created or revoked (the id only, never the key). */
  actionKeyId?: string;
  provider?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  /** US dollars. */
  totalCost?: number;
  durationMs: number;
  /** HTTP status sent (499 when the client went away first). */
  status: number;
  decision: AuditDecision;
  /** Stable error or refusal code (`rate_limited`, `guard_blocked`, …) when the decision is not `allowed`. */
  reasonCode?: string;
  /** Rule ids and what each did; never the text that matched. */
  guardVerdicts?: readonly GuardVerdict[];
  /** Why the request went where it went: `local_only:<key|tenant|pii>`, `fallback` or `requested`. */
  routingReason?: string;
  /** Every try at every target, in order; retries and fallbacks are derived from it. */
  attempts?: readonly AuditAttempt[];
  cacheHit?: boolean;
  /** A stream that ended before its finish event. */
  partial?: boolean;
  /** Written only when `[security.audit] include_content = true`. */
  content?: { prompt?: string; completion?: string };
}

/** `allowed`: answered; `refused`: stopped by a gateway rule (auth, limits, guards); `failed`: upstream or internal error. */
export type AuditDecision = 'allowed' | 'refused' | 'failed';

export interface GuardVerdict {
  ruleId: string;
  action: 'block' | 'redact' | 'flag' | 'local_only';
  /** `in` for the prompt, `out` for the completion. */
  direction?: 'in' | 'out';
}

export interface AuditAttempt {
  /** `provider/model`. */
  target: string;
  /** 1 for the first try at this target. */
  attempt: number;
  outcome: string;
  code?: string;
}
