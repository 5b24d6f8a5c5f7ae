import { ProviderError } from '../core/errors.js';
import type { ChatChunk } from '../core/types.js';
import { toProviderError } from './transport.js';
import type { UpstreamResponse } from './transport.js';
import { LineTooLongError } from './wire/line-decoder.js';

/**
 * Passes a translated upstream stream through, typing its failures: transport errors (a stalled
 * body becomes `timeout`, a dropped socket `unavailable`), oversized lines and unparseable data
 * become `ProviderError`s, while aborts propagate unchanged. When the consumer stops early or the
 * stream fails, the upstream body is destroyed so the upstream connection is torn down rather
 * than left generating tokens nobody reads. After an abort no further chunk is passed on, even one
 * already decoded from bytes read before it.
 */
export async function* relayUpstreamStream(
  body: UpstreamResponse['body'],
  chunks: AsyncIterable<ChatChunk>,
  provider: string,
  signal?: AbortSignal,
): AsyncGenerator<ChatChunk> {
  let completed = false;
  try {
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      yield chunk;
    }
    completed = true;
  } catch (error) {
    if (error instanceof LineTooLongError || error instanceof SyntaxError) {
      throw new ProviderError('unavailable', error.message, { provider, cause: error });
    }
    throw toProviderError(provider, error);
  } finally {
    if (!completed) body.destroy();
  }
}
