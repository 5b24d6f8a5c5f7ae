import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ChatTurnError, answerRecord, type ChatSession, type OpenAIChatBody } from '../app/chat-session.js';
import { ChatStartError, openChat } from '../app/open-chat.js';
import { clientTlsOf } from '../cli/chat-client-tls.js';
import { createLogger, type Logger } from '../core/logger.js';
import { InMemoryRateLimitStore } from '../security/rate-limit/in-memory-rate-limit-store.js';
import { loadMcpConfig, type McpSettings } from './mcp-settings.js';
import { guarded, toolError, toolResult } from './tool-result.js';

const MESSAGE = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().max(1_048_576),
});

/**
 * `chat`: one turn through the gateway's own pipeline (guards, limits, budgets, routing, usage and
 * audit records), in this process or, when a gateway already runs on the config's address, over
 * HTTP to it with `SECURELLM_API_KEY` (see src/app/open-chat.ts). In process, the turn is made as
 * `SECURELLM_API_KEY`'s key when it is set, else as the local operator.
 */
export function registerChatTool(server: McpServer, settings: McpSettings): void {
  // One log destination for the server's life, not one per turn; on stderr (fd 2), since stdout carries the protocol alone.
  let logger: Logger | undefined;
  // One set of rate-limit buckets for the server's life: a gateway is opened per call, and each
  // would otherwise start with full buckets, so no limit would ever refuse an MCP client.
  const rateLimitStore = new InMemoryRateLimitStore();
  server.registerTool(
    'chat',
    {
      title: 'Chat through the gateway',
      description: 'Send one chat turn through SecureLLM Bridge (the same guards, rate limits, budgets, routing and audit records as its HTTP API) and return the answer. Give a prompt, or whole messages.',
      inputSchema: z.strictObject({
        model: z.string().min(1).max(200).describe('provider/model id (openai/gpt-4o-mini) or an alias from [models]'),
        prompt: z.string().min(1).max(1_048_576).optional().describe('the user message (or give messages)'),
        messages: z.array(MESSAGE).min(1).max(1000).optional().describe('the whole conversation, oldest first (instead of prompt)'),
        max_tokens: z.number().int().positive().max(262_144).optional(),
        temperature: z.number().min(0).max(2).optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (input) =>
      guarded(async () => {
        if ((input.prompt === undefined) === (input.messages === undefined)) return toolError('give either prompt or messages');
        const { config } = loadMcpConfig(settings);
        const body: OpenAIChatBody = {
          model: input.model,
          messages: input.messages ?? [{ role: 'user', content: input.prompt ?? '' }],
          ...(input.max_tokens === undefined ? {} : { max_tokens: input.max_tokens }),
          ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
        };
        const apiKey = settings.environment['SECURELLM_API_KEY'];
        logger ??= createLogger(config.logging.level);
        let session: ChatSession;
        try {
          // A running gateway with TLS is reached as `securellm chat` reaches it: the config's CA (and client certificate).
          const tls = clientTlsOf(config, {});
          session = await openChat(config, { logger, rateLimitStore, ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }), ...(tls === undefined ? {} : { tls }) });
        } catch (error) {
          if (error instanceof ChatStartError) return toolError(error.message);
          throw error;
        }
        try {
          const answer = await session.send(body);
          const structured = { ...answerRecord(answer), via: session.endpoint };
          return toolResult(structured, answer.text);
        } catch (error) {
          if (!(error instanceof ChatTurnError)) throw error;
          const structured = { error: { code: error.code, status: error.status, message: error.message }, request_id: error.requestId ?? null, via: session.endpoint };
          return toolError(`the gateway refused the turn (${error.status} ${error.code}): ${error.message}${error.requestId === undefined ? '' : ` [request ${error.requestId}]`}`, structured);
        } finally {
          await session.close();
        }
      }),
  );
}
