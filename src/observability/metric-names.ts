/**
 * The name of every metric the gateway exports, in one place: the dashboard
 * (deploy/grafana-dashboard.json) and alert rules query these, so a rename here is a breaking change.
 */
export const METRIC_NAMES = {
  requests: 'securellm_requests_total',
  requestDuration: 'securellm_request_duration_seconds',
  upstreamDuration: 'securellm_upstream_duration_seconds',
  gatewayOverhead: 'securellm_gateway_overhead_seconds',
  timeToFirstToken: 'securellm_time_to_first_token_seconds',
  tokens: 'securellm_tokens_total',
  cost: 'securellm_cost_usd_total',
  requestErrors: 'securellm_request_errors_total',
  limitRefusals: 'securellm_limit_refusals_total',
  upstreamAttempts: 'securellm_upstream_attempts_total',
  retries: 'securellm_retries_total',
  fallbacks: 'securellm_fallbacks_total',
  guardVerdicts: 'securellm_guard_verdicts_total',
  circuitState: 'securellm_circuit_state',
  auditWriteDuration: 'securellm_audit_write_duration_seconds',
  auditWriteFailures: 'securellm_audit_write_failures_total',
  cacheLookups: 'securellm_cache_lookups_total',
  cacheBytes: 'securellm_cache_bytes',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
