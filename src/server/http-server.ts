import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { listenAddressIssue } from '../config/listen-address-issue.js';
import type { Gateway } from '../core/gateway.js';
import { readSecureContextOptions, tlsFilesOf } from '../security/tls/tls-files.js';
import { TlsReloader } from '../security/tls/tls-reloader.js';
import { createRequestHandler } from './request-handler.js';
import { auditRawRefusal, auditRoute, endpointLabel } from './route-audit.js';
import { answerClientError, refuseConnect } from './validation/raw-refusals.js';
import { guardRequestHeaders } from './validation/request-header-guard.js';

export interface RunningServer {
  server: Server | HttpsServer;
  /** e.g. http://127.0.0.1:8443, or https://… with TLS */
  url: string;
  /** Present with TLS: reloads the certificate files now (they are also watched). */
  tls?: TlsReloader;
  close(): Promise<void>;
}

/**
 * Starts the HTTP(S) listener with explicit limits on headers, timeouts, keep-alive and connections.
 * Refuses a non-loopback address without TLS unless `server.allow_insecure_non_loopback` says so.
 */
export async function startServer(gateway: Gateway, overrides: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const options = gateway.config.server;
  const host = overrides.host ?? options.host;
  const port = overrides.port ?? options.port;
  const tls = gateway.config.security.tls;
  const refusal = listenAddressIssue(gateway.config, host);
  if (refusal !== undefined) throw new Error(`${refusal.path}: ${refusal.message}`);
  const httpOptions: ServerOptions = {
    requestTimeout: options.request_timeout_ms,
    headersTimeout: options.headers_timeout_ms,
    keepAliveTimeout: options.keep_alive_timeout_ms,
    maxHeaderSize: options.max_header_bytes,
    // Node enforces both timeouts only when it checks, so a drip-fed request lives until the next
    // check after its timeout: the interval bounds how late that is.
    connectionsCheckingInterval: options.connections_check_interval_ms,
    // Checked by guardRequestHeaders instead, so that the refusal is JSON with a request id.
    requireHostHeader: false,
  };
  // Refusals before any route are audited like every other request (route-audit.ts).
  const auditRefusal = (request: IncomingMessage, response: ServerResponse, requestId: string): void => {
    auditRoute(gateway, request, response, requestId, { endpoint: endpointLabel(request.url), refuseWhenUnaudited: false });
  };
  const handleRequest = guardRequestHeaders(createRequestHandler(gateway), options.max_headers_count, auditRefusal);
  let server: Server | HttpsServer;
  let reloader: TlsReloader | undefined;
  if (tls.enabled) {
    const files = tlsFilesOf(tls);
    const httpsServer = createHttpsServer(
      {
        ...httpOptions,
        ...(await readSecureContextOptions(files)),
        handshakeTimeout: options.headers_timeout_ms,
        // Client certificates are asked for but judged after the handshake (peerOf), so a refused
        // client gets a 401 that says why, in its API's format, and the refusal is logged.
        requestCert: files.clientCa !== undefined,
        rejectUnauthorized: false,
      },
      handleRequest,
    );
    reloader = new TlsReloader(httpsServer, files, gateway.logger);
    server = httpsServer;
  } else {
    server = createServer(httpOptions, handleRequest);
  }
  server.maxConnections = options.max_connections;
  // One more than allowed: Node truncates at its limit without a word, the guard then refuses.
  server.maxHeadersCount = options.max_headers_count + 1;
  server.on('clientError', answerClientError(gateway.logger, auditRawRefusal(gateway)));
  server.on('connect', refuseConnect(gateway.logger, auditRawRefusal(gateway)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  reloader?.start();
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `${tls.enabled ? 'https' : 'http'}://${shownHost}:${address.port}`,
    ...(reloader === undefined ? {} : { tls: reloader }),
    close: () =>
      new Promise<void>((resolve) => {
        reloader?.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
