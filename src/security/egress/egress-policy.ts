import { bareAddress, classifyAddress, describeAddressClass, type AddressClass } from './address-class.js';

export interface EgressPolicyOptions {
  /** The provider's `allow_private_network`: every address class is then allowed. */
  allowPrivateNetwork: boolean;
}

export type EgressVerdict = { allowed: true } | { allowed: false; addressClass: AddressClass | 'metadata_name'; reason: string };

const ALLOWED: EgressVerdict = { allowed: true };
const HOW_TO_ALLOW = 'refused by the egress policy unless the provider sets allow_private_network = true';

/** Names whose only purpose is a cloud metadata service; refused before they are ever resolved. */
const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Lower case, no brackets, no zone, no trailing dot: `LOCALHOST.` and `localhost` are one name. */
export function normalizeHostname(hostname: string): string {
  return bareAddress(hostname.toLowerCase()).replace(/\.+$/, '');
}

/** `localhost` and `*.localhost` are loopback by definition (RFC 6761 §6.3). */
export function isLoopbackName(hostname: string): boolean {
  const name = normalizeHostname(hostname);
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The check at config load: an upstream base URL whose host is an IP literal (in any notation
 * WHATWG URL accepts: `2130706433`, `0x7f.1`, `[::ffff:a9fe:a9fe]`) or a metadata name is judged
 * here. Other names pass, because what they resolve to can change: each connection is checked
 * again on the resolved address (`checkResolvedAddress`).
 */
export function checkUpstreamUrl(baseUrl: string, options: EgressPolicyOptions): EgressVerdict {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { allowed: false, addressClass: 'reserved', reason: 'not a valid URL' };
  }
  return checkUpstreamHost(url.hostname, options);
}

/** `checkUpstreamUrl` for a hostname already normalised by WHATWG URL. */
export function checkUpstreamHost(hostname: string, options: EgressPolicyOptions): EgressVerdict {
  if (options.allowPrivateNetwork) return ALLOWED;
  const host = normalizeHostname(hostname);
  const addressClass = classifyAddress(host);
  if (addressClass === undefined) {
    if (METADATA_NAMES.has(host)) {
      return { allowed: false, addressClass: 'metadata_name', reason: `${host}: cloud metadata service name, ${HOW_TO_ALLOW}` };
    }
    return ALLOWED;
  }
  // A loopback literal in the config is the operator's explicit choice.
  if (addressClass === 'public' || addressClass === 'loopback') return ALLOWED;
  return { allowed: false, addressClass, reason: `${host}: ${describeAddressClass(addressClass)} address, ${HOW_TO_ALLOW}` };
}

/**
 * The check at every connection, on the address actually connected to, so a name that resolves
 * (or is rebound) to a private address is caught. Loopback is allowed only when the configured
 * host itself says loopback (`localhost`, `127.0.0.1`, `[::1]`): a public-looking name that
 * resolves to loopback is refused.
 */
export function checkResolvedAddress(hostname: string, address: string, options: EgressPolicyOptions): EgressVerdict {
  if (options.allowPrivateNetwork) return ALLOWED;
  const host = normalizeHostname(hostname);
  const addressClass = classifyAddress(address) ?? 'reserved';
  if (addressClass === 'public') return ALLOWED;
  if (addressClass === 'loopback' && (isLoopbackName(host) || classifyAddress(host) === 'loopback')) return ALLOWED;
  return {
    allowed: false,
    addressClass,
    reason: `${host} resolves to ${address}: ${describeAddressClass(addressClass)} address, ${HOW_TO_ALLOW}`,
  };
}
