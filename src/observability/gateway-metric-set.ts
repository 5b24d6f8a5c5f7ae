import { Counter, Histogram, type Registry } from 'prom-client';
import { CounterCells } from './counter-cells.js';
import { METRIC_NAMES } from './metric-names.js';

/** Seconds; from a cached answer (milliseconds) to a long stream (minutes). */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Seconds; the gateway's own share is meant to be well under a millisecond to a few. */
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Seconds; a batched append returns in microseconds, an fsync may take tens of milliseconds. */
const AUDIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const TARGET_LABELS = ['provider', 'model'] as const;

type TargetLabel = 'provider' | 'model';

/** Where the counters every request moves keep their series between scrapes (see CounterCells). */
export interface RequestCounterCells {
  requests: CounterCells<TargetLabel | 'status' | 'format'>;
  tokens: CounterCells<TargetLabel | 'type'>;
  cost: CounterCells<TargetLabel>;
  upstreamAttempts: CounterCells<TargetLabel | 'outcome'>;
  retries: CounterCells<TargetLabel>;
  fallbacks: CounterCells<TargetLabel>;
}

/** The gateway's metric objects, registered on one registry (the circuit gauge lives apart). */
export interface GatewayMetricSet {
  cells: RequestCounterCells;
  requests: Counter<'provider' | 'model' | 'status' | 'format'>;
  requestDuration: Histogram<'provider' | 'model' | 'stream'>;
  upstreamDuration: Histogram<'provider' | 'model' | 'outcome'>;
  gatewayOverhead: Histogram<'stream'>;
  timeToFirstToken: Histogram<'provider' | 'model'>;
  tokens: Counter<'provider' | 'model' | 'type'>;
  cost: Counter<'provider' | 'model'>;
  requestErrors: Counter<'code'>;
  limitRefusals: Counter<'code'>;
  upstreamAttempts: Counter<'provider' | 'model' | 'outcome'>;
  retries: Counter<'provider' | 'model'>;
  fallbacks: Counter<'provider' | 'model'>;
  guardVerdicts: Counter<'guard' | 'action'>;
  auditWriteDuration: Histogram;
  auditWriteFailures: Counter;
  cacheLookups: Counter<'result'>;
}

export function createGatewayMetricSet(registry: Registry): GatewayMetricSet {
  const registers = [registry];
  const cells: RequestCounterCells = {
    requests: new CounterCells(),
    tokens: new CounterCells(),
    cost: new CounterCells(),
    upstreamAttempts: new CounterCells(),
    retries: new CounterCells(),
    fallbacks: new CounterCells(),
  };
  return {
    cells,
    requests: new Counter({
      name: METRIC_NAMES.requests,
      help: 'Chat requests answered, by target, HTTP status and the API format the client spoke.',
      labelNames: [...TARGET_LABELS, 'status', 'format'],
      registers,
      collect() {
        cells.requests.flushInto(this);
      },
    }),
    requestDuration: new Histogram({
      name: METRIC_NAMES.requestDuration,
      help: 'Whole request time, arrival to last byte (streams: to the end of the stream).',
      labelNames: [...TARGET_LABELS, 'stream'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: METRIC_NAMES.upstreamDuration,
      help: 'Per upstream try: time until its first chunk (whole answers: until the answer) or its failure.',
      labelNames: [...TARGET_LABELS, 'outcome'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    gatewayOverhead: new Histogram({
      name: METRIC_NAMES.gatewayOverhead,
      help: "The gateway's own time to the client's first byte, upstream time excluded; requests answered by their first try.",
      labelNames: ['stream'],
      buckets: OVERHEAD_BUCKETS,
      registers,
    }),
    timeToFirstToken: new Histogram({
      name: METRIC_NAMES.timeToFirstToken,
      help: 'Streams: arrival to the first content chunk written to the client.',
      labelNames: [...TARGET_LABELS],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    tokens: new Counter({
      name: METRIC_NAMES.tokens,
      help: 'Tokens the upstream reported, by type (prompt, completion, cached_prompt). Tenants are not labels: see /admin/usage.',
      labelNames: [...TARGET_LABELS, 'type'],
      registers,
      collect() {
        cells.tokens.flushInto(this);
      },
    }),
    cost: new Counter({
      name: METRIC_NAMES.cost,
      help: 'Cost in US dollars at the configured prices.',
      labelNames: [...TARGET_LABELS],
      registers,
      collect() {
        cells.cost.flushInto(this);
      },
    }),
    requestErrors: new Counter({ name: METRIC_NAMES.requestErrors, help: 'Requests that ended in an error, by error code.', labelNames: ['code'], registers }),
    limitRefusals: new Counter({
      name: METRIC_NAMES.limitRefusals,
      help: "Requests refused by the gateway's rate limits or budgets, by error code.",
      labelNames: ['code'],
      registers,
    }),
    upstreamAttempts: new Counter({
      name: METRIC_NAMES.upstreamAttempts,
      help: 'Tries at upstream targets, by outcome (ok, error, skipped_circuit_open, skipped_refused).',
      labelNames: [...TARGET_LABELS, 'outcome'],
      registers,
      collect() {
        cells.upstreamAttempts.flushInto(this);
      },
    }),
    retries: new Counter({
      name: METRIC_NAMES.retries,
      help: 'Tries after the first at the same target.',
      labelNames: [...TARGET_LABELS],
      registers,
      collect() {
        cells.retries.flushInto(this);
      },
    }),
    fallbacks: new Counter({
      name: METRIC_NAMES.fallbacks,
      help: 'Moves to the next target of a request, by the target left behind.',
      labelNames: [...TARGET_LABELS],
      registers,
      collect() {
        cells.fallbacks.flushInto(this);
      },
    }),
    guardVerdicts: new Counter({ name: METRIC_NAMES.guardVerdicts, help: 'Guardrail verdicts, by guard and action.', labelNames: ['guard', 'action'], registers }),
    auditWriteDuration: new Histogram({
      name: METRIC_NAMES.auditWriteDuration,
      help: 'Time of each audit write the writer reports (a record or a batch), failures included.',
      buckets: AUDIT_BUCKETS,
      registers,
    }),
    auditWriteFailures: new Counter({ name: METRIC_NAMES.auditWriteFailures, help: 'Audit writes that failed.', registers }),
    cacheLookups: new Counter({
      name: METRIC_NAMES.cacheLookups,
      help: 'Response cache lookups of cacheable requests, by result (hit, miss).',
      labelNames: ['result'],
      registers,
    }),
  };
}
