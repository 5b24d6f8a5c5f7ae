import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-class.js';
import { EgressRefusedError } from './egress-refused-error.js';
import { checkResolvedAddress, type EgressPolicyOptions } from './egress-policy.js';

export interface EgressLookupOptions extends EgressPolicyOptions {
  /** The resolver underneath; tests pass a stub so that no name is really resolved. */
  resolve?: LookupFunction;
}

/**
 * A `lookup` for `net.connect` that resolves, then refuses the connection unless every address the
 * name resolved to is allowed. Checking inside the lookup means the address judged is the address
 * connected to: there is no second resolution a rebinding DNS server could answer differently.
 */
export function createEgressLookup(options: EgressLookupOptions): LookupFunction {
  const resolve: LookupFunction = options.resolve ?? dnsLookup;
  return function egressLookup(hostname, lookupOptions, callback) {
    resolve(hostname, { ...lookupOptions, all: true }, (error, resolved, family) => {
      if (error !== null) {
        callback(error, '', undefined);
        return;
      }
      const addresses: LookupAddress[] = Array.isArray(resolved) ? resolved : [{ address: resolved, family: family ?? 0 }];
      for (const { address } of addresses) {
        const verdict = checkResolvedAddress(hostname, address, options);
        if (!verdict.allowed) {
          callback(new EgressRefusedError(hostname, address, classifyAddress(address) ?? 'reserved'), '', undefined);
          return;
        }
      }
      const first = addresses[0];
      if (lookupOptions.all === true || first === undefined) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
