/**
 * One request, three accounts that must agree: what the client was told (usage in the body or the
 * stream, cost in a header or trailer), the request's audit record, and the usage store's rows.
 * Whole answers, OpenAI and Anthropic streams, and a stream the upstream cut.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseApiKey } from '../../src/security/api-key.js';
import { postStream, rawRequest, type RawAnswer } from './sdk-raw-http.js';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { onlyRecordOf, type AuditLine } from './audit-trail-lines.js';

const COST_HEADER = 'x-securellm-cost-usd';
const MODEL = 'openai/gpt-4o-mini';

/** The usage the client saw in an OpenAI SSE stream (the include_usage chunk). */
function openaiStreamUsage(answer: RawAnswer): { prompt: number; completion: number } {
  const chunks = answer.text
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)) as { usage?: { prompt_tokens: number; completion_tokens: number } | null });
  const usage = chunks.at(-1)?.usage;
  assert.ok(usage, 'the last chunk carries the usage');
  return { prompt: usage.prompt_tokens, completion: usage.completion_tokens };
}

/**
 * The usage the client saw in an Anthropic SSE stream: message_start's, overridden by the final
 * message_delta's (the gateway learns the upstream's count only at the end, as Anthropic's SDK expects).
 */
function anthropicStreamUsage(answer: RawAnswer): { prompt: number; completion: number } {
  let prompt = -1;
  let completion = -1;
  for (const line of answer.text.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const event = JSON.parse(line.slice(6)) as { type: string; message?: { usage: { input_tokens: number } }; usage?: { input_tokens?: number; output_tokens: number } };
    if (event.type === 'message_start' && event.message !== undefined) prompt = event.message.usage.input_tokens;
    if (event.type === 'message_delta' && event.usage !== undefined) {
      prompt = event.usage.input_tokens ?? prompt;
      completion = event.usage.output_tokens;
    }
  }
  return { prompt, completion };
}

describe('usage and cost agree between the answer, the audit record and the usage store', () => {
  let harness: GatewayHarness;
  let key: string;
  let keyId: string;
  const records: AuditLine[] = [];

  function assertRecord(answer: RawAnswer, usage: { prompt: number; completion: number }, cost: string | undefined): AuditLine {
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    const record = onlyRecordOf(harness, answer.headers['x-request-id']);
    records.push(record);
    assert.equal(record.prompt_tokens, usage.prompt);
    assert.equal(record.completion_tokens, usage.completion);
    assert.ok(usage.completion > 0);
    assert.ok(cost !== undefined && Number(cost) > 0, `cost ${String(cost)}`);
    assert.equal((record.total_cost ?? 0).toFixed(8), cost, 'the record holds the cost the client was told');
    return record;
  }

  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai'] });
    key = await harness.createKey({ name: 'accounting' });
    keyId = parseApiKey(key)?.id ?? '';
  });
  after(() => harness.close());

  it('a whole answer', async () => {
    const answer = await rawRequest(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'tell me about the weather' }] }),
    });
    const body = JSON.parse(answer.text) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const record = assertRecord(answer, { prompt: body.usage.prompt_tokens, completion: body.usage.completion_tokens }, String(answer.headers[COST_HEADER]));
    assert.equal(record.provider, 'openai');
  });

  it('an OpenAI stream with include_usage, its cost in the trailer', async () => {
    const answer = await postStream(harness.url, '/v1/chat/completions', key, {
      model: MODEL,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'and about the sea' }],
    });
    assertRecord(answer, openaiStreamUsage(answer), answer.trailers[COST_HEADER]);
  });

  it('an Anthropic stream to the same provider', async () => {
    const answer = await postStream(harness.url, '/v1/messages', key, {
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'and about the mountains' }],
    });
    assertRecord(answer, anthropicStreamUsage(answer), answer.trailers[COST_HEADER]);
  });

  it('a stream the upstream cut: partial, the delivered tokens estimated and charged', async () => {
    harness.fakes.openai.enqueue({ kind: 'cut_after_events', events: 4 });
    const answer = await postStream(harness.url, '/v1/chat/completions', key, {
      model: MODEL,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'count slowly to one hundred, please' }],
    });
    assert.equal(answer.status, 200);
    assert.match(answer.text, /"error"/);
    const record = onlyRecordOf(harness, answer.headers['x-request-id']) as AuditLine & { partial: boolean };
    records.push(record);
    assert.equal(record.partial, true);
    assert.ok((record.prompt_tokens ?? 0) > 0);
    assert.ok((record.completion_tokens ?? 0) > 0, 'delivered tokens are counted');
    assert.ok((record.total_cost ?? 0) > 0, 'and charged');
    assert.equal((record.total_cost ?? 0).toFixed(8), answer.trailers[COST_HEADER]);
  });

  it('the usage store sums exactly what the records hold', async () => {
    assert.equal(records.length, 4, 'the tests above ran in order');
    const usage = harness.gateway.usage;
    assert.ok(usage !== undefined);
    const rows = (await usage.query()).filter((row) => row.keyId === keyId);
    const total = (pick: (row: (typeof rows)[number]) => number): number => rows.reduce((sum, row) => sum + pick(row), 0);
    const recorded = (pick: (record: AuditLine) => number | null | undefined): number => records.reduce((sum, record) => sum + (pick(record) ?? 0), 0);
    assert.equal(total((row) => row.requests), 4);
    assert.equal(total((row) => row.promptTokens), recorded((record) => record.prompt_tokens));
    assert.equal(total((row) => row.completionTokens), recorded((record) => record.completion_tokens));
    assert.ok(Math.abs(total((row) => row.costUsd) - recorded((record) => record.total_cost)) < 1e-12);
    assert.equal(total((row) => row.partialStreams), 1);
    assert.equal(total((row) => row.estimatedRequests), 1);
    assert.equal(total((row) => row.errors), 1, 'the cut stream ended in an error');
  });
});
