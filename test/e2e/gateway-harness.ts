import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assembleGateway } from '../../src/app/create-gateway.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import type { Gateway } from '../../src/core/gateway.js';
import { createLogger } from '../../src/core/logger.js';
import { createApiKey, type CreateApiKeyOptions } from '../../src/security/create-api-key.js';
import { startServer } from '../../src/server/http-server.js';
import type { KeyStore } from '../../src/store/key-store.js';
import { startFakeUpstream, type FakeKind, type FakeUpstream, type FakeUpstreamOptions } from '../fakes/start-fake-upstream.js';

/** The model each fake-backed provider is configured with by default. */
export const DEFAULT_MODELS: Readonly<Record<FakeKind, string>> = {
  openai: 'gpt-4o-mini',
  deepseek: 'deepseek-chat',
  anthropic: 'claude-sonnet-4-5',
  ollama: 'llama3.2',
  local: 'llama-3.2-3b-instruct',
};

/** The provider key each fake demands: tests check it is sent and the client's key is not. */
export const upstreamKey = (kind: FakeKind): string => `upstream-key-${kind}`;

export interface HarnessOptions {
  kinds?: readonly FakeKind[];
  /** `[models.NAME]` aliases. */
  models?: Record<string, { targets: string[]; strategy?: 'ordered' | 'cheapest' | 'fastest' }>;
  /** `[cache]` (off unless given). */
  cache?: Partial<Config['cache']>;
  /** `[pricing."provider/model"]` overrides of the built-in price table. */
  pricing?: Config['pricing'];
  /** Overrides of `[routing]`; by default backoff is shortened so retry tests run fast. */
  routing?: Partial<Config['routing']>;
  server?: Partial<Config['server']>;
  /** `[security.tls]` (enabled unless said otherwise); the gateway then listens on https://. */
  tls?: Partial<Config['security']['tls']>;
  /**
   * `[security.rate_limit]`. By default the limits are far above what a test sends, so only the
   * tests about limits meet them (set this to see the configured defaults or your own).
   */
  rateLimit?: Partial<Config['security']['rate_limit']>;
  /** `[security.guardrails]` overrides (the defaults: injection blocked, PII and secrets redacted in requests). */
  guardrails?: Partial<Config['security']['guardrails']>;
  /** Extra `[providers.KIND]` settings, merged over the harness's own (local models, VRAM threshold, …). */
  providers?: Partial<Record<FakeKind, Record<string, unknown>>>;
  /** Options of each fake upstream (its models, its VRAM reading, …). */
  fakeOptions?: Partial<Record<FakeKind, FakeUpstreamOptions>>;
  /** `[security] local_only_tenants`. */
  localOnlyTenants?: string[];
  /** `[security.audit]` overrides (the log path is the harness's own temporary directory). */
  audit?: Partial<Config['security']['audit']>;
  /** Where the gateway's structured log goes, at which level (silent unless given). */
  log?: { level: 'debug' | 'info' | 'warn'; destination: NodeJS.WritableStream };
}

export interface GatewayHarness {
  /** http://127.0.0.1:PORT (https:// with the `tls` option) */
  url: string;
  /** A gateway API key of tenant `test`. */
  key: string;
  gateway: Gateway;
  store: KeyStore;
  fakes: Record<FakeKind, FakeUpstream>;
  createKey(options?: Partial<CreateApiKeyOptions>): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real listening gateway in front of loopback fake upstreams, one per provider kind, with a
 * temporary SQLite key store. Everything is torn down by close().
 */
export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const kinds = options.kinds ?? (['openai', 'deepseek', 'anthropic', 'ollama', 'local'] as const);
  const directory = mkdtempSync(path.join(tmpdir(), 'securellm-e2e-'));
  const fakes = {} as Record<FakeKind, FakeUpstream>;
  const providers: Record<string, unknown> = {};
  for (const kind of kinds) {
    const fake = await startFakeUpstream(kind, { requiredApiKey: upstreamKey(kind), ...options.fakeOptions?.[kind] });
    fakes[kind] = fake;
    providers[kind] = { base_url: fake.baseUrl, api_key: upstreamKey(kind), model: DEFAULT_MODELS[kind], ...options.providers?.[kind] };
  }
  const config = parseConfig(
    {
      server: { host: '127.0.0.1', port: 0, ...options.server },
      storage: { url: `sqlite:${path.join(directory, 'securellm.db')}` },
      providers,
      models: options.models ?? {},
      ...(options.cache === undefined ? {} : { cache: options.cache }),
      ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
      routing: { backoff_initial_ms: 1, backoff_max_ms: 5, ...options.routing },
      security: {
        audit: { log_path: path.join(directory, 'audit', 'audit.log'), ...options.audit },
        ...(options.localOnlyTenants === undefined ? {} : { local_only_tenants: options.localOnlyTenants }),
        ...(options.guardrails === undefined ? {} : { guardrails: options.guardrails }),
        rate_limit: options.rateLimit ?? { requests_per_minute: 1_000_000, burst_size: 100_000, auth_failures_per_minute: 100_000, auth_failures_burst: 10_000 },
        ...(options.tls === undefined ? {} : { tls: { enabled: true, ...options.tls } }),
      },
      logging: { level: options.log?.level ?? 'silent' },
    },
    {},
    'e2e harness',
  );
  const assembled = assembleGateway(config, createLogger(options.log?.level ?? 'silent', options.log?.destination));
  await assembled.ready;
  const running = await startServer(assembled.gateway, { port: 0 });
  const createKey = async (keyOptions: Partial<CreateApiKeyOptions> = {}): Promise<string> =>
    (await createApiKey(assembled.store, { tenant: 'test', ...keyOptions })).key;
  const key = await createKey({ name: 'e2e' });
  return {
    url: running.url,
    key,
    gateway: assembled.gateway,
    store: assembled.store,
    fakes,
    createKey,
    async close() {
      await running.close();
      await assembled.close();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
