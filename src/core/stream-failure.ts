import { GatewayError } from './errors.js';
import type { RequestContext } from './request-context.js';

/**
 * A stream that failed once its answer had begun: a client that went away is recorded as 499,
 * anything else under its error code, and the audit record is written either way (its own failure
 * does not hide the stream's). Returns the error to tell the client, or undefined when nobody is
 * listening any more.
 */
export async function recordStreamFailure(context: RequestContext, error: unknown, clientGone: boolean, seal: () => Promise<void>): Promise<GatewayError | undefined> {
  if (clientGone) {
    context.status = 499;
    await seal().catch(() => undefined);
    return undefined;
  }
  const failure = error instanceof GatewayError ? error : new GatewayError('upstream_error', 'upstream stream failed');
  context.errorCode = failure.code;
  await seal().catch(() => undefined);
  return failure;
}
