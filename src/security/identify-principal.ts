import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { PeerIdentity } from './tls/peer-identity.js';

export interface IdentifyOptions {
  /** `security.tls.enabled && security.tls.require_client_cert`. */
  requireClientCertificate: boolean;
  /** Resolves the API key in the headers; throws `unauthorized` when it is missing or wrong. */
  authenticate(headers: IncomingHttpHeaders): Promise<Principal>;
}

/**
 * Combines the API key and the client certificate into one principal:
 * - a certificate that was presented but not accepted is refused with its reason, whatever else is sent;
 * - no certificate where one is required is refused;
 * - a valid certificate alone authenticates (`cert:<identity>`, tenant from the subject's O);
 * - an API key, when sent, decides scopes; sent together with a certificate, both must name the
 *   same tenant, or one tenant's key could be used from another tenant's machine.
 */
export async function identifyPrincipal(headers: IncomingHttpHeaders, peer: PeerIdentity | undefined, options: IdentifyOptions): Promise<Principal> {
  if (peer?.kind === 'refused') throw new GatewayError(peer.code, peer.message);
  if (peer === undefined) {
    if (options.requireClientCertificate) throw new GatewayError('client_certificate_required', 'a client certificate is required');
    return options.authenticate(headers);
  }
  if (!sendsApiKey(headers)) return { keyId: `cert:${peer.identity}`, name: peer.identity, tenant: peer.tenant, admin: false, certificate: peer.identity };
  const principal = await options.authenticate(headers);
  if (principal.tenant !== peer.tenant) {
    throw new GatewayError('tenant_mismatch', `the API key belongs to tenant ${principal.tenant}, the client certificate to tenant ${peer.tenant}`);
  }
  return { ...principal, certificate: peer.identity };
}

/** Either credential header, even an empty or malformed one: a client that sends one means to use it. */
function sendsApiKey(headers: IncomingHttpHeaders): boolean {
  return headers.authorization !== undefined || headers['x-api-key'] !== undefined;
}
