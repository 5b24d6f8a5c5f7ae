import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { Gateway } from '../core/gateway.js';
import { peerOf } from '../security/tls/peer-identity.js';
import { openaiCodec } from './client-codec.js';
import { sendErrorResponse } from './error-response.js';
import { isLoopbackHost } from './loopback.js';
import { noteCaller } from './route-notes.js';

const FORBIDDEN = 'the metrics endpoint needs an admin API key';

/**
 * `GET /metrics`, the Prometheus text format. Open when the gateway listens on loopback (the
 * scraper runs on the same machine); elsewhere, or with `[metrics] require_admin = true`, the
 * caller must present an admin key, since the series reveal traffic, models and failure rates.
 * `[metrics] enabled = false` makes the path unknown (404).
 */
export class MetricsRoute {
  private readonly requireAdmin: boolean;

  constructor(private readonly gateway: Gateway) {
    const settings = gateway.config.metrics;
    this.requireAdmin = settings.require_admin ?? !isLoopbackHost(gateway.config.server.host);
  }

  async handle(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    try {
      if (!this.gateway.metrics.enabled) throw new GatewayError('not_found', 'metrics are disabled ([metrics] enabled = false)');
      if (this.requireAdmin) {
        const principal = await this.gateway.identify(request.headers, peerOf(request), request.socket.remoteAddress);
        noteCaller(response, principal);
        if (!principal.admin) throw new GatewayError('forbidden', FORBIDDEN);
      }
      const body = await this.gateway.metrics.render();
      response.writeHead(200, {
        'content-type': this.gateway.metrics.contentType,
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        'x-request-id': requestId,
      });
      response.end(body);
    } catch (error) {
      sendErrorResponse(response, openaiCodec, this.toGatewayError(error, requestId), requestId);
    }
  }

  private toGatewayError(error: unknown, requestId: string): GatewayError {
    if (error instanceof GatewayError) return error;
    this.gateway.logger.error({ request_id: requestId, err: error }, 'metrics: unexpected error');
    return new GatewayError('internal_error', 'internal error');
  }
}
