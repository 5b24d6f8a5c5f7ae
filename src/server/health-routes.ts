import type { ServerResponse } from 'node:http';
import type { Gateway } from '../core/gateway.js';
import type { ProviderHealth } from '../core/provider.js';
import { providerResourcesJson } from './provider-resources-json.js';

const PROBE_TIMEOUT_MS = 2000;
const CACHE_MS = 2000;

/**
 * `/healthz` says the process is alive. `/readyz` reports each provider's state (probed at most
 * every two seconds, so a load balancer's polling does not become upstream traffic) and the
 * circuit breaker's view, with the free VRAM and model availability of local providers; ready
 * means the audit log can be written and at least one provider can serve.
 */
export class HealthRoutes {
  private cached: { at: number; body: string; ready: boolean } | undefined;
  private pending: Promise<{ body: string; ready: boolean }> | undefined;

  constructor(private readonly gateway: Gateway) {}

  live(response: ServerResponse, requestId: string): void {
    send(response, 200, JSON.stringify({ status: 'ok' }), requestId);
  }

  async ready(response: ServerResponse, requestId: string): Promise<void> {
    const now = Date.now();
    if (this.cached === undefined || now - this.cached.at > CACHE_MS) {
      this.pending ??= this.probe().finally(() => {
        this.pending = undefined;
      });
      const result = await this.pending;
      this.cached = { at: now, ...result };
    }
    send(response, this.cached.ready ? 200 : 503, this.cached.body, requestId);
  }

  private async probe(): Promise<{ body: string; ready: boolean }> {
    const entries = [...this.gateway.providers.entries()];
    const results = await Promise.all(
      entries.map(([, provider]) => provider.health(AbortSignal.timeout(PROBE_TIMEOUT_MS)).catch(
        (error: unknown): ProviderHealth => ({ ok: false, latencyMs: PROBE_TIMEOUT_MS, detail: String(error) }),
      )),
    );
    const breaker = this.gateway.router.breaker.snapshot();
    const providers: Record<string, unknown> = {};
    entries.forEach(([name, provider], index) => {
      const health = results[index];
      providers[name] = { kind: provider.kind, ok: health?.ok ?? false, latency_ms: health?.latencyMs, detail: health?.detail, ...providerResourcesJson(health?.resources) };
    });
    // Nothing may be served unrecorded: a failed audit log makes the gateway not ready.
    const audit = this.gateway.auditWriter;
    const auditHealthy = audit === undefined || audit.healthy();
    const ready = auditHealthy && results.some((health) => health.ok);
    const auditState = audit === undefined ? 'disabled' : auditHealthy ? 'ok' : 'failing';
    return { ready, body: JSON.stringify({ status: ready ? 'ready' : 'not_ready', audit: auditState, providers, circuits: breaker }) };
  }
}

function send(response: ServerResponse, status: number, body: string, requestId: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': requestId,
  });
  response.end(body);
}
