import type { Config, ProviderConfig } from '../../config/schema.js';
import type { Principal } from '../../core/principal.js';
import type { TokenEstimate } from './estimate-request-tokens.js';
import { bucketKey, type BucketKind, type BucketScope, type PlannedBucket } from './planned-bucket.js';
import { bucketRule, type BucketRule } from './token-bucket.js';

export type RateLimitConfig = Config['security']['rate_limit'];
export type ProviderLimitConfig = Pick<ProviderConfig, 'requests_per_minute' | 'burst_size' | 'tokens_per_minute'>;

interface Limit {
  rule: BucketRule;
  perMinute: number;
}

interface Limits {
  requests?: Limit;
  tokens?: Limit;
}

/**
 * Which buckets a request takes from, compiled once from the frozen config:
 * - `principal`: every key's own requests (`requests_per_minute`, `burst_size`) and tokens
 *   (`tokens_per_minute`, one minute's worth may go at once);
 * - `principal_provider`: the same numbers again per key × provider, when `per_provider`;
 * - `key_rpm`: the key's `--rpm`, when set, with a burst of at most that many;
 * - `provider`: `[providers.NAME]` `requests_per_minute` (burst `burst_size`, else one
 *   minute's worth) and `tokens_per_minute`, shared by all keys, protecting the upstream quota.
 */
export class RateLimitPolicy {
  readonly enabled: boolean;
  /** Whether any token limit exists, so prompts need counting at all. */
  readonly countsTokens: boolean;
  readonly #perProvider: boolean;
  readonly #principal: Limits;
  readonly #providers = new Map<string, Limits>();
  readonly #burstSize: number;
  readonly #keyRules = new Map<number, BucketRule>();

  constructor(config: Readonly<RateLimitConfig>, providers: Readonly<Record<string, Readonly<ProviderLimitConfig>>> = {}) {
    this.enabled = config.enabled;
    this.#perProvider = config.per_provider;
    this.#burstSize = config.burst_size;
    this.#principal = limits(config.requests_per_minute, config.burst_size, config.tokens_per_minute);
    let countsTokens = this.#principal.tokens !== undefined;
    for (const [name, provider] of Object.entries(providers)) {
      const rpm = provider.requests_per_minute;
      const providerLimits = limits(rpm, rpm === undefined ? undefined : (provider.burst_size ?? rpm), provider.tokens_per_minute);
      if (providerLimits.tokens !== undefined) countsTokens = true;
      this.#providers.set(name, providerLimits);
    }
    this.countsTokens = countsTokens;
  }

  /** Buckets that do not depend on the provider: the key's own and its `--rpm`. */
  principalBuckets(principal: Principal, estimate: TokenEstimate | undefined): PlannedBucket[] {
    const buckets: PlannedBucket[] = [];
    const keyId = principal.keyId;
    addBuckets(buckets, this.#principal, 'principal', undefined, keyId, estimate);
    const rpm = principal.requestsPerMinute;
    if (rpm !== undefined && rpm > 0) {
      const rule = this.#keyRule(rpm);
      buckets.push(planned('requests', 'key_rpm', undefined, keyId, rule, rpm, 1));
    }
    return buckets;
  }

  /** Buckets of one provider: the key's share of it and the provider-wide one. */
  providerBuckets(principal: Principal, provider: string, estimate: TokenEstimate | undefined): PlannedBucket[] {
    const buckets: PlannedBucket[] = [];
    if (this.#perProvider) addBuckets(buckets, this.#principal, 'principal_provider', provider, principal.keyId, estimate);
    const providerLimits = this.#providers.get(provider);
    if (providerLimits !== undefined) addBuckets(buckets, providerLimits, 'provider', provider, undefined, estimate);
    return buckets;
  }

  /** The limits as configured, for the admin view. */
  describe(): { principal: LimitNumbers; providers: Record<string, LimitNumbers> } {
    const providers: Record<string, LimitNumbers> = {};
    for (const [name, providerLimits] of this.#providers) providers[name] = numbers(providerLimits);
    return { principal: numbers(this.#principal), providers };
  }

  #keyRule(rpm: number): BucketRule {
    let rule = this.#keyRules.get(rpm);
    if (rule === undefined) {
      // A burst above the rate would let a key with `--rpm 5` send ten in its first minute.
      rule = bucketRule(rpm, Math.min(this.#burstSize, rpm));
      this.#keyRules.set(rpm, rule);
    }
    return rule;
  }
}

export interface LimitNumbers {
  requestsPerMinute?: number;
  burstSize?: number;
  tokensPerMinute?: number;
}

function limits(rpm: number | undefined, burst: number | undefined, tpm: number | undefined): Limits {
  const result: Limits = {};
  if (rpm !== undefined && burst !== undefined) result.requests = { rule: bucketRule(rpm, burst), perMinute: rpm };
  if (tpm !== undefined) result.tokens = { rule: bucketRule(tpm, tpm), perMinute: tpm };
  return result;
}

function numbers(limits: Limits): LimitNumbers {
  const result: LimitNumbers = {};
  if (limits.requests !== undefined) {
    result.requestsPerMinute = limits.requests.perMinute;
    result.burstSize = limits.requests.rule.capacity;
  }
  if (limits.tokens !== undefined) result.tokensPerMinute = limits.tokens.perMinute;
  return result;
}

function addBuckets(
  buckets: PlannedBucket[],
  limits: Limits,
  scope: BucketScope,
  provider: string | undefined,
  keyId: string | undefined,
  estimate: TokenEstimate | undefined,
): void {
  if (limits.requests !== undefined) buckets.push(planned('requests', scope, provider, keyId, limits.requests.rule, limits.requests.perMinute, 1));
  if (limits.tokens !== undefined && estimate !== undefined) {
    const { rule, perMinute } = limits.tokens;
    // A request may reserve at most a full bucket: it then waits for one, instead of never passing
    // because its max_tokens alone exceeds a minute's worth. Settlement charges what it really used.
    const amount = Math.min(estimate.promptTokens + estimate.completionTokens, rule.capacity);
    buckets.push(planned('tokens', scope, provider, keyId, rule, perMinute, amount));
  }
}

function planned(
  kind: BucketKind,
  scope: BucketScope,
  provider: string | undefined,
  keyId: string | undefined,
  rule: BucketRule,
  perMinute: number,
  amount: number,
): PlannedBucket {
  const bucket: { -readonly [K in keyof PlannedBucket]: PlannedBucket[K] } = { kind, scope, key: '', rule, perMinute, amount };
  if (provider !== undefined) bucket.provider = provider;
  if (keyId !== undefined) bucket.keyId = keyId;
  bucket.key = bucketKey(bucket);
  return bucket;
}
