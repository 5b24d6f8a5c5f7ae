import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { rawExchange, rawHead } from './hostile-kit.js';
import { onlyRecordOf, readAuditTrail } from './audit-trail-lines.js';

interface Answer {
  status: number;
  requestId: unknown;
  text: string;
}

async function call(harness: GatewayHarness, method: string, path: string, key?: string, body?: string): Promise<Answer> {
  const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${harness.url}${path}`, { method: method as 'GET', headers, body: body ?? null });
  return { status: response.statusCode, requestId: response.headers['x-request-id'], text: await response.body.text() };
}

describe('every request leaves exactly one audit record, written before its answer', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    adminKey = await harness.createKey({ name: 'ops', admin: true });
  });
  after(() => harness.close());

  it('records the read-only routes with the caller, endpoint, method and no provider or tokens', async () => {
    const models = await call(harness, 'GET', '/v1/models', harness.key);
    assert.equal(models.status, 200);
    const record = onlyRecordOf(harness, models.requestId);
    assert.equal(record.type, 'request');
    assert.equal(record.endpoint, '/v1/models');
    assert.equal(record.method, 'GET');
    assert.equal(record.status, 200);
    assert.equal(record.decision, 'allowed');
    assert.equal(record.user_id, 'e2e');
    assert.equal(record.tenant, 'test');
    assert.match(record.key_id ?? '', /^[a-z0-9]{12}$/);
    assert.equal(record.reason_code, null);
    assert.equal(record.provider, null);
    assert.equal(record.prompt_tokens, null);
    assert.equal(record.total_cost, null);
    assert.equal(typeof record.duration_ms, 'number');

    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const answer = await call(harness, 'GET', path);
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
      const health = onlyRecordOf(harness, answer.requestId);
      assert.equal(health.endpoint, path);
      assert.equal(health.status, 200);
      assert.equal(health.user_id, null);
    }
  });

  it('holds a route\'s answer until its record is written', async () => {
    const writer = harness.gateway.auditWriter;
    assert.ok(writer !== undefined);
    const append = writer.append.bind(writer);
    // A slow disk: each append takes 200 ms longer.
    writer.append = async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return append(event);
    };
    try {
      for (const path of ['/v1/models', '/nowhere']) {
        const started = performance.now();
        const answer = await call(harness, 'GET', path, harness.key);
        assert.ok(performance.now() - started >= 190, `${path} answered before its record was written`);
        assert.equal(onlyRecordOf(harness, answer.requestId).endpoint, path);
      }
    } finally {
      Reflect.deleteProperty(writer, 'append');
    }
  });

  it('records 401, 404 and 405 answers as refusals with their reason', async () => {
    const unauthorized = await call(harness, 'GET', '/v1/models', 'sk-sllm-000000000000-wrong');
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(
      pick(onlyRecordOf(harness, unauthorized.requestId), ['status', 'decision', 'reason_code', 'user_id']),
      { status: 401, decision: 'refused', reason_code: 'unauthorized', user_id: null },
    );

    const missing = await call(harness, 'GET', '/v2/nothing-here?x=1', harness.key);
    assert.equal(missing.status, 404);
    assert.deepEqual(pick(onlyRecordOf(harness, missing.requestId), ['endpoint', 'method', 'status', 'decision', 'reason_code']), {
      endpoint: '/v2/nothing-here',
      method: 'GET',
      status: 404,
      decision: 'refused',
      reason_code: 'not_found',
    });

    for (const [method, path] of [['DELETE', '/v1/models'], ['GET', '/v1/chat/completions'], ['PUT', '/v1/messages'], ['POST', '/healthz']] as const) {
      const wrong = await call(harness, method, path, harness.key);
      assert.equal(wrong.status, 405, `${method} ${path}`);
      assert.deepEqual(pick(onlyRecordOf(harness, wrong.requestId), ['endpoint', 'method', 'status', 'reason_code']), {
        endpoint: path,
        method,
        status: 405,
        reason_code: 'method_not_allowed',
      });
    }
  });

  it('does not write a key pasted into a path', async () => {
    const pasted = `sk-sllm-abcdefabcdef-${'Q'.repeat(43)}`;
    const answer = await call(harness, 'GET', `/v1/${pasted}`, harness.key);
    assert.equal(answer.status, 404);
    const record = onlyRecordOf(harness, answer.requestId);
    assert.equal(record.endpoint, '/v1/[REDACTED_SECURELLM_KEY]');
    assert.ok(!readAuditTrail(harness).text.includes(pasted));
  });

  it('records admin actions with the key id they touched, never the key', async () => {
    const created = await call(harness, 'POST', '/admin/keys', adminKey, JSON.stringify({ tenant: 'acme', name: 'batch' }));
    assert.equal(created.status, 201, created.text);
    const { id, key } = JSON.parse(created.text) as { id: string; key: string };
    const record = onlyRecordOf(harness, created.requestId);
    assert.deepEqual(pick(record, ['endpoint', 'method', 'status', 'decision', 'action', 'action_key_id', 'user_id', 'tenant']), {
      endpoint: '/admin/keys',
      method: 'POST',
      status: 201,
      decision: 'allowed',
      action: 'key_created',
      action_key_id: id,
      user_id: 'ops',
      tenant: 'test',
    });

    const revoked = await call(harness, 'DELETE', `/admin/keys/${id}`, adminKey);
    assert.equal(revoked.status, 204);
    assert.deepEqual(pick(onlyRecordOf(harness, revoked.requestId), ['endpoint', 'method', 'status', 'action', 'action_key_id']), {
      endpoint: '/admin/keys/{id}',
      method: 'DELETE',
      status: 204,
      action: 'key_revoked',
      action_key_id: id,
    });

    const listed = await call(harness, 'GET', '/admin/keys', adminKey);
    assert.equal(listed.status, 200);
    assert.equal(onlyRecordOf(harness, listed.requestId).action, undefined, 'reads change nothing and name no action');

    const forbidden = await call(harness, 'GET', '/admin/config', harness.key);
    assert.equal(forbidden.status, 403);
    assert.deepEqual(pick(onlyRecordOf(harness, forbidden.requestId), ['endpoint', 'status', 'decision', 'reason_code', 'user_id']), {
      endpoint: '/admin/config',
      status: 403,
      decision: 'refused',
      reason_code: 'forbidden',
      user_id: 'e2e',
    });

    const text = readAuditTrail(harness).text;
    assert.ok(!text.includes(key) && !text.includes(adminKey) && !text.includes(harness.key), 'a key in the audit log');
  });

  it('records refusals made before any route: duplicated headers, HTTP parser errors and CONNECT', async () => {
    const duplicated = await rawExchange(harness, [rawHead(harness, 'GET /v1/models HTTP/1.1', [`authorization: Bearer ${harness.key}`])]);
    assert.equal(duplicated.status, 400);
    assert.deepEqual(pick(onlyRecordOf(harness, duplicated.headers['x-request-id']), ['endpoint', 'method', 'status', 'decision', 'reason_code']), {
      endpoint: '/v1/models',
      method: 'GET',
      status: 400,
      decision: 'refused',
      reason_code: 'invalid_request',
    });

    const garbage = await rawExchange(harness, ['GET / HTTP/1.1\r\nhost: x\r\nbad header line\r\n\r\n']);
    assert.equal(garbage.status, 400);
    assert.deepEqual(pick(onlyRecordOf(harness, garbage.headers['x-request-id']), ['endpoint', 'method', 'status', 'decision', 'reason_code']), {
      endpoint: null,
      method: null,
      status: 400,
      decision: 'refused',
      reason_code: 'malformed_http_request',
    });

    const connect = await rawExchange(harness, ['CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n']);
    assert.equal(connect.status, 405);
    assert.deepEqual(pick(onlyRecordOf(harness, connect.headers['x-request-id']), ['method', 'status', 'reason_code']), {
      method: 'CONNECT',
      status: 405,
      reason_code: 'method_not_allowed',
    });
  });

  it('records chat requests with their endpoint too, once each', async () => {
    const chat = await call(harness, 'POST', '/v1/chat/completions', harness.key, JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(chat.status, 200, chat.text);
    assert.deepEqual(pick(onlyRecordOf(harness, chat.requestId), ['endpoint', 'method', 'provider', 'status']), {
      endpoint: '/v1/chat/completions',
      method: 'POST',
      provider: 'openai',
      status: 200,
    });
    const requestIds = readAuditTrail(harness).records.filter((record) => record.type === 'request').map((record) => record.request_id);
    assert.equal(new Set(requestIds).size, requestIds.length, 'no request recorded twice');
  });
});

describe('with a failed audit log and on_failure = "refuse"', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    // A closed writer is an unhealthy one: every append rejects from now on.
    await harness.gateway.auditWriter?.close();
  });
  after(() => harness.close());

  it('refuses every route with 503 but health checks, which still answer', async () => {
    for (const [method, path] of [['GET', '/v1/models'], ['GET', '/metrics'], ['GET', '/admin/keys'], ['GET', '/nowhere'], ['POST', '/v1/chat/completions']] as const) {
      const answer = await call(harness, method, path, harness.key, method === 'POST' ? '{}' : undefined);
      assert.equal(answer.status, 503, `${method} ${path}: ${answer.text}`);
      assert.match(answer.text, /audit_unavailable/);
    }
    const live = await call(harness, 'GET', '/healthz');
    assert.equal(live.status, 200);
    const ready = await call(harness, 'GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.equal((JSON.parse(ready.text) as { audit: string }).audit, 'failing');
  });
});

function pick<T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> {
  const picked: Partial<T> = {};
  for (const key of keys) picked[key] = value[key];
  return picked;
}
