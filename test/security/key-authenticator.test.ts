import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { GatewayError } from '../../src/core/errors.js';
import { createApiKey } from '../../src/security/create-api-key.js';
import { KeyAuthenticator } from '../../src/security/key-authenticator.js';
import type { KeyRecord, KeyStore } from '../../src/store/key-store.js';
import { SqliteKeyStore } from '../../src/store/sqlite-key-store.js';

/** A real SQLite store that counts reads, so caching can be observed. */
class CountingStore implements KeyStore {
  reads = 0;
  constructor(private readonly inner: KeyStore) {}
  create(record: KeyRecord): Promise<void> {
    return this.inner.create(record);
  }
  findById(id: string): Promise<KeyRecord | undefined> {
    this.reads += 1;
    return this.inner.findById(id);
  }
  list(): Promise<KeyRecord[]> {
    return this.inner.list();
  }
  revoke(id: string, at?: number): Promise<boolean> {
    return this.inner.revoke(id, at);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

interface Fixture {
  store: CountingStore;
  clock: { now: number };
  authenticator: KeyAuthenticator;
}

function setUp(t: TestContext): Fixture {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sllm-auth-'));
  const store = new CountingStore(new SqliteKeyStore(path.join(directory, 'keys.db')));
  t.after(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });
  const clock = { now: 1_000_000 };
  return { store, clock, authenticator: new KeyAuthenticator(store, { cacheMs: 500, now: () => clock.now }) };
}

async function rejectsWith(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'unauthorized');
    assert.equal(error.status, 401);
    assert.match(error.message, message);
    return true;
  });
}

test('a key in Authorization: Bearer or in x-api-key yields the principal built from its record', async (t) => {
  const { store, clock, authenticator } = setUp(t);
  const { record, key } = await createApiKey(
    store,
    { tenant: 'acme', name: 'ci', providers: ['openai'], models: ['smart'], rpm: 30, budgetUsd: 5, admin: true, expiresInMs: 60_000 },
    clock.now,
  );
  const expected = {
    keyId: record.id,
    name: 'ci',
    tenant: 'acme',
    admin: true,
    providers: ['openai'],
    models: ['smart'],
    requestsPerMinute: 30,
    budgetUsd: 5,
    expiresAt: clock.now + 60_000,
  };
  assert.deepEqual(await authenticator.authenticate({ authorization: `Bearer ${key}` }), expected);
  assert.deepEqual(await authenticator.authenticate({ 'x-api-key': key }), expected);
  assert.deepEqual(await authenticator.authenticate({ authorization: `Bearer ${key}`, 'x-api-key': key }), expected);
});

test('no key at all is unauthorized with a message saying how to send one', async (t) => {
  const { authenticator } = setUp(t);
  await rejectsWith(authenticator.authenticate({}), /missing API key/);
  await rejectsWith(authenticator.authenticate({ authorization: '', 'x-api-key': '' }), /missing API key/);
});

test('two different keys in the two headers are refused', async (t) => {
  const { store, authenticator } = setUp(t);
  const first = await createApiKey(store, { tenant: 'a' });
  const second = await createApiKey(store, { tenant: 'b' });
  await rejectsWith(authenticator.authenticate({ authorization: `Bearer ${first.key}`, 'x-api-key': second.key }), /different keys/);
});

test('malformed, unknown and wrong-secret keys get one and the same message', async (t) => {
  const { store, authenticator } = setUp(t);
  const { key } = await createApiKey(store, { tenant: 'a' });
  const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
  const unknownId = `sk-sllm-ffffffffffff-${key.slice(-43)}`;
  const messages: string[] = [];
  for (const headers of [{ 'x-api-key': 'not-a-key' }, { 'x-api-key': unknownId }, { authorization: `Bearer ${wrongSecret}` }] as IncomingHttpHeaders[]) {
    await assert.rejects(authenticator.authenticate(headers), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.code, 'unauthorized');
      messages.push(error.message);
      return true;
    });
  }
  assert.equal(new Set(messages).size, 1, messages.join(' | '));
  assert.equal(messages[0], 'invalid API key');
});

test('a non-Bearer Authorization scheme is unauthorized', async (t) => {
  const { store, authenticator } = setUp(t);
  const { key } = await createApiKey(store, { tenant: 'a' });
  await rejectsWith(authenticator.authenticate({ authorization: `Basic ${key}` }), /Bearer/);
});

