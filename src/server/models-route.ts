import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { Gateway } from '../core/gateway.js';
import type { Principal } from '../core/principal.js';
import { peerOf } from '../security/tls/peer-identity.js';
import { openaiCodec } from './client-codec.js';
import { sendErrorResponse } from './error-response.js';
import { serializeModelList } from './openai/openai-models-list.js';
import { noteCaller } from './route-notes.js';
import { isLocalTarget } from '../routing/local-only.js';

const CACHE_MS = 60_000;
const LIST_TIMEOUT_MS = 3000;

/**
 * `GET /v1/models`: the `provider/model` ids and aliases this principal may use. Each provider's
 * own list is asked for at most once a minute; a provider that does not answer contributes its
 * configured models only.
 */
export class ModelsRoute {
  private cached: { at: number; ids: string[] } | undefined;

  constructor(private readonly gateway: Gateway) {}

  async handle(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    let principal: Principal;
    try {
      principal = await this.gateway.identify(request.headers, peerOf(request), request.socket.remoteAddress);
    } catch (error) {
      const failure = error instanceof GatewayError ? error : new GatewayError('internal_error', 'internal error');
      return sendErrorResponse(response, openaiCodec, failure, requestId);
    }
    noteCaller(response, principal);
    const ids = (await this.allIds()).filter((id) => mayList(principal, id) && this.mayReach(principal, id));
    const body = JSON.stringify(serializeModelList(ids, Math.floor(Date.now() / 1000)));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': requestId });
    response.end(body);
  }

  /** A local-only key or tenant sees only what it can use: local targets, and aliases with one. */
  private mayReach(principal: Principal, id: string): boolean {
    const config = this.gateway.config;
    if (principal.localOnly !== true && !config.security.local_only_tenants.includes(principal.tenant)) return true;
    const isLocal = (targetId: string): boolean => {
      const slash = targetId.indexOf('/');
      const provider = targetId.slice(0, slash);
      const target = { provider, model: targetId.slice(slash + 1), id: targetId };
      return slash !== -1 && isLocalTarget(target, this.gateway.providers.get(provider), config.providers[provider]);
    };
    const alias = config.models[id];
    return alias === undefined ? isLocal(id) : alias.targets.some(isLocal);
  }

  private async allIds(): Promise<string[]> {
    if (this.cached !== undefined && Date.now() - this.cached.at < CACHE_MS) return this.cached.ids;
    const ids = new Set<string>();
    await Promise.all(
      [...this.gateway.providers].map(async ([name, provider]) => {
        const section = this.gateway.config.providers[name];
        const configured = section?.model ?? provider.defaultModel;
        if (configured !== undefined) ids.add(`${name}/${configured}`);
        for (const model of section?.models ?? []) ids.add(`${name}/${model.name}`);
        const listed = await provider.models(AbortSignal.timeout(LIST_TIMEOUT_MS)).catch(() => []);
        for (const model of listed) ids.add(`${name}/${model}`);
      }),
    );
    for (const alias of Object.keys(this.gateway.config.models)) ids.add(alias);
    const sorted = [...ids].sort();
    this.cached = { at: Date.now(), ids: sorted };
    return sorted;
  }
}

function mayList(principal: Principal, id: string): boolean {
  const slash = id.indexOf('/');
  if (slash !== -1 && principal.providers !== undefined && !principal.providers.includes(id.slice(0, slash))) return false;
  return principal.models === undefined || principal.models.includes(id);
}
