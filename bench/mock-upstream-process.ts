import { startMockUpstream } from './mock-upstream.js';

/**
 * The mock upstream's own process (started with child_process.fork), so it does not share an event
 * loop with the load generator. It reports its port over IPC and exits when its parent goes away,
 * even if the parent died without cleaning up.
 */
const { server, port } = await startMockUpstream(0);
process.on('disconnect', () => {
  server.close();
  process.exit(0);
});
process.send?.({ port });
