import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config/schema.js';
import { Router, type RoutedStream } from '../routing/router.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { identifyPrincipal } from '../security/identify-principal.js';
import type { PeerIdentity } from '../security/tls/peer-identity.js';
import { unsupportedSettings } from '../providers/unsupported-settings.js';
import type { Target } from '../routing/target.js';
import { Pricing } from '../usage/pricing.js';
import { GatewayError } from './errors.js';
import type { Logger } from './logger.js';
import type { Principal } from './principal.js';
import type { Provider } from './provider.js';
import type { RequestContext } from './request-context.js';
import type { ChatChunk, ChatRequest } from './types.js';

/** Turns request headers into a principal, or throws `GatewayError('unauthorized')`. */
export interface Authenticator {
  authenticate(headers: IncomingHttpHeaders): Promise<Principal>;
}

export interface GatewayOptions {
  config: Readonly<Config>;
  providers: ReadonlyMap<string, Provider>;
  authenticator: Authenticator;
  logger: Logger;
  router?: Router;
  pricing?: Pricing;
}

/**
 * The stages of the pipeline, bound to the gateway's parts. `runChatPipeline` calls them in order;
 * the HTTP server, the CLI and the MCP server all go through it.
 */
export class Gateway {
  readonly config: Readonly<Config>;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly router: Router;
  readonly pricing: Pricing;
  readonly logger: Logger;
  private readonly authenticator: Authenticator;

  constructor(options: GatewayOptions) {
    this.config = options.config;
    this.providers = options.providers;
    this.authenticator = options.authenticator;
    this.logger = options.logger;
    this.router = options.router ?? new Router({ routing: options.config.routing, providers: options.providers });
    this.pricing = options.pricing ?? new Pricing(options.config.pricing);
  }

  /** Who is asking, from the API key and/or the client certificate (see identifyPrincipal). */
  identify(headers: IncomingHttpHeaders, peer: PeerIdentity | undefined): Promise<Principal> {
    const tls = this.config.security.tls;
    return identifyPrincipal(headers, peer, {
      requireClientCertificate: tls.enabled && tls.require_client_cert,
      authenticate: (presented) => this.authenticator.authenticate(presented),
    });
  }

  /** The targets for a model id, narrowed to what the principal's key allows. */
  resolveTargets(model: string, principal: Principal): Target[] {
    const targets = resolveTargets(model, this.config, this.providers);
    const allowed = targets.filter((target) => mayUse(principal, model, target));
    if (allowed.length === 0) {
      throw new GatewayError('forbidden', `this API key may not use model ${model}`, { param: 'model' });
    }
    return allowed;
  }

  async route(context: RequestContext, request: ChatRequest, targets: Target[]): Promise<RoutedStream> {
    const routed = await this.router.open(request, targets, context.signal, { attempts: context.attempts });
    context.target = routed.target;
    const provider = this.providers.get(routed.target.provider);
    if (provider !== undefined) {
      const ignored = unsupportedSettings(provider.kind, request);
      if (ignored.length > 0) context.ignoredSettings = ignored;
    }
    return routed;
  }

  /** Passes the provider's chunks through, noting usage, finish and cost as they go by. */
  async *meter(context: RequestContext, routed: RoutedStream): AsyncGenerator<ChatChunk> {
    let finished = false;
    let failed = false; // set when the upstream failed mid-stream
    try {
      yield routed.first;
      for (;;) {
        const next = await routed.rest.next();
        if (next.done === true) break;
        const chunk = next.value;
        if (chunk.type === 'usage') context.usage = chunk.usage;
        else if (chunk.type === 'finish') {
          context.finishReason = chunk.reason;
          finished = true;
        }
        yield chunk;
      }
    } catch (error) {
      failed = !context.signal.aborted;
      throw error;
    } finally {
      context.partial = !finished;
      const usage = context.usage ?? { promptTokens: 0, completionTokens: 0 };
      context.cost = this.pricing.cost(routed.target.provider, routed.target.model, usage);
      // A client that leaves says nothing about the upstream's health.
      this.router.recordOutcome(routed.target, context.signal.aborted ? 'abandoned' : failed ? 'failed' : 'ok');
      if (!finished) await routed.rest.return?.();
    }
  }

  /** Every failure becomes a GatewayError here; unexpected ones are logged and hidden from the client. */
  toGatewayError(context: RequestContext, error: unknown): GatewayError {
    if (error instanceof GatewayError) return error;
    if (context.signal.aborted) return new GatewayError('internal_error', 'client closed the request');
    this.logger.error({ request_id: context.requestId, err: error }, 'unexpected error');
    return new GatewayError('internal_error', 'internal error');
  }

  /** The request's log line; audit records and metrics are written from the same context. */
  record(context: RequestContext): void {
    this.logger.info(
      {
        request_id: context.requestId,
        key_id: context.principal?.keyId,
        tenant: context.principal?.tenant,
        format: context.clientFormat,
        model: context.request?.model,
        target: context.target?.id,
        stream: context.request?.stream,
        status: context.status,
        error_code: context.errorCode,
        attempts: context.attempts.length,
        prompt_tokens: context.usage?.promptTokens,
        completion_tokens: context.usage?.completionTokens,
        cost_usd: context.cost?.usd,
        partial: context.partial || undefined,
        ignored_params: context.ignoredSettings,
        duration_ms: Math.round(performance.now() - context.startedAt),
      },
      'request',
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.providers.values()].map((provider) => provider.close()));
  }
}

function mayUse(principal: Principal, requested: string, target: Target): boolean {
  if (principal.providers !== undefined && !principal.providers.includes(target.provider)) return false;
  if (principal.models === undefined) return true;
  return principal.models.includes(requested) || principal.models.includes(target.id);
}
