import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config/schema.js';
import { Router, type RoutedStream } from '../routing/router.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { identifyPrincipal } from '../security/identify-principal.js';
import type { PeerIdentity } from '../security/tls/peer-identity.js';
import { unsupportedSettings } from '../providers/unsupported-settings.js';
import type { Target } from '../routing/target.js';
import { Pricing } from '../usage/pricing.js';
import { AuthFailureThrottle } from '../security/rate-limit/auth-failure-throttle.js';
import { RateLimiter } from '../security/rate-limit/rate-limiter.js';
import { reserveLimits, retargetLimits, settleLimits } from './limit-stage.js';
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
  readonly limiter: RateLimiter;
  readonly authThrottle: AuthFailureThrottle;
  private readonly authenticator: Authenticator;

  constructor(options: GatewayOptions) {
    this.config = options.config;
    this.providers = options.providers;
    this.authenticator = options.authenticator;
    this.logger = options.logger;
    this.router = options.router ?? new Router({ routing: options.config.routing, providers: options.providers });
    this.pricing = options.pricing ?? new Pricing(options.config.pricing);
    const limits = options.config.security.rate_limit;
    const onStoreError = (error: unknown): void => this.logger.warn({ err: error }, 'rate limit store failed');
    this.limiter = new RateLimiter({ config: limits, providers: options.config.providers, defaultMaxTokens: limits.default_max_tokens, onStoreError });
    this.authThrottle = new AuthFailureThrottle({ failuresPerMinute: limits.auth_failures_per_minute, burst: limits.auth_failures_burst, onStoreError });
  }

  /**
   * Who is asking, from the API key and/or the client certificate (see identifyPrincipal). An
   * address with too many failed attempts is refused before any key is looked up, so keys cannot
   * be guessed at speed; buckets are keyed on the socket's address, never on X-Forwarded-For.
   */
  async identify(headers: IncomingHttpHeaders, peer: PeerIdentity | undefined, address: string | undefined): Promise<Principal> {
    const throttled = await this.authThrottle.check(address);
    if (!throttled.ok) throw throttled.error;
    const tls = this.config.security.tls;
    try {
      return await identifyPrincipal(headers, peer, {
        requireClientCertificate: tls.enabled && tls.require_client_cert,
        authenticate: (presented) => this.authenticator.authenticate(presented),
      });
    } catch (error) {
      if (error instanceof GatewayError && error.status === 401) this.authThrottle.recordFailure(address);
      throw error;
    }
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

  /** Stage 4: reserves the principal's request and token budgets (see limit-stage.ts). */
  limit(context: RequestContext, request: ChatRequest, targets: readonly Target[]): Promise<void> {
    return reserveLimits(this.limiter, context, request, targets);
  }

  async route(context: RequestContext, request: ChatRequest, targets: Target[]): Promise<RoutedStream> {
    const beforeTarget = context.reservation === undefined ? undefined : (target: Target) => retargetLimits(context, target);
    let routed: RoutedStream;
    try {
      routed = await this.router.open(request, targets, context.signal, { attempts: context.attempts, ...(beforeTarget ? { beforeTarget } : {}) });
    } catch (error) {
      settleLimits(context, 0);
      throw error;
    }
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
    let deliveredCharacters = 0; // estimates usage when a stream ends before reporting it
    try {
      yield routed.first;
      for (;;) {
        const next = await routed.rest.next();
        if (next.done === true) break;
        const chunk = next.value;
        if (chunk.type === 'text' || chunk.type === 'reasoning') deliveredCharacters += chunk.text.length;
        else if (chunk.type === 'tool_call_delta') deliveredCharacters += chunk.arguments.length;
        else if (chunk.type === 'usage') context.usage = chunk.usage;
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
      settleLimits(context, deliveredCharacters);
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
