import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { ErrorCode } from '../../core/errors.js';
import { readCertificateIdentity } from './certificate-identity.js';

/** The client certificate codes a refusal can carry; each is a 401 in ERROR_CODES. */
export type CertificateRefusalCode = Extract<ErrorCode, `client_certificate_${string}`>;

/**
 * What the TLS layer says about the client: a verified certificate's identity, a certificate that
 * was presented but is not acceptable (and why), or undefined when none was presented (or the
 * connection is not TLS).
 */
export type PeerIdentity =
  | { kind: 'certificate'; identity: string; tenant: string }
  | { kind: 'refused'; code: CertificateRefusalCode; message: string };

// A keep-alive connection carries many requests; its certificate is read once.
const identities = new WeakMap<TLSSocket, PeerIdentity | undefined>();

/** The client certificate of the connection a request arrived on. */
export function peerOf(request: IncomingMessage): PeerIdentity | undefined {
  const socket = request.socket;
  return socket instanceof TLSSocket ? peerIdentityOf(socket) : undefined;
}

/**
 * Turns a TLS socket into a `PeerIdentity`. The server requests certificates without rejecting
 * them at the handshake (`rejectUnauthorized: false`), so this is where an unacceptable one is
 * explained: OpenSSL's verdict first, then what OpenSSL does not insist on (clientAuth usage, a name).
 */
export function peerIdentityOf(socket: TLSSocket): PeerIdentity | undefined {
  if (identities.has(socket)) return identities.get(socket);
  const identity = readPeer(socket);
  identities.set(socket, identity);
  return identity;
}

function readPeer(socket: TLSSocket): PeerIdentity | undefined {
  const certificate = socket.getPeerCertificate();
  // Without a certificate Node returns an empty object (or null once the socket is gone).
  if (certificate === null || typeof certificate !== 'object' || certificate.raw === undefined) return undefined;
  if (!socket.authorized) return refusalFor(String(socket.authorizationError ?? 'unknown'));
  let read;
  try {
    read = readCertificateIdentity(certificate.raw);
  } catch {
    return { kind: 'refused', code: 'client_certificate_invalid', message: 'the client certificate could not be read' };
  }
  if (!read.clientAuth) {
    return { kind: 'refused', code: 'client_certificate_wrong_usage', message: 'the client certificate is not for client authentication (no clientAuth extended key usage)' };
  }
  if (read.identity === undefined) {
    return { kind: 'refused', code: 'client_certificate_invalid', message: 'the client certificate names no identity (no SAN URI, SAN DNS or CN)' };
  }
  return { kind: 'certificate', identity: read.identity, tenant: read.tenant };
}

/**
 * OpenSSL's verification error (as node:tls names it) as a refusal the client can act on.
 * https://docs.openssl.org/3.0/man1/openssl-verification-options/#diagnostics
 */
function refusalFor(reason: string): PeerIdentity {
  switch (reason) {
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return { kind: 'refused', code: 'client_certificate_unknown_ca', message: 'the client certificate is not issued by a trusted client CA' };
    case 'CERT_HAS_EXPIRED':
      return { kind: 'refused', code: 'client_certificate_expired', message: 'the client certificate has expired' };
    case 'CERT_REVOKED':
      return { kind: 'refused', code: 'client_certificate_revoked', message: 'the client certificate has been revoked' };
    case 'INVALID_PURPOSE':
      return { kind: 'refused', code: 'client_certificate_wrong_usage', message: 'the client certificate is not for client authentication (no clientAuth extended key usage)' };
    default:
      return { kind: 'refused', code: 'client_certificate_invalid', message: `the client certificate was not accepted (${reason})` };
  }
}
