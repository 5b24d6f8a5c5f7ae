import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactConfig } from '../../config/redact-config.js';
import { GatewayError } from '../../core/errors.js';
import type { Gateway } from '../../core/gateway.js';
import type { Principal } from '../../core/principal.js';
import { peerOf } from '../../security/tls/peer-identity.js';
import { describeUsage, usageStorePerUse, type BudgetSource, type UsageSource } from '../../usage/usage-answer.js';
import { openaiCodec } from '../client-codec.js';
import { sendErrorResponse } from '../error-response.js';
import { noteCaller } from '../route-notes.js';
import { AdminAudit } from './admin-audit.js';
import { describeLimits, type LimitsSource } from './admin-limits.js';
import { describeProviders } from './admin-providers.js';
import { AdminKeys, type AdminExchange } from './admin-keys.js';
import { keyStorePerUse, type KeyStoreAccess } from './key-store-access.js';
import { sendJson } from './send-json.js';

export { isAdminPath } from './admin-path.js';

type AdminAction = (exchange: AdminExchange) => Promise<void>;

/** The actions one admin path allows, by HTTP method. */
interface AdminRoute {
  methods: Readonly<Partial<Record<string, AdminAction>>>;
}

export interface AdminRoutesOptions {
  /** Where keys are read and written; by default the store `[storage] url` names, opened per call. */
  keyStore?: KeyStoreAccess;
  /**
   * The gateway's rate limiter, for live buckets in `GET /admin/limits`. The gateway does not
   * expose one yet; until it does, the route shows the configured limits with no buckets.
   */
  rateLimiter?: LimitsSource;
  /** Where `GET /admin/usage` reads: the gateway's usage recorder; by default the store, opened per call. */
  usage?: UsageSource;
  /** The gateway's budget ledger, for the tenant budgets in `GET /admin/usage`. */
  budgets?: BudgetSource;
}

const FORBIDDEN = 'the admin API needs an admin API key';
const KEY_PATH = /^\/admin\/keys\/([^/]+)$/;

/**
 * The admin API (`/admin/...`, OpenAI-format errors). The caller is identified before anything
 * else and must hold an admin key: without a key every path answers 401, with a tenant key 403,
 * whatever the path and method, so nothing of the admin API (not even which paths or key ids
 * exist) can be learned without admin rights. Only then do unknown paths get 404 and wrong
 * methods 405.
 */
export class AdminRoutes {
  private readonly keys: AdminKeys;
  private readonly fixedRoutes: Readonly<Record<string, AdminRoute>>;

  constructor(
    private readonly gateway: Gateway,
    options: AdminRoutesOptions = {},
  ) {
    const keyStore = options.keyStore ?? keyStorePerUse(gateway.config.storage.url);
    const usage = options.usage ?? usageStorePerUse(gateway.config.storage.url);
    this.keys = new AdminKeys(keyStore, gateway.logger, gateway.config.server.max_body_bytes);
    const audit = new AdminAudit(gateway.config.security.audit, () => gateway.auditWriter);
    this.fixedRoutes = {
      '/admin/keys': { methods: { GET: (exchange) => this.keys.list(exchange), POST: (exchange) => this.keys.create(exchange) } },
      '/admin/config': { methods: { GET: async ({ response, requestId }) => sendJson(response, 200, redactConfig(this.gateway.config), requestId) } },
      '/admin/limits': {
        methods: { GET: async ({ response, requestId }) => sendJson(response, 200, await describeLimits(this.gateway.config, options.rateLimiter), requestId) },
      },
      '/admin/providers': { methods: { GET: async ({ response, requestId }) => sendJson(response, 200, await describeProviders(this.gateway), requestId) } },
      '/admin/audit': { methods: { GET: (exchange) => audit.list(exchange) } },
      '/admin/audit/verify': { methods: { GET: (exchange) => audit.verify(exchange) } },
      '/admin/usage': {
        methods: { GET: async ({ request, response, requestId }) => sendJson(response, 200, await describeUsage(request.url, usage, options.budgets), requestId) },
      },
    };
  }

  async handle(request: IncomingMessage, response: ServerResponse, requestId: string, path: string): Promise<void> {
    try {
      const principal = await this.authorize(request, response);
      const route = this.match(path);
      if (route === undefined) throw new GatewayError('not_found', `no admin route for ${path}`);
      const action = route.methods[request.method ?? ''];
      if (action === undefined) {
        const allow = Object.keys(route.methods).join(', ');
        throw new GatewayError('method_not_allowed', `${path} accepts ${allow}`, { allow });
      }
      await action({ request, response, requestId, principal });
    } catch (error) {
      sendErrorResponse(response, openaiCodec, this.toGatewayError(error, requestId), requestId);
    }
  }

  /** 401 without a valid key, 403 with a key that is not an admin's. */
  private async authorize(request: IncomingMessage, response: ServerResponse): Promise<Principal> {
    const principal = await this.gateway.identify(request.headers, peerOf(request), request.socket.remoteAddress);
    noteCaller(response, principal);
    if (!principal.admin) throw new GatewayError('forbidden', FORBIDDEN);
    return principal;
  }

  private match(path: string): AdminRoute | undefined {
    const fixed = this.fixedRoutes[path];
    if (fixed !== undefined) return fixed;
    const keyPath = KEY_PATH.exec(path);
    if (keyPath !== null) {
      const id = safeDecode(keyPath[1] ?? '');
      return { methods: { DELETE: (exchange) => this.keys.revoke(exchange, id) } };
    }
    return undefined;
  }

  private toGatewayError(error: unknown, requestId: string): GatewayError {
    if (error instanceof GatewayError) return error;
    this.gateway.logger.error({ request_id: requestId, err: error }, 'admin: unexpected error');
    return new GatewayError('internal_error', 'internal error');
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
