/**
 * The fakes speak each provider's wire format exactly: whole answers have the documented shape and
 * usage, streams the documented framing, so gateway tests against them mean something.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { jsonOf, ndjsonLines, sseBlocks } from './read-frames.js';
import { startFakeUpstream, type FakeKind, type FakeUpstream } from './start-fake-upstream.js';

const chatPaths: Record<FakeKind, string> = {
  openai: '/chat/completions',
  deepseek: '/chat/completions',
  anthropic: '/v1/messages',
  ollama: '/api/chat',
  local: '/v1/chat/completions',
};

async function withFake(kind: FakeKind, run: (fake: FakeUpstream) => Promise<void>): Promise<void> {
  const fake = await startFakeUpstream(kind);
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

async function postChat(fake: FakeUpstream, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (fake.kind === 'anthropic') headers['anthropic-version'] = '2023-06-01';
  const response = await request(`${fake.baseUrl}${chatPaths[fake.kind]}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const hello = [{ role: 'user', content: 'hello world' }];

interface OpenAiCompletion {
  object: string;
  choices: Array<{ message: { content: string | null; reasoning_content?: string }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_cache_hit_tokens?: number };
}

interface OpenAiChunk {
  object: string;
  choices: Array<{ delta: { content?: string | null; reasoning_content?: string }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

describe('whole answers', () => {
  for (const kind of ['openai', 'deepseek', 'local'] as const) {
    it(`${kind}: a chat.completion echoing the last user message, with derived usage`, async () => {
      await withFake(kind, async (fake) => {
        const { status, headers, text } = await postChat(fake, { model: 'm', messages: hello });
        assert.equal(status, 200);
        assert.match(String(headers['content-type']), /^application\/json/);
        const body = jsonOf(text) as unknown as OpenAiCompletion;
        assert.equal(body.object, 'chat.completion');
        assert.equal(body.choices[0]?.message.content, 'Echo: hello world');
        assert.equal(body.choices[0]?.finish_reason, 'stop');
        // prompt = ceil(11 characters / 4); completion = 17 characters in pieces of 4.
        assert.deepEqual([body.usage.prompt_tokens, body.usage.completion_tokens, body.usage.total_tokens], [3, 5, 8]);
        assert.equal(body.usage.prompt_cache_hit_tokens !== undefined, kind === 'deepseek');
        assert.deepEqual(fake.chatRequests()[0]?.body, { model: 'm', messages: hello });
      });
    });
  }

  it('anthropic: a Message with content blocks, stop_reason and usage', async () => {
    await withFake('anthropic', async (fake) => {
      const { status, headers, text } = await postChat(fake, { model: 'claude', max_tokens: 100, system: 'be brief', messages: hello });
      assert.equal(status, 200);
      assert.ok(headers['request-id']);
      assert.deepEqual(jsonOf(text), {
        ...jsonOf(text),
        type: 'message',
        role: 'assistant',
        model: 'claude',
        content: [{ type: 'text', text: 'Echo: hello world' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 5, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      });
    });
  });

  it('ollama: one done object when stream is false', async () => {
    await withFake('ollama', async (fake) => {
      const { text } = await postChat(fake, { model: 'llama3.2', stream: false, messages: hello });
      const body = jsonOf(text);
      assert.deepEqual(body.message, { role: 'assistant', content: 'Echo: hello world' });
      assert.equal(body.done, true);
      assert.equal(body.done_reason, 'stop');
      assert.deepEqual([body.prompt_eval_count, body.eval_count], [3, 5]);
    });
  });

  it('behaviour overrides: text, usage, finish; max_tokens cuts the answer to length', async () => {
    await withFake('openai', async (fake) => {
      fake.enqueue({ kind: 'reply', text: 'scripted', usage: { prompt: 7, completion: 9 }, finish: 'length' });
      const scripted = jsonOf((await postChat(fake, { model: 'm', messages: hello })).text) as unknown as OpenAiCompletion;
      assert.equal(scripted.choices[0]?.message.content, 'scripted');
      assert.equal(scripted.choices[0]?.finish_reason, 'length');
      assert.deepEqual([scripted.usage.prompt_tokens, scripted.usage.completion_tokens], [7, 9]);
      const limited = jsonOf((await postChat(fake, { model: 'm', max_tokens: 2, messages: hello })).text) as unknown as OpenAiCompletion;
      assert.equal(limited.choices[0]?.message.content, 'Echo: he');
      assert.equal(limited.choices[0]?.finish_reason, 'length');
    });
  });
});

describe('stream framing', () => {
  it('openai: data chunks ending in [DONE]; usage chunk only when include_usage was sent', async () => {
    await withFake('openai', async (fake) => {
      const plain = sseBlocks((await postChat(fake, { model: 'm', stream: true, messages: hello })).text);
      assert.ok(plain.every((block) => block.event === undefined));
      assert.equal(plain.at(-1)?.data, '[DONE]');
      const chunks = plain.slice(0, -1).map((block) => JSON.parse(block.data) as OpenAiChunk);
      assert.ok(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.usage === undefined));
      assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'Echo: hello world');
      assert.ok(chunks.length >= 6, 'the text arrives in several events');
      assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');

      const withUsage = sseBlocks(
        (await postChat(fake, { model: 'm', stream: true, stream_options: { include_usage: true }, messages: hello })).text,
      );
      const usageChunk = JSON.parse(withUsage.at(-2)?.data ?? '') as OpenAiChunk;
      assert.deepEqual(usageChunk.choices, []);
      assert.deepEqual(usageChunk.usage, { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
      const earlier = withUsage.slice(0, -2).map((block) => JSON.parse(block.data) as OpenAiChunk);
      assert.ok(earlier.every((chunk) => chunk.usage === null));
    });
  });

  it('deepseek: reasoning_content deltas before the content', async () => {
    await withFake('deepseek', async (fake) => {
      fake.enqueue({ kind: 'reply', reasoning: 'thinking hard', text: 'answer' });
      const blocks = sseBlocks((await postChat(fake, { model: 'deepseek-reasoner', stream: true, messages: hello })).text);
      const deltas = blocks.slice(0, -1).map((block) => (JSON.parse(block.data) as OpenAiChunk).choices[0]?.delta);
      assert.equal(deltas.map((delta) => delta?.reasoning_content ?? '').join(''), 'thinking hard');
      assert.equal(deltas.map((delta) => delta?.content ?? '').join(''), 'answer');
      const firstContent = deltas.findIndex((delta) => typeof delta?.content === 'string' && delta.content !== '');
      const lastReasoning = deltas.findLastIndex((delta) => delta?.reasoning_content !== undefined);
      assert.ok(lastReasoning < firstContent);
    });
  });

  it('anthropic: named events from message_start to message_stop, with tool_use input pieces', async () => {
    await withFake('anthropic', async (fake) => {
      fake.enqueue({ kind: 'reply', text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
      const tools = [{ name: 'get_weather', input_schema: { type: 'object' } }];
      const { headers, text } = await postChat(fake, { model: 'c', max_tokens: 50, stream: true, tools, messages: hello });
      assert.match(String(headers['content-type']), /^text\/event-stream/);
      const blocks = sseBlocks(text);
      for (const block of blocks) assert.equal((JSON.parse(block.data) as { type: string }).type, block.event);
      const events = blocks.map((block) => block.event);
      assert.deepEqual([events[0], events[1], events.at(-2), events.at(-1)], ['message_start', 'ping', 'message_delta', 'message_stop']);
      const partialJson = blocks
        .map((block) => JSON.parse(block.data) as { delta?: { type: string; partial_json?: string } })
        .filter((data) => data.delta?.type === 'input_json_delta')
        .map((data) => data.delta?.partial_json);
      assert.ok(partialJson.length > 1);
      assert.equal(partialJson.join(''), '{"city":"Paris"}');
      const messageDelta = JSON.parse(blocks.at(-2)?.data ?? '') as { delta: { stop_reason: string }; usage: { output_tokens: number } };
      assert.equal(messageDelta.delta.stop_reason, 'tool_use');
      assert.equal(messageDelta.usage.output_tokens, 3 + 4);
    });
  });

  it('ollama: NDJSON (streaming by default) ending in a done object with the counts', async () => {
    await withFake('ollama', async (fake) => {
      const { headers, text } = await postChat(fake, { model: 'llama3.2', messages: hello });
      assert.equal(headers['content-type'], 'application/x-ndjson');
      const lines = ndjsonLines(text);
      assert.ok(lines.slice(0, -1).every((line) => line.done === false));
      assert.equal(lines.map((line) => (line.message as { content: string }).content).join(''), 'Echo: hello world');
      const last = lines.at(-1) ?? {};
      assert.deepEqual([last.done, last.done_reason, last.prompt_eval_count, last.eval_count], [true, 'stop', 3, 5]);
    });
  });
});

describe('other endpoints', () => {
  it('models lists and the local VRAM report in their documented shapes; unknown paths are 404', async () => {
    const expectations: Array<[FakeKind, string, (body: Record<string, unknown>) => void]> = [
      ['openai', '/models', (body) => assert.equal(body.object, 'list')],
      ['deepseek', '/models', (body) => assert.equal((body.data as Array<{ id: string }>)[0]?.id, 'deepseek-chat')],
      ['anthropic', '/v1/models', (body) => assert.equal(body.has_more, false)],
      ['ollama', '/api/tags', (body) => assert.equal((body.models as Array<{ name: string }>)[0]?.name, 'llama3.2')],
      ['local', '/health/vram', (body) => assert.deepEqual(body, { total_mb: 8000, used_mb: 6000, free_mb: 2000 })],
    ];
    for (const [kind, path, check] of expectations) {
      const fake = await startFakeUpstream(kind, { vram: { total_mb: 8000, used_mb: 6000, free_mb: 2000 } });
      try {
        const headers = { 'anthropic-version': '2023-06-01' };
        const response = await request(`${fake.baseUrl}${path}`, { headers });
        assert.equal(response.statusCode, 200, kind);
        check(jsonOf(await response.body.text()));
        const missing = await request(`${fake.baseUrl}/nowhere`, { headers });
        assert.equal(missing.statusCode, 404, kind);
        await missing.body.dump();
        assert.deepEqual(
          fake.requests.map((entry) => entry.path),
          [path, '/nowhere'].map((suffix) => `${new URL(fake.baseUrl).pathname.replace(/\/$/, '')}${suffix}`),
        );
      } finally {
        await fake.close();
      }
    }
  });
});
