import { once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ChatExchange } from '../core/chat-exchange.js';
import type { GatewayError } from '../core/errors.js';
import type { RequestContext } from '../core/request-context.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../core/types.js';
import type { Target } from '../routing/target.js';
import { peerOf, type PeerIdentity } from '../security/tls/peer-identity.js';
import { formatUsd } from '../usage/pricing.js';
import type { ClientCodec } from './client-codec.js';
import { sendErrorResponse } from './error-response.js';
import { readJsonBody, type BodyLimits } from './read-body.js';
import { recordStreamFailure } from '../core/stream-failure.js';

const COST_HEADER = 'x-securellm-cost-usd';

/** A chat exchange over HTTP: the body comes from the request, the answer goes to the response. */
export class HttpChatExchange implements ChatExchange {
  readonly peer: PeerIdentity | undefined;

  constructor(
    readonly context: RequestContext,
    readonly codec: ClientCodec,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly bodyLimits: number | BodyLimits,
    /** Writes the request's audit record; awaited before the last byte of the answer is sent. */
    private readonly seal: () => Promise<void> = async () => {},
  ) {
    this.peer = peerOf(request);
  }

  get headers(): IncomingHttpHeaders {
    return this.request.headers;
  }

  get remoteAddress(): string | undefined {
    return this.request.socket.remoteAddress;
  }

  readJson(): Promise<unknown> {
    return readJsonBody(this.request, this.bodyLimits);
  }

  async sendWhole(request: ChatRequest, target: Target, response: ChatResponse): Promise<void> {
    const body = JSON.stringify(this.codec.serializeResponse({ ...response, model: target.id }, request));
    this.context.status = 200;
    this.context.firstByteAt = performance.now();
    await this.seal();
    this.response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...this.context.responseHeaders,
      ...this.routingHeaders(target),
      [COST_HEADER]: formatUsd(this.context.cost?.usd ?? 0),
    });
    this.response.end(body);
  }

  /**
   * Writes each chunk as soon as it arrives, waiting only when the client's socket is full. The
   * cost is known only at the end, so it travels as an HTTP trailer. A failure after the first
   * byte ends the stream with an error event in the client's format, never a clean-looking end.
   */
  async sendStream(request: ChatRequest, target: Target, chunks: AsyncIterable<ChatChunk>): Promise<void> {
    const response = this.response;
    const writer = this.codec.createStreamWriter(request, target.id);
    this.context.status = 200;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      trailer: COST_HEADER,
      ...this.context.responseHeaders,
      ...this.routingHeaders(target),
    });
    // The headers leave in this tick, in one write with the frames already at hand (the upstream's
    // first events usually come in one read) instead of a write and a client wake-up of their own.
    response.cork();
    response.flushHeaders();
    process.nextTick(() => response.uncork());
    this.context.firstByteAt = performance.now();
    try {
      for await (const chunk of chunks) {
        if (this.context.firstTokenAt === undefined && (chunk.type === 'text' || chunk.type === 'reasoning' || chunk.type === 'tool_call_delta')) {
          this.context.firstTokenAt = performance.now();
        }
        const frame = writer.write(chunk);
        if (frame !== '' && !response.write(frame)) await once(response, 'drain', { signal: this.context.signal });
      }
      // The audit record is written before the stream's last event: no answer ends unrecorded.
      await this.seal();
      response.write(writer.end());
    } catch (error) {
      const failure = await recordStreamFailure(this.context, error, this.context.signal.aborted || response.destroyed, () => this.seal());
      if (failure === undefined) return;
      response.write(writer.fail(failure));
    }
    response.addTrailers({ [COST_HEADER]: formatUsd(this.context.cost?.usd ?? 0) });
    response.end();
  }

  async sendError(error: GatewayError): Promise<void> {
    if (this.context.signal.aborted && this.response.destroyed) {
      this.context.status = 499;
      await this.seal().catch(() => undefined);
      return;
    }
    this.context.status = error.status;
    this.context.errorCode = error.code;
    // A refusal is recorded too; if the audit log itself failed, the error still goes out.
    await this.seal().catch(() => undefined);
    sendErrorResponse(this.response, this.codec, error, this.context.requestId, this.context.responseHeaders);
  }

  private routingHeaders(target: Target): Record<string, string> {
    const headers: Record<string, string> = {
      'x-request-id': this.context.requestId,
      'x-securellm-provider': target.provider,
      'x-securellm-model': target.id,
    };
    if (this.codec.format === 'anthropic') headers['request-id'] = this.context.requestId;
    const ignored = this.context.ignoredSettings;
    if (ignored !== undefined) headers['x-securellm-ignored-params'] = ignored.join(', ');
    return headers;
  }
}
