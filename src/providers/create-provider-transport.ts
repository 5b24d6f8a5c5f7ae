import type { ProviderKind } from '../core/provider.js';
import { Secret } from '../security/secrets/secret.js';
import { DEFAULT_BASE_URLS, type ProviderFactoryOptions } from './provider-options.js';
import { Transport } from './transport.js';

/**
 * The transport every provider uses: its configured (or documented default) base URL, the routing
 * timeouts, the provider's egress allowance, and its key as the header its API expects, held as a
 * `Secret` so the transport can be logged or inspected without printing it.
 */
export function createProviderTransport(options: ProviderFactoryOptions): Transport {
  const { name, config, routing } = options;
  return new Transport({
    provider: name,
    baseUrl: config.base_url ?? DEFAULT_BASE_URLS[options.kind],
    headersTimeoutMs: routing.upstream_timeout_ms,
    idleTimeoutMs: routing.idle_timeout_ms,
    maxResponseBytes: routing.max_response_bytes,
    maxStreamBytes: routing.max_stream_bytes,
    allowPrivateNetwork: config.allow_private_network,
    ...(config.api_key === undefined ? {} : { credentials: credentialHeaders(options.kind, config.api_key) }),
  });
}

/**
 * Anthropic takes `x-api-key` (https://docs.anthropic.com/en/api/overview#authentication); the
 * OpenAI-style APIs, and Ollama behind an authenticating proxy, take a bearer token.
 */
export function credentialHeaders(kind: ProviderKind, apiKey: string): Record<string, Secret> {
  return kind === 'anthropic' ? { 'x-api-key': new Secret(apiKey) } : { authorization: new Secret(`Bearer ${apiKey}`) };
}
