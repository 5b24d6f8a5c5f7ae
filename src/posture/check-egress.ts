import { isLoopbackHost } from '../server/loopback.js';
import type { Finding, PostureContext } from './finding.js';

/** Providers the gateway may reach on private networks, or over plain HTTP across a network. */
export function checkEgress({ config }: PostureContext): Finding[] {
  const findings: Finding[] = [];
  for (const [name, provider] of Object.entries(config.providers)) {
    if (!provider.enabled) continue;
    if (provider.allow_private_network) {
      findings.push({
        id: 'egress-private-network',
        severity: 'medium',
        path: `providers.${name}.allow_private_network`,
        message: `provider ${name} may connect to private, link-local and metadata addresses`,
        fix: `remove providers.${name}.allow_private_network unless its base_url is on your own network, and then pin it to that host`,
      });
    }
    if (provider.base_url === undefined) continue;
    const url = new URL(provider.base_url);
    if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) continue;
    const withKey = provider.api_key !== undefined;
    findings.push({
      id: 'egress-plain-http',
      severity: withKey ? 'high' : 'medium',
      path: `providers.${name}.base_url`,
      message: `provider ${name} is reached over plain HTTP at ${url.host}: prompts${withKey ? ' and its API key' : ''} cross the network in clear text`,
      fix: `use https:// in providers.${name}.base_url`,
    });
  }
  return findings;
}
