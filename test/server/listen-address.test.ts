import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assembleGateway } from '../../src/app/create-gateway.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import { startServer } from '../../src/server/http-server.js';
import { isLoopbackHost } from '../../src/server/loopback.js';

function gatewayFor(server: Record<string, unknown>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'securellm-listen-'));
  const config = parseConfig({ server, storage: { url: `sqlite:${path.join(directory, 'keys.db')}` }, security: { audit: { log_path: path.join(directory, 'audit', 'audit.log') } }, providers: {} }, {}, 'test');
  return assembleGateway(config, createLogger('silent'));
}

describe('listening address', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
  });

  it('refuses a non-loopback address without TLS', async () => {
    const assembled = gatewayFor({ host: '0.0.0.0', port: 0 });
    try {
      await assert.rejects(startServer(assembled.gateway), /refusing to listen on 0\.0\.0\.0 without TLS/);
    } finally {
      await assembled.close();
    }
  });

  it('listens on a non-loopback address without TLS only when the config says so explicitly', async () => {
    const assembled = gatewayFor({ host: '0.0.0.0', port: 0, allow_insecure_non_loopback: true });
    try {
      const running = await startServer(assembled.gateway);
      assert.match(running.url, /^http:\/\/0\.0\.0\.0:\d+$/);
      await running.close();
    } finally {
      await assembled.close();
    }
  });
});
