import assert from 'node:assert/strict';
import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago: listened on, then closed. Nothing listens on it when
 * this resolves, so it serves both as a port to start a gateway on and as one where nothing answers.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}
