/**
 * Errors reach each SDK in its own format, as the error class the SDK types by status, with the
 * request id; requests the gateway refuses never reach an upstream.
 */
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.js';
import { anthropicClient, anthropicErrorOf, openaiClient } from './sdk-clients.js';
import { rawRequest } from './sdk-raw-http.js';

const MAX_BODY_BYTES = 64 * 1024;
const messages = [{ role: 'user' as const, content: 'hello' }];

/** The rejection of `promise`, failing the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('the request should have been refused'),
    (error: unknown) => error,
  );
}

/** An OpenAI SDK error of the given class and status, carrying the gateway's code and request id. */
async function openaiRefusal<T extends InstanceType<typeof OpenAI.APIError>>(
  promise: Promise<unknown>,
  errorClass: new (...args: never[]) => T,
  status: number,
  code: string,
): Promise<T> {
  const error = await rejectionOf(promise);
  assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
  assert.equal(error.status, status);
  assert.equal(error.code, code);
  assert.ok(error.requestID, 'x-request-id is set on the error');
  return error;
}

async function anthropicRefusal<T extends InstanceType<typeof Anthropic.APIError>>(
  promise: Promise<unknown>,
  errorClass: new (...args: never[]) => T,
  status: number,
  type: string,
): Promise<T> {
  const error = await rejectionOf(promise);
  assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
  assert.equal(error.status, status);
  assert.equal(anthropicErrorOf(error).type, type);
  assert.ok(error.headers?.get('x-request-id'), 'x-request-id is set on the error');
  return error;
}

