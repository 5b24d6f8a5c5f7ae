import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { Gateway } from '../core/gateway.js';
import { runChatPipeline } from '../core/pipeline.js';
import { createRequestContext } from '../core/request-context.js';
import { AdminRoutes, isAdminPath } from './admin/admin-routes.js';
import { openaiCodec, type ClientCodec } from './client-codec.js';
import { createAnthropicCodec } from './anthropic/anthropic-codec.js';
import { createOpenAICodec } from './openai/openai-codec.js';
import type { BodyLimits } from './read-body.js';
import { sendErrorResponse } from './error-response.js';
import { HealthRoutes } from './health-routes.js';
import { HttpChatExchange } from './http-chat-exchange.js';
import { MetricsRoute } from './metrics-route.js';
import { ModelsRoute } from './models-route.js';
import { newRequestId } from './request-id.js';
import { auditRoute, endpointLabel } from './route-audit.js';


/**
 * Dispatches the documented endpoints; anything else is 404, a known path with the wrong method
 * 405. Errors on Anthropic's path are written in Anthropic's format, all others in OpenAI's.
 */
export function createRequestHandler(gateway: Gateway): (request: IncomingMessage, response: ServerResponse) => void {
  const health = new HealthRoutes(gateway);
  const models = new ModelsRoute(gateway);
  const metrics = new MetricsRoute(gateway);
  const admin = new AdminRoutes(gateway, { rateLimiter: gateway.limiter, budgets: gateway.budgets, ...(gateway.usage ? { usage: gateway.usage } : {}) });
  const limits = gateway.config.limits;
  // The codecs check the configured [limits]; the body reader the size and JSON depth.
  const chatRoutes: Readonly<Record<string, ClientCodec>> = {
    '/v1/chat/completions': createOpenAICodec({ limits }),
    '/v1/messages': createAnthropicCodec({ limits }),
  };
  const bodyLimits: BodyLimits = { maxBytes: gateway.config.server.max_body_bytes, maxDepth: limits.max_json_depth };

  return function handleRequest(request, response) {
    const requestId = newRequestId();
    const path = pathOf(request.url);
    const codec = chatRoutes[path];
    if (codec !== undefined && request.method === 'POST') {
      const controller = new AbortController();
      // 'close' before the response finished means the client went away: abort the upstream call.
      response.once('close', () => {
        if (!response.writableFinished) controller.abort();
      });
      const context = createRequestContext(requestId, codec.format, controller.signal);
      context.endpoint = { path, method: 'POST' };
      void runChatPipeline(gateway, new HttpChatExchange(context, codec, request, response, bodyLimits, () => gateway.seal(context)));
      return;
    }
    // Every other request is recorded too (route-audit.ts); health checks answer even while the
    // audit log fails, everything else is then refused with 503.
    const audited = auditRoute(gateway, request, response, requestId, {
      endpoint: endpointLabel(path),
      refuseWhenUnaudited: path !== '/healthz' && path !== '/readyz',
      codec: codec ?? openaiCodec,
    });
    if (!audited) return;
    if (codec !== undefined) return refuse(response, codec, requestId, 'method_not_allowed', `${path} accepts POST`, 'POST');
    switch (path) {
      case '/v1/models':
        if (request.method !== 'GET') return refuse(response, openaiCodec, requestId, 'method_not_allowed', `${path} accepts GET`, 'GET');
        return void models.handle(request, response, requestId);
      case '/healthz':
        if (request.method !== 'GET') return refuse(response, openaiCodec, requestId, 'method_not_allowed', `${path} accepts GET`, 'GET');
        return health.live(response, requestId);
      case '/readyz':
        if (request.method !== 'GET') return refuse(response, openaiCodec, requestId, 'method_not_allowed', `${path} accepts GET`, 'GET');
        return void health.ready(response, requestId);
      case '/metrics':
        if (request.method !== 'GET') return refuse(response, openaiCodec, requestId, 'method_not_allowed', `${path} accepts GET`, 'GET');
        return void metrics.handle(request, response, requestId);
      default:
        if (isAdminPath(path)) return void admin.handle(request, response, requestId, path);
        return refuse(response, openaiCodec, requestId, 'not_found', `no route for ${request.method ?? ''} ${path}`);
    }
  };
}

function refuse(response: ServerResponse, codec: ClientCodec, requestId: string, code: 'not_found' | 'method_not_allowed', message: string, allow?: string): void {
  sendErrorResponse(response, codec, new GatewayError(code, message, allow === undefined ? {} : { allow }), requestId);
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
