import type { ChatChunk } from '../core/types.js';
import type { RoutedStream } from './router.js';

/** The whole chunk sequence of a committed route: the first chunk, then the rest. */
export async function* routedChunks(routed: RoutedStream): AsyncGenerator<ChatChunk> {
  yield routed.first;
  for (;;) {
    const next = await routed.rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}