describe('errors through the SDKs', () => {
  let harness: GatewayHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const upstreamCalls = (): number => Object.values(harness.fakes).reduce((total, fake) => total + fake.chatRequests().length, 0);
  before(async () => {
    harness = await startGatewayHarness({ server: { max_body_bytes: MAX_BODY_BYTES } });
    openai = openaiClient(harness.url, { apiKey: harness.key });
    anthropic = anthropicClient(harness.url, { apiKey: harness.key });
  });
  after(() => harness.close());

  it('refuses a missing or wrong key with 401 AuthenticationError in both SDKs', async () => {
    const keyless = openaiClient(harness.url, { apiKey: 'unused', defaultHeaders: { Authorization: null } });
    const missing = await openaiRefusal(keyless.chat.completions.create({ model: 'openai', messages }), OpenAI.AuthenticationError, 401, 'unauthorized');
    assert.match(missing.message, /missing API key/);
    const wrong = openaiClient(harness.url, { apiKey: 'sk-sllm-aaaaaaaaaaaa-not-a-real-secret' });
    await openaiRefusal(wrong.chat.completions.create({ model: 'openai', messages }), OpenAI.AuthenticationError, 401, 'unauthorized');
    await openaiRefusal(wrong.models.list(), OpenAI.AuthenticationError, 401, 'unauthorized');

    const anthropicKeyless = new Anthropic({ baseURL: harness.url, apiKey: null, authToken: null, maxRetries: 0, defaultHeaders: { Authorization: null } });
    const missingAnthropic = await anthropicRefusal(
      anthropicKeyless.messages.create({ model: 'anthropic', max_tokens: 10, messages }),
      Anthropic.AuthenticationError,
      401,
      'authentication_error',
    );
    assert.match(missingAnthropic.message, /missing API key/);
    const wrongAnthropic = anthropicClient(harness.url, { apiKey: 'sk-sllm-aaaaaaaaaaaa-not-a-real-secret' });
    await anthropicRefusal(wrongAnthropic.messages.create({ model: 'anthropic', max_tokens: 10, messages }), Anthropic.AuthenticationError, 401, 'authentication_error');
    assert.equal(upstreamCalls(), 0);
  });

  it('answers an unknown model with 404 NotFoundError naming the model param', async () => {
    const error = await openaiRefusal(openai.chat.completions.create({ model: 'nosuch/model-x', messages }), OpenAI.NotFoundError, 404, 'model_not_found');
    assert.equal(error.param, 'model');
    await openaiRefusal(openai.chat.completions.create({ model: 'mystery-model', messages }), OpenAI.NotFoundError, 404, 'model_not_found');
    await anthropicRefusal(anthropic.messages.create({ model: 'mystery-model', max_tokens: 10, messages }), Anthropic.NotFoundError, 404, 'not_found_error');
    assert.equal(upstreamCalls(), 0);
  });

  it('answers an invalid body with 400 BadRequestError naming the param, without calling upstream', async () => {
    const before = upstreamCalls();
    const error = await openaiRefusal(
      openai.chat.completions.create({ model: 'openai/gpt-4o-mini', temperature: 5, messages }),
      OpenAI.BadRequestError,
      400,
      'invalid_request',
    );
    assert.equal(error.param, 'temperature');
    assert.equal(error.type, 'invalid_request_error');
    const streamed = await openaiRefusal(
      openai.chat.completions.create({ model: 'openai/gpt-4o-mini', temperature: 5, messages, stream: true }),
      OpenAI.BadRequestError,
      400,
      'invalid_request',
    );
    assert.equal(streamed.param, 'temperature');
    // The installed SDK's types no longer list temperature, but it sends whatever the body holds.
    const hotBody: Anthropic.MessageCreateParamsNonStreaming = Object.assign({ model: 'anthropic', max_tokens: 10, messages }, { temperature: 5 });
    const hot = await anthropicRefusal(anthropic.messages.create(hotBody), Anthropic.BadRequestError, 400, 'invalid_request_error');
    assert.match(String(anthropicErrorOf(hot).message), /temperature/);
    const noTokens = await anthropicRefusal(
      anthropic.messages.create({ model: 'anthropic', max_tokens: 0, messages }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    assert.match(String(anthropicErrorOf(noTokens).message), /max_tokens/);
    assert.equal(upstreamCalls(), before);
  });

  it('answers a body over max_body_bytes with 413 in both formats', async () => {
    const before = upstreamCalls();
    const huge = [{ role: 'user' as const, content: 'x'.repeat(MAX_BODY_BYTES + 1) }];
    await openaiRefusal(openai.chat.completions.create({ model: 'openai', messages: huge }), OpenAI.APIError, 413, 'payload_too_large');
    await anthropicRefusal(anthropic.messages.create({ model: 'anthropic', max_tokens: 10, messages: huge }), Anthropic.APIError, 413, 'request_too_large');
    assert.equal(upstreamCalls(), before);
  });

  it('answers a wrong method with 405 and an unknown path with 404, as JSON with x-request-id', async () => {
    const auth = { authorization: `Bearer ${harness.key}` };
    const cases = [
      { method: 'GET', path: '/v1/chat/completions', status: 405, allow: 'POST' },
      { method: 'PUT', path: '/v1/messages', status: 405, allow: 'POST' },
      { method: 'DELETE', path: '/v1/models', status: 405, allow: 'GET' },
      { method: 'GET', path: '/v1/unknown', status: 404, allow: undefined },
      { method: 'POST', path: '/v1/completions', status: 404, allow: undefined },
    ] as const;
    for (const { method, path, status, allow } of cases) {
      const answer = await rawRequest(`${harness.url}${path}`, { method, headers: auth });
      assert.equal(answer.status, status, `${method} ${path}`);
      assert.match(String(answer.headers['content-type']), /application\/json/);
      assert.equal(typeof answer.headers['x-request-id'], 'string', `${method} ${path} has x-request-id`);
      assert.equal(answer.headers['allow'], allow, `${method} ${path} allow header`);
      const body = JSON.parse(answer.text) as { type?: string; error?: { type?: string } };
      if (path === '/v1/messages') assert.equal(body.type, 'error', 'Anthropic format on the Anthropic path');
      assert.equal(typeof body.error?.type, 'string');
    }
    const unknown = await rejectionOf(openai.get('/no-such-endpoint'));
    assert.ok(unknown instanceof OpenAI.NotFoundError, `expected NotFoundError, got ${String(unknown)}`);
    assert.ok(unknown.requestID);
  });
});
