import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from '../core/gateway.js';
import { createRequestHandler } from './request-handler.js';
import { isLoopbackHost } from './loopback.js';

export interface RunningServer {
  server: Server;
  /** e.g. http://127.0.0.1:8443 */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the HTTP listener with explicit limits on headers, timeouts, keep-alive and connections.
 * Refuses a non-loopback address without TLS unless `server.allow_insecure_non_loopback` says so.
 */
export async function startServer(gateway: Gateway, overrides: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const options = gateway.config.server;
  const host = overrides.host ?? options.host;
  const port = overrides.port ?? options.port;
  if (gateway.config.security.tls.enabled) {
    throw new Error('security.tls.enabled: TLS termination is not available in this version; terminate TLS in front of the gateway or leave it disabled');
  }
  if (!isLoopbackHost(host) && !options.allow_insecure_non_loopback) {
    throw new Error(`server.host: refusing to listen on ${host} without TLS; set server.allow_insecure_non_loopback = true to do so knowingly`);
  }
  const server = createServer(
    {
      requestTimeout: options.request_timeout_ms,
      headersTimeout: options.headers_timeout_ms,
      keepAliveTimeout: options.keep_alive_timeout_ms,
      maxHeaderSize: 16 * 1024,
      connectionsCheckingInterval: 1000,
    },
    createRequestHandler(gateway),
  );
  server.maxConnections = options.max_connections;
  server.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
