/**
 * True when the first dot-separated part of `candidate` is base64url JSON with a string `alg`: what
 * every JWS and JWE header carries, and what random base64 that merely starts with `eyJ` does not.
 */
export function isJwtHeader(candidate: string): boolean {
  const header = candidate.slice(0, candidate.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}
