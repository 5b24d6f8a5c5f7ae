import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config/schema.js';
import { GatewayMetrics } from '../observability/gateway-metrics.js';
import { Router, type RoutedStream } from '../routing/router.js';
import { orderTargets } from '../routing/order-targets.js';
import { MemoryResponseCache } from '../cache/memory-response-cache.js';
import { keepAnswer, lookupCache, type CacheLookup, type CacheParts } from '../cache/cache-stage.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { keepLocalTargets, localOnlyFailure, localOnlyReasons } from '../routing/local-only.js';
import { servedTarget } from '../routing/served-target.js';
import { reserveAlongTargets } from '../routing/reserve-along-targets.js';
import { identifyPrincipal } from '../security/identify-principal.js';
import type { PeerIdentity } from '../security/tls/peer-identity.js';
import { unsupportedSettings } from '../providers/unsupported-settings.js';
import type { Target } from '../routing/target.js';
import { Pricing } from '../usage/pricing.js';
import { AuthFailureThrottle } from '../security/rate-limit/auth-failure-throttle.js';
import { RateLimiter } from '../security/rate-limit/rate-limiter.js';
import type { RateLimitStore } from '../security/rate-limit/rate-limit-store.js';
import { reserveLimits, retargetLimits, settleLimits } from './limit-stage.js';
import { meterStream } from './meter-stage.js';
import { guardRequest, guardResponse } from './guard-stage.js';
import { createGuards, type Guards } from '../security/guardrails/input-guards.js';
import { BudgetLedger } from '../usage/budget-ledger.js';
import { reserveBudget, retargetBudget, settleBudget } from '../usage/budget-stage.js';
import { usageEventOf } from '../usage/usage-event-of.js';
import type { UsageRecorder } from '../usage/usage-recorder.js';
import type { AuditEvent } from '../audit/audit-event.js';
import type { AuditWriter } from '../audit/audit-writer.js';
import { auditEventOf } from './audit-event-of.js';
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
  /** Where usage is recorded; without one nothing is kept (tests, `securellm test`). */
  usage?: UsageRecorder;
  /** The response cache; by default an in-memory one when `[cache] enabled`. */
  cache?: ResponseCache;
  /** Where rate-limit buckets live; by default in memory, for this gateway's life. */
  rateLimitStore?: RateLimitStore;
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
  readonly metrics: GatewayMetrics;
  readonly guards: Guards;
  readonly budgets: BudgetLedger;
  readonly usage: UsageRecorder | undefined;
  readonly cache: ResponseCache | undefined;
  private readonly cacheParts: CacheParts;
  private audit: AuditWriter | undefined;
  private readonly authenticator: Authenticator;

  constructor(options: GatewayOptions) {
    this.config = options.config;
    this.providers = options.providers;
    this.authenticator = options.authenticator;
    this.logger = options.logger;
    this.router = options.router ?? new Router({ routing: options.config.routing, providers: options.providers });
    this.pricing = options.pricing ?? new Pricing(options.config.pricing);
    this.cache = options.cache ?? (options.config.cache.enabled ? new MemoryResponseCache({ config: options.config.cache }) : undefined);
    this.cacheParts = { cache: this.cache, maxEntryBytes: options.config.cache.max_entry_bytes, onError: (error) => this.logger.warn({ err: error }, 'response cache failed') };
    this.metrics = new GatewayMetrics({ config: options.config, providers: options.providers, breaker: this.router.breaker, ...(this.cache === undefined ? {} : { cache: this.cache }) });
    const limits = options.config.security.rate_limit;
    const onStoreError = (error: unknown): void => this.logger.warn({ err: error }, 'rate limit store failed');
    this.limiter = new RateLimiter({ config: limits, providers: options.config.providers, defaultMaxTokens: limits.default_max_tokens, onStoreError, ...(options.rateLimitStore === undefined ? {} : { store: options.rateLimitStore }) });
    this.authThrottle = new AuthFailureThrottle({ failuresPerMinute: limits.auth_failures_per_minute, burst: limits.auth_failures_burst, onStoreError });
    this.guards = createGuards(options.config.security.guardrails);
    this.budgets = new BudgetLedger({ config: options.config.budgets, pricing: this.pricing, defaultMaxTokens: limits.default_max_tokens });
    this.usage = options.usage;
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

  /** Stage 3: the input guards (see guard-stage.ts); returns the request to send on. */
  guard(context: RequestContext, request: ChatRequest): ChatRequest {
    return guardRequest(this.guards, context, request);
  }

  /**
   * The targets for a model id, narrowed to what the principal's key allows, and to local
   * providers only when the key or tenant is local-only or the guards found personal data under
   * `local_only` (see local-only.ts).
   */
  resolveTargets(model: string, context: RequestContext): Target[] {
    const principal = context.principal;
    const targets = resolveTargets(model, this.config, this.providers);
    const allowed = principal === undefined ? targets : targets.filter((target) => mayUse(principal, model, target));
    if (allowed.length === 0) {
      throw new GatewayError('forbidden', `this API key may not use model ${model}`, { param: 'model' });
    }
    const reasons = localOnlyReasons(context, this.config.security.local_only_tenants);
    if (reasons.length === 0) return allowed;
    context.routingReason = `local_only:${reasons.join(',')}`;
    return keepLocalTargets(allowed, this.providers, this.config.providers, model, reasons);
  }

  /** The targets in the order of their alias's `strategy` (ordered, cheapest, fastest; see order-targets.ts). */
  orderTargets(request: ChatRequest, targets: Target[]): Target[] {
    return orderTargets({ config: this.config, pricing: this.pricing, latency: this.router.latency, defaultMaxTokens: this.config.security.rate_limit.default_max_tokens }, request, targets);
  }

  /**
   * Stage 4: reserves the principal's requests and tokens (limit-stage.ts), then the USD budgets
   * of its key and tenant (budget-stage.ts). Limits go first, so abuse is refused cheaply. A
   * refusal tied to the first target's provider or price falls back to the next target, as
   * routing would (reserve-along-targets.ts): the targets left to route to are returned.
   */
  async limit(context: RequestContext, request: ChatRequest, targets: readonly Target[]): Promise<Target[]> {
    return reserveAlongTargets(targets, context.attempts, async (from) => {
      await reserveLimits(this.limiter, context, request, from);
      reserveBudget(this.budgets, context, request, from);
    });
  }

  /** Stage 5: the response cache (cache-stage.ts); a hit is served without routing, at no cost. */
  lookupCache(context: RequestContext, headers: IncomingHttpHeaders, request: ChatRequest, targets: readonly Target[]): Promise<CacheLookup> {
    return lookupCache(this.cacheParts, context, headers, request, targets);
  }

  async route(context: RequestContext, request: ChatRequest, targets: Target[]): Promise<RoutedStream> {
    // A fallback to another provider moves both reservations; a refusal skips that target.
    const beforeTarget = async (target: Target): Promise<GatewayError | undefined> => (await retargetLimits(context, target)) ?? retargetBudget(context, target);
    let routed: RoutedStream;
    try {
      routed = await this.router.open(request, targets, context.signal, { attempts: context.attempts, beforeTarget });
    } catch (error) {
      settleLimits(context);
      settleBudget(context);
      const reasons = localOnlyReasons(context, this.config.security.local_only_tenants);
      throw reasons.length === 0 ? error : localOnlyFailure(error, reasons);
    }
    const provider = this.providers.get(routed.target.provider);
    context.target = servedTarget(routed, provider);
    context.routingReason ??= context.attempts.some((attempt) => attempt.target !== routed.target.id) ? 'fallback' : 'requested';
    if (provider !== undefined) {
      const ignored = unsupportedSettings(provider.kind, request);
      if (ignored.length > 0) context.ignoredSettings = ignored;
    }
    return routed;
  }

  /**
   * Stage 7: the provider's chunks, metered (meter-stage.ts) and guarded on the way out
   * (guard-stage.ts); after a cache miss, the answer the client saw is kept once it completes.
   */
  answer(context: RequestContext, routed: RoutedStream, cached: CacheLookup = { kind: 'off' }): AsyncGenerator<ChatChunk> {
    const metered = meterStream({ pricing: this.pricing, router: this.router, defaultMaxTokens: this.config.security.rate_limit.default_max_tokens }, context, routed);
    const guarded = guardResponse(this.guards, context, metered);
    return cached.kind === 'miss' ? keepAnswer(this.cacheParts, context, cached.key, guarded) : guarded;
  }

  /** The audit trail every request is written to (set once it is open, before serving). */
  attachAudit(writer: AuditWriter): void {
    this.audit = writer;
  }

  get auditWriter(): AuditWriter | undefined {
    return this.audit;
  }

  /** With `on_failure = "refuse"`, nothing is served while the audit log cannot be written. */
  checkAuditable(): void {
    const audit = this.audit;
    if (audit !== undefined && !audit.healthy() && this.config.security.audit.on_failure === 'refuse') {
      throw new GatewayError('audit_unavailable', 'the audit log cannot be written; requests are refused until it can');
    }
  }

  /**
   * Writes the request's audit record, once. The exchange awaits this before the last byte of the
   * answer, so a completed response always has its record. A write failure rejects when the
   * operator chose to refuse rather than serve unrecorded.
   */
  async seal(context: RequestContext): Promise<void> {
    if (this.audit === undefined || context.sealed === true) return;
    context.sealed = true;
    await this.writeAuditRecord(auditEventOf(context));
  }

  /**
   * Appends one request's audit record: `seal` for chat requests, route-audit.ts for every other
   * request (models, health, metrics, admin, 404s, refusals before any route). Rejects like `seal`.
   */
  async writeAuditRecord(event: AuditEvent): Promise<void> {
    const audit = this.audit;
    if (audit === undefined) return;
    const started = performance.now();
    try {
      await audit.append(event);
      this.metrics.recordAuditWrite(performance.now() - started, true);
    } catch (error) {
      this.metrics.recordAuditWrite(performance.now() - started, false);
      this.logger.error({ request_id: event.requestId, err: error }, 'audit record not written');
      if (this.config.security.audit.on_failure === 'refuse') {
        throw new GatewayError('audit_unavailable', 'the audit log cannot be written', { cause: error });
      }
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
    this.metrics.observe(context);
    if (this.usage !== undefined) {
      const event = usageEventOf(context, { estimated: context.usageEstimated === true });
      if (event !== undefined) this.usage.record(event);
    }
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
        cache: context.cache,
        attempts: context.attempts.length,
        prompt_tokens: context.usage?.promptTokens,
        completion_tokens: context.usage?.completionTokens,
        cost_usd: context.cost?.usd,
        partial: context.partial || undefined,
        ignored_params: context.ignoredSettings,
        risk: context.promptInjection?.ruleIds.length ? context.promptInjection.score : undefined,
        data_guard: context.dataVerdict?.action === 'allow' ? undefined : context.dataVerdict?.action,
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
