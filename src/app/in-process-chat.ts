import { deepFreeze } from '../config/deep-freeze.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createLogger, type Logger } from '../core/logger.js';
import { runChatPipeline } from '../core/pipeline.js';
import { createRequestContext } from '../core/request-context.js';
import { createOpenAICodec } from '../server/openai/openai-codec.js';
import { newRequestId } from '../server/request-id.js';
import type { ChatSession, DeltaListener, OpenAIChatBody } from './chat-session.js';
import { assembleGateway } from './create-gateway.js';
import { InProcessExchange } from './in-process-exchange.js';
import { LocalOperatorAuthenticator } from './local-operator-authenticator.js';
import type { RateLimitStore } from '../security/rate-limit/rate-limit-store.js';

export { ChatTurnError, type ChatAnswer, type ChatSession, type DeltaListener, type OpenAIChatBody, type OpenAIChatMessage } from './chat-session.js';
export { LOCAL_OPERATOR } from './local-operator-authenticator.js';

export interface InProcessChatOptions {
  /** The gateway's structured log (JSON lines on stderr); default: at the config's level. */
  logger?: Logger;
  /** Rate-limit buckets shared by several sessions of one process (see AssembleOptions). */
  rateLimitStore?: RateLimitStore;
  /**
   * A gateway key (`sk-sllm-…`): the turns are made as that key, with its scopes, rate limit and
   * budget, and a wrong or revoked key is refused like over HTTP. Without one, the turns are made
   * as `LOCAL_OPERATOR` (key id and user `local-operator`, tenant `cli`).
   */
  apiKey?: string;
}

/**
 * Chat through the gateway's own pipeline inside this process, without a listening server: the
 * same guards, rate limits, budgets, routing, usage records and hash-chained audit records as a
 * `POST /v1/chat/completions`, with the body validated by the same OpenAI codec.
 *
 * ```ts
 * const session = await openInProcessChat('config.toml');          // or a loaded Config
 * const answer = await session.send(
 *   { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
 *   (text) => process.stdout.write(text),                          // each streamed piece
 * );                                                               // → ChatAnswer (text, model, usage, costUsd, requestId)
 * await session.close();                                           // flushes audit and usage
 * ```
 *
 * A refusal or upstream failure rejects with `ChatTurnError` (`code`, `status`, `message`,
 * `requestId`), its audit record already written. The session keeps no history.
 *
 * Only one process may append to an audit log, or its hash chain breaks: when a gateway server is
 * running on the same config, send the turns to it instead. `openChat` (./open-chat.ts) makes that
 * choice (probes `/healthz` on the config's address) and returns the same `ChatSession`.
 *
 * TLS settings are ignored here (nothing listens), so `require_client_cert` does not lock out the
 * operator who already holds the config, the key store and the audit log.
 */
export async function openInProcessChat(config: Readonly<Config> | string, options: InProcessChatOptions = {}): Promise<ChatSession> {
  const loaded = typeof config === 'string' ? loadConfig(config).config : config;
  const inProcess = deepFreeze({ ...loaded, security: { ...loaded.security, tls: { ...loaded.security.tls, enabled: false } } });
  const logger = options.logger ?? createLogger(loaded.logging.level);
  const assembled = assembleGateway(inProcess, logger, {
    authenticator: (keys) => new LocalOperatorAuthenticator(keys),
    ...(options.rateLimitStore === undefined ? {} : { rateLimitStore: options.rateLimitStore }),
  });
  try {
    await assembled.ready;
  } catch (error) {
    await assembled.close().catch(() => undefined);
    throw error;
  }
  const { gateway } = assembled;
  const codec = createOpenAICodec({ limits: loaded.limits });
  const headers = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
  let closed: Promise<void> | undefined;

  return {
    mode: 'in-process',
    endpoint: 'in-process',
    async send(body: OpenAIChatBody, onDelta: DeltaListener = () => undefined, signal?: AbortSignal) {
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const context = createRequestContext(newRequestId(), 'openai', controller.signal);
        const exchange = new InProcessExchange(context, codec, headers, { ...body, stream: true }, onDelta, () => gateway.seal(context));
        await runChatPipeline(gateway, exchange);
        return exchange.result();
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    close() {
      closed ??= assembled.close();
      return closed;
    },
  };
}
