/**
 * The in-process chat module the CLI and the MCP server share: a turn walks the gateway's own
 * pipeline (guards, limits, audit, usage) without a listening server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChatTurnError, LOCAL_OPERATOR, openInProcessChat, type ChatSession } from '../../src/app/in-process-chat.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/start-fake-upstream.js';

describe('openInProcessChat', () => {
  let fake: FakeUpstream;
  let directory: string;
  let session: ChatSession;
  before(async () => {
    fake = await startFakeUpstream('openai', { requiredApiKey: 'sk-upstream' });
    directory = mkdtempSync(path.join(tmpdir(), 'securellm-in-process-'));
    const config = parseConfig(
      {
        storage: { url: `sqlite:${path.join(directory, 'db.sqlite')}` },
        providers: { openai: { api_key: 'sk-upstream', base_url: fake.baseUrl, model: 'gpt-4o-mini' } },
        // mTLS settings must not lock the local operator out: nothing listens in process.
        security: {
          tls: { enabled: true, cert_path: '/nonexistent/server.crt', key_path: '/nonexistent/server.key', require_client_cert: true },
          rate_limit: { requests_per_minute: 3, burst_size: 3 },
          audit: { log_path: path.join(directory, 'audit', 'audit.log') },
        },
      },
      {},
      'test',
    );
    session = await openInProcessChat(config, { logger: createLogger('silent') });
  });
  after(async () => {
    await session.close();
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  function auditLines(): Array<Record<string, unknown>> {
    const folder = path.join(directory, 'audit');
    const file = readdirSync(folder).find((name) => name.endsWith('.log')) ?? '';
    return readFileSync(path.join(folder, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record['type'] === 'request');
  }

  it('streams the answer piece by piece and resolves with the whole answer and its usage', async () => {
    const pieces: string[] = [];
    const answer = await session.send({ model: 'openai', messages: [{ role: 'user', content: 'streamed in pieces' }] }, (text) => pieces.push(text));
    assert.equal(session.mode, 'in-process');
    assert.ok(pieces.length >= 3, `several deltas, got ${pieces.length}`);
    assert.equal(pieces.join(''), 'Echo: streamed in pieces');
    assert.equal(answer.text, 'Echo: streamed in pieces');
    assert.equal(answer.model, 'openai/gpt-4o-mini');
    assert.equal(answer.provider, 'openai');
    assert.ok((answer.usage?.promptTokens ?? 0) > 0);
    assert.equal(typeof answer.costUsd, 'number');
    assert.equal((fake.chatRequests().at(-1)?.body as { stream?: boolean }).stream, true);
    const record = auditLines().at(-1);
    assert.equal(record?.['request_id'], answer.requestId);
    assert.equal(record?.['user_id'], LOCAL_OPERATOR.name);
    assert.equal(record?.['tenant'], 'cli');
  });

  it('cancels a turn through its signal: the upstream request is aborted and the record says 499', async () => {
    fake.enqueue({ kind: 'stall_after_events', events: 3, ms: 20_000 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const aborted = fake.waitForAbort();
    const turn = session.send({ model: 'openai', messages: [{ role: 'user', content: 'long answer' }] }, (text) => {
      pieces.push(text);
      controller.abort();
    }, controller.signal);
    await assert.rejects(turn, (error: unknown) => error instanceof ChatTurnError && error.code === 'cancelled' && error.status === 499);
    await aborted;
    assert.equal(pieces.length, 1, 'nothing is delivered after the abort');
    const record = auditLines().at(-1);
    assert.equal(record?.['status'], 499);
  });

  it('validates the body with the gateway codec and rejects refusals as ChatTurnError with the audited request id', async () => {
    await assert.rejects(
      session.send({ model: 'openai', messages: [{ role: 'user', content: 'x' }], temperature: 7 }),
      (error: unknown) => error instanceof ChatTurnError && error.code === 'invalid_request' && error.status === 400,
    );
    let refused: ChatTurnError | undefined;
    let answered = 0;
    // The burst is 3 and the tests before used two: the second turn here must be refused.
    for (let turn = 0; turn < 3 && refused === undefined; turn += 1) {
      try {
        await session.send({ model: 'openai', messages: [{ role: 'user', content: 'x' }] });
        answered += 1;
      } catch (error) {
        refused = error as ChatTurnError;
      }
    }
    assert.equal(answered, 1);
    assert.ok(refused instanceof ChatTurnError, 'the local operator is rate limited like any principal');
    assert.equal(refused.code, 'rate_limited');
    assert.equal(refused.status, 429);
    const record = auditLines().at(-1);
    assert.equal(record?.['request_id'], refused.requestId);
    assert.equal(record?.['decision'], 'refused');
    assert.equal(record?.['key_id'], 'local-operator');
  });
});
