import { isLoopbackHost } from '../server/loopback.js';
import type { Finding, PostureContext } from './finding.js';

/** What the listening address exposes: plain HTTP, optional client certificates, public metrics. */
export function checkListener({ config }: PostureContext): Finding[] {
  const findings: Finding[] = [];
  const { host, port } = config.server;
  if (isLoopbackHost(host)) return findings;
  const tls = config.security.tls;
  if (!tls.enabled) {
    findings.push({
      id: 'tls-off-non-loopback',
      severity: 'high',
      path: 'security.tls.enabled',
      message: `the gateway listens on ${host}:${port} without TLS: API keys and prompts cross the network in clear text`,
      fix: 'set [security.tls] enabled = true with cert_path and key_path (securellm certs init writes a pair), or listen on 127.0.0.1 behind a TLS proxy',
    });
  } else if (!tls.require_client_cert) {
    findings.push({
      id: 'mtls-off',
      severity: 'info',
      path: 'security.tls.require_client_cert',
      message: `clients on ${host} are identified by API key alone; no client certificate is asked for`,
      fix: 'set client_ca_path and require_client_cert = true to ask for client certificates too',
    });
  }
  if (config.metrics.enabled && config.metrics.require_admin === false) {
    findings.push({
      id: 'metrics-public',
      severity: 'medium',
      path: 'metrics.require_admin',
      message: `GET /metrics answers anyone who reaches ${host}:${port}: provider names, models, traffic and error rates`,
      fix: 'remove metrics.require_admin (then an admin key is required off loopback) or set it to true',
    });
  }
  return findings;
}
