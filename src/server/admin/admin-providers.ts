import type { Gateway } from '../../core/gateway.js';
import type { ProviderHealth } from '../../core/provider.js';
import { providerResourcesJson } from '../provider-resources-json.js';

const PROBE_TIMEOUT_MS = 2000;

/**
 * `GET /admin/providers`: each enabled provider probed now (no readiness cache), with its kind,
 * whether it is local, its circuits, and for local providers the free VRAM and which configured
 * models are served and fit. The local provider's own VRAM reading is still reused for about a
 * second (`vram_cache_ms`).
 */
export async function describeProviders(gateway: Gateway): Promise<unknown> {
  const circuits = gateway.router.breaker.snapshot();
  const data = await Promise.all(
    [...gateway.providers].map(async ([name, provider]) => {
      const health = await provider
        .health(AbortSignal.timeout(PROBE_TIMEOUT_MS))
        .catch((error: unknown): ProviderHealth => ({ ok: false, latencyMs: PROBE_TIMEOUT_MS, detail: String(error) }));
      return {
        name,
        kind: provider.kind,
        local: provider.kind === 'local' || provider.kind === 'ollama',
        ok: health.ok,
        latency_ms: health.latencyMs,
        ...(health.detail === undefined ? {} : { detail: health.detail }),
        ...providerResourcesJson(health.resources),
        circuits: circuits.filter((circuit) => circuit.id.startsWith(`${name}/`)),
      };
    }),
  );
  return { object: 'list', data, local_only_tenants: gateway.config.security.local_only_tenants };
}
