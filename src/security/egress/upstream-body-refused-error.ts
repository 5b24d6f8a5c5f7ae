/**
 * An upstream response the gateway will not read: a compressed body (decompressing is how a small
 * reply becomes gigabytes in memory) or one past the per-response byte cap.
 */
export class UpstreamBodyRefusedError extends Error {
  readonly code = 'ERR_UPSTREAM_BODY_REFUSED';

  constructor(
    readonly reason: 'encoded' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamBodyRefusedError';
  }
}
