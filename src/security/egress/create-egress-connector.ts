import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { bareAddress, classifyAddress } from './address-class.js';
import { createEgressLookup } from './create-egress-lookup.js';
import { EgressRefusedError } from './egress-refused-error.js';
import { checkResolvedAddress, type EgressPolicyOptions } from './egress-policy.js';

export interface EgressConnectorOptions extends EgressPolicyOptions {
  /** The resolver underneath (tests); `dns.lookup` by default. */
  resolve?: LookupFunction;
  /** undici's connect timeout; its default is 10 s. */
  connectTimeoutMs?: number;
}

/**
 * An undici connector that applies the egress policy to every new connection: an IP literal
 * origin is judged before connecting (node:net skips `lookup` for literals), a name on the
 * addresses it resolves to. Anything else is undici's own connector.
 */
export function createEgressConnector(options: EgressConnectorOptions): buildConnector.connector {
  const policy: EgressPolicyOptions = { allowPrivateNetwork: options.allowPrivateNetwork };
  const connect = buildConnector({
    lookup: createEgressLookup({ ...policy, ...(options.resolve === undefined ? {} : { resolve: options.resolve }) }),
    ...(options.connectTimeoutMs === undefined ? {} : { timeout: options.connectTimeoutMs }),
  });
  return function egressConnect(connectOptions, callback) {
    const host = bareAddress(connectOptions.hostname);
    if (isIP(host) !== 0) {
      const verdict = checkResolvedAddress(host, host, policy);
      if (!verdict.allowed) {
        callback(new EgressRefusedError(host, host, classifyAddress(host) ?? 'reserved'), null);
        return;
      }
    }
    connect(connectOptions, callback);
  };
}
