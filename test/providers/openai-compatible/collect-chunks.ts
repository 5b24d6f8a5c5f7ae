import type { ChatChunk } from '../../../src/core/types.js';

/** Gathers every chunk of a provider stream, for comparing whole sequences. */
export async function collectChunks(chunks: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const collected: ChatChunk[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  return collected;
}
