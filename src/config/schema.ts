import { z } from 'zod';

/**
 * The one schema of `config.toml`: it validates the file at start and is the single source of the
 * config's types. Every object is strict, so an unknown key is an error naming its path.
 */

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const PROVIDER_KINDS = ['openai', 'deepseek', 'anthropic', 'ollama', 'local'] as const;

const localModelSchema = z.strictObject({
  name: z.string().min(1),
  vram_mb: nonNegativeInt,
  context_tokens: positiveInt,
});

const providerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The wire protocol; defaults to the section's name when that is one of the five kinds. */
  type: z.enum(PROVIDER_KINDS).optional(),
  api_key: z.string().min(1).optional(),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  model: z.string().min(1).optional(),
  /** Provider-wide cap that protects the upstream quota (enforced by the rate limiter). */
  requests_per_minute: positiveInt.optional(),
  burst_size: positiveInt.optional(),
  tokens_per_minute: positiveInt.optional(),
  allow_private_network: z.boolean().default(false),
  /** Anthropic: `anthropic-version` header. */
  anthropic_version: z.string().min(1).optional(),
  /** Anthropic requires `max_tokens`; used when the client gave none. */
  default_max_tokens: positiveInt.optional(),
  /** Local (ml-offload-api): below this much free VRAM the provider declines. */
  vram_threshold_mb: nonNegativeInt.optional(),
  models: z.array(localModelSchema).optional(),
});

const aliasSchema = z.strictObject({
  targets: z.array(z.string().regex(/^[a-z0-9_-]+\/.+$/i, 'targets are provider/model ids')).min(1),
  strategy: z.enum(['ordered', 'cheapest', 'fastest']).default('ordered'),
});

const priceSchema = z.strictObject({
  prompt: z.number().nonnegative(),
  completion: z.number().nonnegative(),
  cached_prompt: z.number().nonnegative().optional(),
});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8443),
      max_body_bytes: positiveInt.default(1_048_576),
      /** Listening on a non-loopback address without TLS must be asked for by name. */
      allow_insecure_non_loopback: z.boolean().default(false),
      request_timeout_ms: positiveInt.default(300_000),
      headers_timeout_ms: positiveInt.default(10_000),
      keep_alive_timeout_ms: positiveInt.default(5_000),
      max_connections: positiveInt.default(10_000),
    })
    .prefault({}),
  storage: z
    .strictObject({
      url: z.string().regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'use sqlite:PATH or postgres://…').default('sqlite:./data/securellm.db'),
    })
    .prefault({}),
  providers: z.record(z.string().regex(/^[a-z0-9_-]+$/, 'provider names are lower-case letters, digits, _ and -'), providerSchema).default({}),
  models: z.record(z.string().min(1), aliasSchema).default({}),
  routing: z
    .strictObject({
      max_retries: nonNegativeInt.max(10).default(2),
      backoff_initial_ms: nonNegativeInt.default(250),
      backoff_max_ms: nonNegativeInt.default(8000),
      /** Longest `Retry-After` the gateway waits for before falling back instead. */
      retry_after_max_ms: nonNegativeInt.default(10_000),
      upstream_timeout_ms: positiveInt.default(60_000),
      idle_timeout_ms: positiveInt.default(30_000),
      max_response_bytes: positiveInt.default(10 * 1024 * 1024),
      circuit_breaker_failures: positiveInt.default(5),
      circuit_breaker_cooldown_ms: positiveInt.default(30_000),
    })
    .prefault({}),
  security: z
    .strictObject({
      tls: z
        .strictObject({
          enabled: z.boolean().default(false),
          cert_path: z.string().optional(),
          key_path: z.string().optional(),
          client_ca_path: z.string().optional(),
          require_client_cert: z.boolean().default(false),
          crl_path: z.string().optional(),
        })
        .prefault({}),
      rate_limit: z
        .strictObject({
          enabled: z.boolean().default(true),
          requests_per_minute: positiveInt.default(60),
          burst_size: positiveInt.default(10),
          per_provider: z.boolean().default(true),
          tokens_per_minute: positiveInt.optional(),
          /** Reserved for a request that names no max_tokens, until its real usage settles it. */
          default_max_tokens: positiveInt.default(1024),
          /** Failed authentications allowed per client address, before any key is looked up. */
          auth_failures_per_minute: positiveInt.default(30),
          auth_failures_burst: positiveInt.default(10),
        })
        .prefault({}),
      guardrails: z
        .strictObject({
          prompt_injection: z.enum(['block', 'flag', 'off']).default('block'),
          pii: z.enum(['redact', 'block', 'local_only', 'flag', 'off']).default('redact'),
          secrets: z.enum(['redact', 'block', 'flag', 'off']).default('redact'),
          deny_patterns: z.array(z.string()).default([]),
        })
        .prefault({}),
      audit: z
        .strictObject({
          enabled: z.boolean().default(true),
          log_path: z.string().min(1).default('./data/audit/audit.log'),
          rotation: z.enum(['daily', 'never']).default('daily'),
          retention_days: positiveInt.default(90),
        })
        .prefault({}),
    })
    .prefault({}),
  cache: z
    .strictObject({
      enabled: z.boolean().default(false),
      ttl_seconds: positiveInt.default(300),
      max_bytes: positiveInt.default(64 * 1024 * 1024),
    })
    .prefault({}),
  /** USD per million tokens, keyed `provider/model`; overrides and extends the built-in table. */
  pricing: z.record(z.string().regex(/^[a-z0-9_-]+\/.+$/i, 'pricing keys are provider/model ids'), priceSchema).default({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type AliasConfig = z.infer<typeof aliasSchema>;
export type RoutingConfig = Config['routing'];
export type PriceConfig = z.infer<typeof priceSchema>;
export type ProviderKindName = (typeof PROVIDER_KINDS)[number];
