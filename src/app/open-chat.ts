import type { Config } from '../config/schema.js';
import type { Logger } from '../core/logger.js';
import type { ChatSession } from './chat-session.js';
import { gatewayUrlOf, probeGateway } from './detect-gateway.js';
import { createClientAgent, openHttpChat, type ClientTls } from './http-chat.js';
import { openInProcessChat } from './in-process-chat.js';
import type { RateLimitStore } from '../security/rate-limit/rate-limit-store.js';

export interface OpenChatOptions {
  /** A gateway key; required when the turns go to a running server (unless a client certificate is given). */
  apiKey?: string;
  /** Talk to the gateway at this URL; no detection, no in-process fallback. */
  url?: string;
  /** CA and client certificate for a TLS gateway. */
  tls?: ClientTls;
  logger?: Logger;
  /** In process only: rate-limit buckets shared by several sessions of one process. */
  rateLimitStore?: RateLimitStore;
}

/** Why a chat session could not be opened: one line for the operator. */
export class ChatStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatStartError';
  }
}

/**
 * Opens a chat session the safe way round: a gateway already answering `/healthz` on the config's
 * address gets the turns over HTTP (it alone writes the audit log, whose hash chain a second writer
 * would break); only when nothing listens there does the pipeline run in this process.
 */
export async function openChat(config: Readonly<Config>, options: OpenChatOptions = {}): Promise<ChatSession> {
  const url = options.url ?? gatewayUrlOf(config);
  if (options.url === undefined) {
    const agent = createClientAgent(options.tls);
    const probe = await probeGateway(url, agent).finally(() => agent.close());
    if (probe.kind === 'absent') {
      return openInProcessChat(config, {
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        ...(options.rateLimitStore === undefined ? {} : { rateLimitStore: options.rateLimitStore }),
      });
    }
    if (probe.kind === 'unusable') {
      throw new ChatStartError(`something listens on ${url} but is not a gateway chat can use (${probe.reason}); stop it, or name the gateway with --url and its CA with --ca`);
    }
  }
  if (options.apiKey === undefined && options.tls?.cert === undefined) {
    throw new ChatStartError(`a gateway is running at ${url}: chat sends its turns there and needs an API key (--key or SECURELLM_API_KEY)`);
  }
  return openHttpChat(url, {
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
}
