import { DEFAULT_BASE_URLS, type ProviderFactoryOptions } from './provider-options.js';
import { Transport } from './transport.js';

/** The transport every provider uses: its configured (or documented default) base URL and the routing timeouts. */
export function createProviderTransport(options: ProviderFactoryOptions): Transport {
  const { name, config, routing } = options;
  return new Transport({
    provider: name,
    baseUrl: config.base_url ?? DEFAULT_BASE_URLS[options.kind],
    headersTimeoutMs: routing.upstream_timeout_ms,
    idleTimeoutMs: routing.idle_timeout_ms,
    maxResponseBytes: routing.max_response_bytes,
  });
}
