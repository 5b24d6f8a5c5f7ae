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
  /**
   * Privacy routing counts an `ollama` or `local` provider as on premises when its `base_url` is
   * loopback or a private address; set this for a name (`gpu-box.internal`) that is on your network.
   */
  on_premises: z.boolean().optional(),
  /** Local (ml-offload-api): below this much free VRAM the provider declines. */
  vram_threshold_mb: nonNegativeInt.optional(),
  /** Local: how long one `/health/vram` reading and the `/v1/models` list are reused (0: asked every request). */
  vram_cache_ms: nonNegativeInt.optional(),
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

/** `[budgets.tenants.NAME]`: UTC calendar day and month; either may be left out. */
const tenantBudgetSchema = z.strictObject({
  daily_usd: z.number().nonnegative().optional(),
  monthly_usd: z.number().nonnegative().optional(),
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
      /** All request headers together; more is answered 431 before any route runs. */
      max_header_bytes: positiveInt.max(1_048_576).default(16_384),
      /** Header lines per request; more is refused rather than silently truncated. */
      max_headers_count: positiveInt.max(10_000).default(100),
      /**
       * How often idle, slow and drip-fed connections are checked against the header and request
       * timeouts: a connection is closed at most this long after its timeout passed.
       */
      connections_check_interval_ms: positiveInt.default(1_000),
    })
    // Node refuses to start a server whose headers may take longer than the whole request.
    .refine((server) => server.headers_timeout_ms <= server.request_timeout_ms, {
      message: 'must not exceed server.request_timeout_ms',
      path: ['headers_timeout_ms'],
    })
    .prefault({}),
  /**
   * What a chat request may hold, in either API format. Each limit is refused with the field
   * named: counts and ranges with 400, sizes with 413.
   */
  limits: z
    .strictObject({
      /** Bracket depth of the raw JSON body, checked before it is parsed. */
      max_json_depth: positiveInt.max(1_000).default(64),
      max_messages: positiveInt.default(1_000),
      /** Text characters in one message (text parts, tool arguments and results). */
      max_message_chars: positiveInt.default(1_048_576),
      /** Text characters in all messages and the system prompt together. */
      max_total_chars: positiveInt.default(4_194_304),
      /** Upper bound of `max_tokens` / `max_completion_tokens`. */
      max_output_tokens: positiveInt.default(262_144),
      max_stop_sequences: positiveInt.default(4),
      max_stop_sequence_chars: positiveInt.default(256),
      max_tools: positiveInt.default(128),
      /** Nesting depth of one tool's JSON Schema (parameters / input_schema). */
      max_tool_schema_depth: positiveInt.default(16),
      max_metadata_entries: positiveInt.default(16),
      max_metadata_key_chars: positiveInt.default(64),
      max_metadata_value_chars: positiveInt.default(512),
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
      /** Total bytes one streamed answer may carry before it is cut off. */
      max_stream_bytes: positiveInt.default(64 * 1024 * 1024),
      circuit_breaker_failures: positiveInt.default(5),
      circuit_breaker_cooldown_ms: positiveInt.default(30_000),
    })
    .prefault({}),
  security: z
    .strictObject({
      /** Tenants whose requests may only go to local providers (`local`, `ollama`), whatever they contain. */
      local_only_tenants: z.array(z.string().min(1)).default([]),
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
          /**
           * Run the PII and secret guards on answers too. On by default: the stream filter holds
           * back only a tail that could still begin a finding (usually the last partial word).
           */
          scan_responses: z.boolean().default(true),
        })
        .prefault({}),
      audit: z
        .strictObject({
          enabled: z.boolean().default(true),
          log_path: z.string().min(1).default('./data/audit/audit.log'),
          rotation: z.enum(['daily', 'never']).default('daily'),
          retention_days: positiveInt.default(90),
          /** Prompt and completion text are written only when the operator asks for them. */
          include_content: z.boolean().default(false),
          /** Key of the records' HMAC chain, usually `${AUDIT_HMAC_KEY}`; else generated once into a 0600 file beside the log. */
          hmac_key: z.string().min(32, 'use at least 32 characters').optional(),
          /** Folder of the signed checkpoints; default `checkpoints/` beside the log. Put it on another volume to keep it apart. */
          checkpoint_path: z.string().min(1).optional(),
          checkpoint_every_records: positiveInt.default(1000),
          checkpoint_interval_seconds: positiveInt.default(60),
          /** Ed25519 private key that signs checkpoints (0600, generated at first start); default beside the log. */
          signing_key_path: z.string().min(1).optional(),
          /** The public key `audit verify` trusts; point it at a copy kept elsewhere to pin it. */
          public_key_path: z.string().min(1).optional(),
          /** `always` syncs each batch before its appends resolve; `interval` every `fsync_interval_ms`. */
          fsync: z.enum(['interval', 'always']).default('interval'),
          fsync_interval_ms: positiveInt.default(1000),
          /** What the gateway does when the audit log cannot be written: refuse requests, or serve unaudited. */
          on_failure: z.enum(['refuse', 'continue']).default('refuse'),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Exact-match response cache for deterministic requests (temperature 0, or the client's
   * `x-securellm-cache: use`), per tenant. `max_bytes` bounds the whole store (least recently used
   * answers go first); an answer larger than `max_entry_bytes` is not kept.
   */
  cache: z
    .strictObject({
      enabled: z.boolean().default(false),
      ttl_seconds: positiveInt.default(300),
      max_bytes: positiveInt.default(64 * 1024 * 1024),
      max_entry_bytes: positiveInt.default(1024 * 1024),
    })
    .prefault({}),
  /**
   * Spending limits in USD, reserved before each call (priced prompt + max_tokens) and settled
   * with its real cost. A key's own `--budget-usd` covers `key_period`; tenants may have both.
   */
  budgets: z
    .strictObject({
      enabled: z.boolean().default(true),
      key_period: z.enum(['day', 'month']).default('month'),
      tenants: z.record(z.string().min(1), tenantBudgetSchema).default({}),
    })
    .prefault({}),
  /** USD per million tokens, keyed `provider/model`; overrides and extends the built-in table. */
  pricing: z.record(z.string().regex(/^[a-z0-9_-]+\/.+$/i, 'pricing keys are provider/model ids'), priceSchema).default({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  /** `GET /metrics` (Prometheus text format). */
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Ask for an admin key; unset means only when `server.host` is not a loopback address. */
      require_admin: z.boolean().optional(),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type AliasConfig = z.infer<typeof aliasSchema>;
export type RoutingConfig = Config['routing'];
export type LimitsConfig = Config['limits'];
export type AuditConfig = Config['security']['audit'];
export type PriceConfig = z.infer<typeof priceSchema>;
export type BudgetsConfig = Config['budgets'];
export type MetricsConfig = Config['metrics'];
export type CacheConfig = Config['cache'];
export type ProviderKindName = (typeof PROVIDER_KINDS)[number];