test('a revoked key is refused as revoked once its secret matches', async (t) => {
  const { store, authenticator } = setUp(t);
  const { record, key } = await createApiKey(store, { tenant: 'a' });
  await store.revoke(record.id);
  await rejectsWith(authenticator.authenticate({ 'x-api-key': key }), /revoked/);
  const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
  await rejectsWith(authenticator.authenticate({ 'x-api-key': wrongSecret }), /^invalid API key$/);
});

test('a key stops working the moment it expires', async (t) => {
  const { store, clock, authenticator } = setUp(t);
  const { key } = await createApiKey(store, { tenant: 'a', expiresInMs: 90_000 }, clock.now);
  clock.now += 89_999;
  assert.equal((await authenticator.authenticate({ 'x-api-key': key })).tenant, 'a');
  clock.now += 1;
  await rejectsWith(authenticator.authenticate({ 'x-api-key': key }), /expired/);
});

test('a revoked key stops within cacheMs, and the cache spares the store in between', async (t) => {
  const { store, clock, authenticator } = setUp(t);
  const { record, key } = await createApiKey(store, { tenant: 'a' });
  await authenticator.authenticate({ 'x-api-key': key });
  assert.equal(store.reads, 1);
  await store.revoke(record.id);
  clock.now += 499;
  await authenticator.authenticate({ 'x-api-key': key });
  assert.equal(store.reads, 1, 'served from the cache within cacheMs');
  clock.now += 1;
  await rejectsWith(authenticator.authenticate({ 'x-api-key': key }), /revoked/);
  assert.equal(store.reads, 2);
});

test('a key created while the authenticator runs works at once', async (t) => {
  const { store, authenticator } = setUp(t);
  const { record } = await createApiKey(store, { tenant: 'a' });
  await authenticator.authenticate({ 'x-api-key': (await createApiKey(store, { tenant: 'warm-up' })).key });
  const created = await createApiKey(store, { tenant: 'new' });
  assert.notEqual(created.record.id, record.id);
  assert.equal((await authenticator.authenticate({ authorization: `Bearer ${created.key}` })).tenant, 'new');
});

test('unknown ids are cached negatively for cacheMs, then looked up again', async (t) => {
  const { store, clock, authenticator } = setUp(t);
  const unknown = `sk-sllm-ffffffffffff-${'A'.repeat(43)}`;
  await rejectsWith(authenticator.authenticate({ 'x-api-key': unknown }), /invalid/);
  await rejectsWith(authenticator.authenticate({ 'x-api-key': unknown }), /invalid/);
  assert.equal(store.reads, 1);
  clock.now += 500;
  await rejectsWith(authenticator.authenticate({ 'x-api-key': unknown }), /invalid/);
  assert.equal(store.reads, 2);
});

test('concurrent requests with one key share a single store read', async (t) => {
  const { store, authenticator } = setUp(t);
  const { key } = await createApiKey(store, { tenant: 'a' });
  const principals = await Promise.all(Array.from({ length: 5 }, () => authenticator.authenticate({ 'x-api-key': key })));
  assert.equal(principals.length, 5);
  assert.equal(store.reads, 1);
});

test('cacheMs 0 reads the store on every request', async (t) => {
  const { store } = setUp(t);
  const authenticator = new KeyAuthenticator(store, { cacheMs: 0 });
  const { key } = await createApiKey(store, { tenant: 'a' });
  await authenticator.authenticate({ 'x-api-key': key });
  await authenticator.authenticate({ 'x-api-key': key });
  assert.equal(store.reads, 2);
});

test('a failed store read is not cached: the next request reads again', async (t) => {
  const { store, authenticator } = setUp(t);
  const { key } = await createApiKey(store, { tenant: 'a' });
  const realFindById = store.findById.bind(store);
  let failNext = true;
  store.findById = (id: string) => {
    if (failNext) {
      failNext = false;
      store.reads += 1;
      return Promise.reject(new Error('database is locked'));
    }
    return realFindById(id);
  };
  await assert.rejects(authenticator.authenticate({ 'x-api-key': key }), /database is locked/);
  assert.equal((await authenticator.authenticate({ 'x-api-key': key })).tenant, 'a');
  assert.equal(store.reads, 2);
});
