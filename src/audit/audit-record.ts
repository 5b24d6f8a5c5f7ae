import type { AuditAttempt, AuditEvent, GuardVerdict } from './audit-event.js';

/**
 * The records of an audit file, as written (snake_case, one JSON object per line). Every record
 * carries `seq` (contiguous across files) and `mac` (see record-mac.ts); `type` says which kind.
 */
export type AuditRecord = RequestRecord | LinkRecord | RecoveryRecord;

/** Fields every record has before it is sealed. */
export interface RecordHead {
  seq: number;
  timestamp: string;
}

/** One request; the seed's ten fields are always present (null when unknown). */
export interface RequestRecord extends RecordHead {
  type: 'request';
  request_id: string;
  user_id: string | null;
  provider: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_cost: number | null;
  duration_ms: number;
  status: number;
  tenant: string | null;
  key_id: string | null;
  client_format: string | null;
  /** Route and method; absent in records written before every request was audited. */
  endpoint?: string | null;
  method?: string | null;
  action?: string;
  action_key_id?: string;
  cached_tokens?: number;
  decision: string;
  reason_code: string | null;
  guard_verdicts: { rule_id: string; action: string; direction?: string }[];
  retries: number;
  /** Why the request went where it went (`local_only:pii`, `fallback`, …); absent when it was never routed. */
  routing_reason?: string;
  /** Targets given up on, in order, with the error that made the router move on. */
  fallbacks: { target: string; code: string | null }[];
  cache_hit: boolean;
  partial: boolean;
  prompt?: string;
  completion?: string;
}

/** First record of every file: ties it to the previous file's last record (or to nothing, at genesis). */
export interface LinkRecord extends RecordHead {
  type: 'link';
  previous_file: string | null;
  previous_seq: number;
  previous_mac: string;
  /** Fingerprint of the Ed25519 key that signs this file's checkpoints. */
  signing_key: string;
}

/** Written after a restart that found (and cut off) a torn last line left by a crash. */
export interface RecoveryRecord extends RecordHead {
  type: 'recovery';
  reason: 'torn_last_line';
  file: string;
  torn_bytes: number;
  torn_sha256: string;
}

/** Identifiers are short; a longer value is cut so one hostile field cannot bloat every line. */
const MAXIMUM_LABEL_LENGTH = 512;

export function toRequestRecord(event: AuditEvent, head: RecordHead, includeContent: boolean): RequestRecord {
  const record: RequestRecord = {
    type: 'request',
    seq: head.seq,
    timestamp: event.timestamp === undefined ? head.timestamp : isoTime(event.timestamp, head.timestamp),
    request_id: label(event.requestId) ?? '',
    user_id: label(event.userId),
    provider: label(event.provider),
    model: label(event.model),
    prompt_tokens: count(event.promptTokens),
    completion_tokens: count(event.completionTokens),
    total_cost: finite(event.totalCost),
    duration_ms: finite(event.durationMs) ?? 0,
    status: count(event.status) ?? 0,
    tenant: label(event.tenant),
    key_id: label(event.keyId),
    client_format: label(event.clientFormat),
    endpoint: label(event.endpoint),
    method: label(event.method),
    decision: event.decision,
    reason_code: label(event.reasonCode),
    guard_verdicts: (event.guardVerdicts ?? []).map(toVerdict),
    retries: countRetries(event.attempts ?? []),
    fallbacks: listFallbacks(event.attempts ?? []),
    cache_hit: event.cacheHit === true,
    partial: event.partial === true,
  };
  const action = label(event.action);
  if (action !== null) record.action = action;
  const actionKeyId = label(event.actionKeyId);
  if (actionKeyId !== null) record.action_key_id = actionKeyId;
  const routingReason = label(event.routingReason);
  if (routingReason !== null) record.routing_reason = routingReason;
  const cached = count(event.cachedTokens);
  if (cached !== null) record.cached_tokens = cached;
  if (includeContent && event.content !== undefined) {
    if (typeof event.content.prompt === 'string') record.prompt = event.content.prompt;
    if (typeof event.content.completion === 'string') record.completion = event.content.completion;
  }
  return record;
}

function toVerdict(verdict: GuardVerdict): RequestRecord['guard_verdicts'][number] {
  const result: RequestRecord['guard_verdicts'][number] = { rule_id: label(verdict.ruleId) ?? '', action: verdict.action };
  if (verdict.direction !== undefined) result.direction = verdict.direction;
  return result;
}

/** A retry is a second or later try at the same target. */
function countRetries(attempts: readonly AuditAttempt[]): number {
  return attempts.filter((attempt) => attempt.attempt > 1).length;
}

/** Every target but the last one tried was given up on; its last try says why. */
function listFallbacks(attempts: readonly AuditAttempt[]): RequestRecord['fallbacks'] {
  const fallbacks: RequestRecord['fallbacks'] = [];
  for (let index = 0; index < attempts.length; index += 1) {
    const attempt = attempts[index];
    const next = attempts[index + 1];
    if (attempt === undefined || next === undefined || next.target === attempt.target) continue;
    fallbacks.push({ target: label(attempt.target) ?? '', code: label(attempt.code ?? attempt.outcome) });
  }
  return fallbacks;
}

function label(value: string | undefined): string | null {
  if (typeof value !== 'string') return null;
  return value.length > MAXIMUM_LABEL_LENGTH ? value.slice(0, MAXIMUM_LABEL_LENGTH) : value;
}

function count(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
}

function finite(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isoTime(date: Date, fallback: string): string {
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}
