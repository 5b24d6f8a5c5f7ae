import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { resolveAuditPaths } from '../../src/audit/audit-paths.js';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import type { AuditLine } from './audit-trail-lines.js';

interface AuditAnswer {
  records: (AuditLine & { mac: string })[];
  next: string | null;
}

describe('GET /admin/audit', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  let acmeKey: string;
  const chatIds: string[] = [];

  async function get(path: string, key = adminKey): Promise<{ status: number; text: string; requestId: unknown }> {
    const response = await request(`${harness.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.statusCode, text: await response.body.text(), requestId: response.headers['x-request-id'] };
  }

  async function audit(query: string): Promise<AuditAnswer> {
    const answer = await get(`/admin/audit${query}`);
    assert.equal(answer.status, 200, answer.text);
    return JSON.parse(answer.text) as AuditAnswer;
  }

  async function chat(key: string): Promise<void> {
    const response = await request(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.body.text();
    assert.equal(response.statusCode, 200);
    chatIds.push(String(response.headers['x-request-id']));
  }

  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    adminKey = await harness.createKey({ name: 'ops', admin: true });
    acmeKey = await harness.createKey({ name: 'acme-app', tenant: 'acme' });
    for (let index = 0; index < 5; index += 1) await chat(acmeKey);
    await chat(harness.key);
  });
  after(() => harness.close());

  it('answers the newest records, newest last, with seq and mac, to admin keys only', async () => {
    const page = await audit('');
    assert.ok(page.records.length >= 6);
    const seqs = page.records.map((record) => record.seq);
    assert.deepEqual(seqs, [...seqs].sort((left, right) => left - right), 'oldest first, newest last');
    assert.equal(page.records.at(-1)?.request_id, chatIds.at(-1));
    assert.ok(page.records.every((record) => /^[0-9a-f]{64}$/.test(record.mac)));
    assert.equal(page.next, null);

    const refused = await get('/admin/audit', acmeKey);
    assert.equal(refused.status, 403);
  });

  it('filters by tenant, request id, status, decision and since, and pages with next', async () => {
    // The acme key's refused admin call above is acme's too: only its answered chats here.
    const first = await audit('?tenant=acme&status=200&limit=2');
    assert.deepEqual(first.records.map((record) => record.request_id), chatIds.slice(3, 5));
    assert.ok(first.next !== null);
    assert.match(first.next, /^\/admin\/audit\?.*before=\d+/);
    assert.match(first.next, /tenant=acme/);
    const second = await audit(first.next.slice('/admin/audit'.length));
    assert.deepEqual(second.records.map((record) => record.request_id), chatIds.slice(1, 3));
    const third = await audit((second.next ?? '').slice('/admin/audit'.length));
    assert.deepEqual(third.records.map((record) => record.request_id), chatIds.slice(0, 1));
    assert.equal(third.next, null);

    const one = await audit(`?request_id=${chatIds[2] ?? ''}`);
    assert.deepEqual(one.records.map((record) => record.request_id), [chatIds[2]]);

    const forbidden = await get('/admin/config', acmeKey);
    assert.equal(forbidden.status, 403);
    for (const query of ['?status=403', '?status=4xx', '?decision=refused']) {
      const found = await audit(query);
      assert.ok(found.records.some((record) => record.request_id === forbidden.requestId), query);
      assert.ok(found.records.every((record) => record.decision === 'refused'), query);
    }
    assert.ok((await audit('?status=200')).records.every((record) => record.status === 200));

    assert.ok((await audit('?since=15m')).records.length >= 6);
    assert.ok((await audit(`?since=${new Date(Date.now() - 60_000).toISOString()}`)).records.length >= 6);
    assert.deepEqual((await audit(`?since=${new Date(Date.now() + 3_600_000).toISOString()}`)).records, []);
  });

  it('refuses a bad query with 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?limit=ten', 'limit'],
      ['?since=yesterday', 'since'],
      ['?since=2026-11-28T09:00:00', 'since'],
      ['?status=99', 'status'],
      ['?decision=maybe', 'decision'],
      ['?before=-1', 'before'],
      ['?tenant=', 'tenant'],
      ['?limit=1&limit=2', 'limit'],
      ['?colour=red', 'colour'],
    ];
    for (const [query, param] of cases) {
      const answer = await get(`/admin/audit${query}`);
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.equal((JSON.parse(answer.text) as { error: { param: string } }).error.param, param, query);
    }
  });

  it('verifies the trail on request', async () => {
    await harness.gateway.auditWriter?.checkpoint();
    const answer = await get('/admin/audit/verify');
    assert.equal(answer.status, 200, answer.text);
    const report = JSON.parse(answer.text) as { ok: boolean; records: number };
    assert.equal(report.ok, true, answer.text);
    assert.ok(report.records >= 6);
  });
});

describe('GET /admin/audit/verify while a batch is being written', () => {
  let harness: GatewayHarness;
  let adminKey: string;
  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    adminKey = await harness.createKey({ name: 'ops', admin: true });
  });
  // The bytes added below stay in front of later records: this gateway's trail is thrown away.
  after(() => harness.close());

  it('reports ok when the live file ends in half a line and the writer is healthy', async () => {
    const writer = harness.gateway.auditWriter;
    assert.ok(writer !== undefined);
    await writer.checkpoint();
    const status = writer.status();
    assert.equal(status.healthy, true);
    // What the reader sees between the two halves of one batch's write.
    const live = path.join(resolveAuditPaths(harness.gateway.config.security.audit).directory, status.file);
    appendFileSync(live, '{"cache_hit":false,"client_format":null,"comp');
    const response = await request(`${harness.url}/admin/audit/verify`, { headers: { authorization: `Bearer ${adminKey}` } });
    const text = await response.body.text();
    assert.equal(response.statusCode, 200, text);
    const report = JSON.parse(text) as { ok: boolean; lastSeq: number; break?: unknown };
    assert.equal(report.ok, true, text);
    assert.equal(report.lastSeq, status.writtenSeq);
  });
});
