import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { METRIC_NAMES } from '../../src/observability/metric-names.js';
import { startGatewayHarness, type GatewayHarness } from '../e2e/gateway-harness.js';
import { rawRequest } from '../e2e/sdk-raw-http.js';

/** A sample line of the text format: name, optional labels, a number. */
const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.]+(e[-+]?[0-9]+)?|NaN|[+-]Inf)$/;

describe('GET /metrics through a listening gateway', () => {
  let harness: GatewayHarness;
  let text: string;
  let contentType: string | string[] | undefined;
  const requestIds: string[] = [];

  before(async () => {
    harness = await startGatewayHarness({ kinds: ['openai', 'anthropic'] });
    const openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.key, maxRetries: 0 });
    for (let index = 0; index < 2; index++) {
      const { response } = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
      requestIds.push(response.headers.get('x-request-id') ?? '');
    }
    const stream = await openai.chat.completions.create({ model: 'openai', stream: true, messages: [{ role: 'user', content: 'stream me' }] });
    for await (const _chunk of stream) {
      // drained: the request is recorded when the stream ends
    }
    const anthropic = new Anthropic({ baseURL: harness.url, apiKey: harness.key, maxRetries: 0 });
    await anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    // A model nobody configured: whatever the upstream says, it must not become a label value.
    await openai.chat.completions.create({ model: 'openai/invented-model-7f3a', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await rawRequest(`${harness.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer wrong-key', 'content-type': 'application/json' }, body: '{}' });

    const answer = await rawRequest(`${harness.url}/metrics`, { method: 'GET' });
    assert.equal(answer.status, 200);
    text = answer.text;
    contentType = answer.headers['content-type'];
  });
  after(() => harness.close());

  it('answers in the Prometheus text format, every line a comment or a sample', () => {
    assert.equal(contentType, 'text/plain; version=0.0.4; charset=utf-8');
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      assert.match(line, SAMPLE_LINE);
    }
  });

  it('counts the chats by target, status and format', () => {
    assert.match(text, /^# TYPE securellm_requests_total counter$/m);
    assert.match(text, /^securellm_requests_total\{provider="openai",model="gpt-4o-mini",status="200",format="openai"\} 3$/m);
    assert.match(text, /^securellm_requests_total\{provider="anthropic",model="claude-sonnet-4-5",status="200",format="anthropic"\} 1$/m);
    assert.match(text, /^securellm_requests_total\{provider="none",model="none",status="401",format="openai"\} 1$/m);
    assert.match(text, /^securellm_request_duration_seconds_bucket\{le="\+Inf",provider="openai",model="gpt-4o-mini",stream="true"\} 1$/m);
    assert.match(text, /^securellm_tokens_total\{provider="openai",model="gpt-4o-mini",type="prompt"\} [1-9]\d*$/m);
    assert.match(text, /^securellm_gateway_overhead_seconds_count\{stream="false"\} [1-9]\d*$/m);
    assert.match(text, /^securellm_upstream_attempts_total\{provider="openai",model="gpt-4o-mini",outcome="ok"\} 3$/m);
  });

  it('shows each configured target circuit, read at scrape time', () => {
    assert.match(text, /^securellm_circuit_state\{provider="openai",model="gpt-4o-mini"\} 0$/m);
    assert.match(text, /^securellm_circuit_state\{provider="anthropic",model="claude-sonnet-4-5"\} 0$/m);
  });

  it('includes the process metrics', () => {
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^nodejs_eventloop_lag_seconds \d/m);
  });

  it('puts no invented model, request id or key in a label', () => {
    assert.doesNotMatch(text, /invented-model/);
    for (const id of requestIds) assert.ok(id !== '' && !text.includes(id), `request id ${id} in metrics`);
    assert.ok(!text.includes(harness.key));
    assert.doesNotMatch(text, /tenant=/);
  });

  it('accepts GET only', async () => {
    const answer = await rawRequest(`${harness.url}/metrics`, { method: 'POST' });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers['allow'], 'GET');
  });

  it(`names every metric it documents (${Object.keys(METRIC_NAMES).length} of them) in its HELP lines`, async () => {
    const answer = await rawRequest(`${harness.url}/metrics`, { method: 'GET' });
    for (const name of Object.values(METRIC_NAMES)) assert.match(answer.text, new RegExp(`^# HELP ${name} `, 'm'));
  });
});
