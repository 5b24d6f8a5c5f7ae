import { isLoopbackHost } from '../server/loopback.js';
import type { ConfigIssue } from './interpolate.js';
import type { Config } from './schema.js';

/**
 * The one listen-address rule `serve` enforces at start and `config validate` reports: plain HTTP
 * on a non-loopback address needs `server.allow_insecure_non_loopback = true`. Kept out of
 * `parseConfig` so that `security audit` can still load such a file and report it as a finding.
 */
export function listenAddressIssue(config: Readonly<Config>, host: string = config.server.host): ConfigIssue | undefined {
  if (config.security.tls.enabled || isLoopbackHost(host) || config.server.allow_insecure_non_loopback) return undefined;
  return {
    path: 'server.host',
    message: `refusing to listen on ${host} without TLS; set server.allow_insecure_non_loopback = true to do so knowingly`,
  };
}
