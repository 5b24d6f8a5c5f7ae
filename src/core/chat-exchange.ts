import type { IncomingHttpHeaders } from 'node:http';
import type { ClientCodec } from '../server/client-codec.js';
import type { Target } from '../routing/target.js';
import type { PeerIdentity } from '../security/tls/peer-identity.js';
import type { GatewayError } from './errors.js';
import type { RequestContext } from './request-context.js';
import type { ChatChunk, ChatRequest, ChatResponse } from './types.js';

/**
 * One chat exchange as the pipeline sees it: where the request comes from and where the answer
 * goes. The HTTP server implements it; the CLI and the MCP server can too, so every caller gets
 * the same stages.
 */
export interface ChatExchange {
  readonly context: RequestContext;
  readonly headers: IncomingHttpHeaders;
  /** The client certificate, when the exchange arrived over TLS with one (see peerOf). */
  readonly peer: PeerIdentity | undefined;
  /** The client's socket address (never a forwarded-for header): the pre-auth throttle's key. */
  readonly remoteAddress: string | undefined;
  readonly codec: ClientCodec;
  /** Reads and parses the JSON body within the size limit. */
  readJson(): Promise<unknown>;
  sendWhole(request: ChatRequest, target: Target, response: ChatResponse): Promise<void>;
  sendStream(request: ChatRequest, target: Target, chunks: AsyncIterable<ChatChunk>): Promise<void>;
  sendError(error: GatewayError): Promise<void>;
}
