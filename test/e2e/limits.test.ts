import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, type RawAnswer } from './sdk-raw-http.js';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';

function chat(harness: GatewayHarness, key: string, body: Record<string, unknown>, path = '/v1/chat/completions'): Promise<RawAnswer> {
  return rawRequest(`${harness.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const openaiBody = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello world' }] };
const anthropicBody = { model: 'openai/gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: 'hello world' }] };

describe('rate limits through the front doors', () => {
  let harness: GatewayHarness;
  before(async () => {
    harness = await startGatewayHarness({
      kinds: ['openai', 'anthropic'],
      // One token a minute: a slow, loaded machine cannot refill a bucket while a test runs.
      rateLimit: { requests_per_minute: 1, burst_size: 10, per_provider: true, tokens_per_minute: 100_000, auth_failures_per_minute: 30, auth_failures_burst: 5 },
    });
  });
  after(() => harness.close());

  it('admits exactly the burst of 50 simultaneous requests, refusing the rest with 429 and no upstream call', async () => {
    const key = await harness.createKey({ name: 'burst' });
    const before = harness.fakes.openai.chatRequests().length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => chat(harness, key, openaiBody)));
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 200).length, 10, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 429).length, 40);
    assert.equal(harness.fakes.openai.chatRequests().length - before, 10);
    const refused = answers.find((answer) => answer.status === 429);
    assert.ok(refused);
    assert.match(String(refused.headers['retry-after']), /^[1-9]\d*$/);
    assert.equal(refused.headers['x-ratelimit-limit-requests'], '10');
    assert.equal(refused.headers['x-ratelimit-remaining-requests'], '0');
    assert.match(String(refused.headers['x-ratelimit-reset-requests']), /^\d+ms$|^(\d+m)?\d+(\.\d+)?s$/);
    assert.match(String(refused.headers['x-request-id']), /^req_/);
    const body = JSON.parse(refused.text) as { error: { code: string; type: string } };
    assert.equal(body.error.code, 'rate_limited');
    assert.equal(body.error.type, 'rate_limit_error');
  });

  it('sends the x-ratelimit headers OpenAI clients read on every answer, and refuses in Anthropic format on /v1/messages', async () => {
    const key = await harness.createKey({ name: 'headers' });
    const first = await chat(harness, key, openaiBody);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-ratelimit-limit-requests'], '10');
    assert.equal(first.headers['x-ratelimit-remaining-requests'], '9');
    assert.equal(first.headers['x-ratelimit-limit-tokens'], '100000');
    assert.ok(Number(first.headers['x-ratelimit-remaining-tokens']) < 100_000);
    for (let index = 0; index < 9; index++) await chat(harness, key, anthropicBody, '/v1/messages');
    const refused = await chat(harness, key, anthropicBody, '/v1/messages');
    assert.equal(refused.status, 429);
    const body = JSON.parse(refused.text) as { type: string; error: { type: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'rate_limit_error');
  });

  it("holds a key to its own --rpm budget and leaves other keys' budgets alone", async () => {
    const slow = await harness.createKey({ name: 'slow', rpm: 2 });
    const other = await harness.createKey({ name: 'other' });
    assert.equal((await chat(harness, slow, openaiBody)).status, 200);
    assert.equal((await chat(harness, slow, openaiBody)).status, 200);
    const third = await chat(harness, slow, openaiBody);
    assert.equal(third.status, 429);
    assert.match(third.text, /rpm|per minute|key/i);
    assert.equal((await chat(harness, other, openaiBody)).status, 200);
  });

  it('throttles an address that keeps failing to authenticate, before looking at the key', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await chat(harness, 'sk-sllm-aaaaaaaaaaaa-wrong', openaiBody)).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).every((status) => status === 429), statuses.join(','));
    // Even a valid key is refused from that address while it is over its budget.
    const answer = await chat(harness, harness.key, openaiBody);
    assert.equal(answer.status, 429);
    assert.match(String(answer.headers['retry-after']), /^[1-9]\d*$/);
  });
});
