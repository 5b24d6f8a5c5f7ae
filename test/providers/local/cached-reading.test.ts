import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CachedReading } from '../../../src/providers/local/cached-reading.js';

describe('CachedReading', () => {
  it('reuses a reading for ttlMs and reads again once it expired', async () => {
    let now = 1_000;
    let reads = 0;
    const reading = new CachedReading(async () => ++reads, { ttlMs: 1000, timeoutMs: 1000, now: () => now });
    assert.equal(await reading.get(), 1);
    now += 999;
    assert.equal(await reading.get(), 1, 'still fresh one millisecond before expiry');
    now += 1;
    assert.equal(await reading.get(), 2, 'read again at expiry');
  });

  it('shares one fetch between concurrent callers', async () => {
    let reads = 0;
    let release: (value: number) => void = () => undefined;
    const reading = new CachedReading(() => {
      reads += 1;
      return new Promise<number>((resolve) => (release = resolve));
    }, { ttlMs: 1000, timeoutMs: 1000 });
    const both = Promise.all([reading.get(), reading.get()]);
    release(7);
    assert.deepEqual(await both, [7, 7]);
    assert.equal(reads, 1);
  });

  it('keeps no failure: the next call asks again', async () => {
    let reads = 0;
    const reading = new CachedReading(async () => {
      reads += 1;
      if (reads === 1) throw new Error('down');
      return reads;
    }, { ttlMs: 1000, timeoutMs: 1000 });
    await assert.rejects(reading.get(), /down/);
    assert.equal(await reading.get(), 2);
  });

  it('with ttlMs 0 reads every time', async () => {
    let reads = 0;
    const reading = new CachedReading(async () => ++reads, { ttlMs: 0, timeoutMs: 1000 });
    await reading.get();
    await reading.get();
    assert.equal(reads, 2);
  });

  it('stops a caller’s wait when its signal aborts, without failing the shared fetch', async () => {
    let release: (value: number) => void = () => undefined;
    const reading = new CachedReading(() => new Promise<number>((resolve) => (release = resolve)), { ttlMs: 1000, timeoutMs: 1000 });
    const controller = new AbortController();
    const aborted = reading.get(controller.signal);
    const patient = reading.get();
    controller.abort(new Error('client left'));
    await assert.rejects(aborted, /client left/);
    release(3);
    assert.equal(await patient, 3);
  });
});
