import type { IncomingHttpHeaders } from 'node:http';
import type { ChatExchange } from '../core/chat-exchange.js';
import { GatewayError } from '../core/errors.js';
import type { RequestContext } from '../core/request-context.js';
import type { ChatChunk, ChatRequest, ChatResponse, FinishReason } from '../core/types.js';
import type { Target } from '../routing/target.js';
import type { ClientCodec } from '../server/client-codec.js';
import { CANCELLED, ChatTurnError, type ChatAnswer, type DeltaListener } from './chat-session.js';
import { recordStreamFailure } from '../core/stream-failure.js';

/**
 * A chat exchange inside this process: the body is handed over as a value and the answer goes to
 * a callback, but the request walks the same pipeline as an HTTP one. Like the HTTP exchange, it
 * writes the audit record before the answer is complete, so no answer ends unrecorded.
 */
export class InProcessExchange implements ChatExchange {
  readonly peer = undefined;
  readonly remoteAddress = undefined;
  #answer: ChatAnswer | undefined;
  #failure: GatewayError | undefined;

  constructor(
    readonly context: RequestContext,
    readonly codec: ClientCodec,
    readonly headers: IncomingHttpHeaders,
    private readonly body: unknown,
    private readonly onDelta: DeltaListener,
    private readonly seal: () => Promise<void>,
  ) {}

  readJson(): Promise<unknown> {
    return Promise.resolve(this.body);
  }

  async sendWhole(_request: ChatRequest, target: Target, response: ChatResponse): Promise<void> {
    this.context.status = 200;
    this.context.firstByteAt = performance.now();
    await this.seal();
    if (response.text !== '') this.onDelta(response.text);
    this.#answer = this.answerOf(target, response.text, response.finishReason);
  }

  async sendStream(_request: ChatRequest, target: Target, chunks: AsyncIterable<ChatChunk>): Promise<void> {
    this.context.status = 200;
    this.context.firstByteAt = performance.now();
    let text = '';
    let finishReason: FinishReason | undefined;
    try {
      for await (const chunk of chunks) {
        // Leaving the loop closes the chunk stream; nothing more reaches a caller that cancelled.
        if (this.context.signal.aborted) break;
        if (chunk.type === 'text') {
          this.context.firstTokenAt ??= performance.now();
          text += chunk.text;
          this.onDelta(chunk.text);
        } else if (chunk.type === 'finish') {
          finishReason = chunk.reason;
        }
      }
      if (this.context.signal.aborted) {
        this.context.status = 499;
        await this.seal().catch(() => undefined);
        return;
      }
      await this.seal();
      this.#answer = this.answerOf(target, text, finishReason);
    } catch (error) {
      const failure = await recordStreamFailure(this.context, error, this.context.signal.aborted, () => this.seal());
      if (failure !== undefined) this.#failure = failure;
    }
  }

  async sendError(error: GatewayError): Promise<void> {
    this.context.status = this.context.signal.aborted ? 499 : error.status;
    this.context.errorCode = error.code;
    // A refusal is recorded too; if the audit log itself failed, the error is still reported.
    await this.seal().catch(() => undefined);
    this.#failure = error;
  }

  /** The answer once the pipeline has run, or the reason there is none. */
  result(): ChatAnswer {
    if (this.#answer !== undefined) return this.#answer;
    if (this.context.signal.aborted) throw new ChatTurnError(CANCELLED, 499, 'the turn was cancelled', this.context.requestId);
    const failure = this.#failure ?? new GatewayError('internal_error', 'the gateway gave no answer');
    throw new ChatTurnError(failure.code, failure.status, failure.message, this.context.requestId);
  }

  private answerOf(target: Target, text: string, finishReason: FinishReason | undefined): ChatAnswer {
    const usage = this.context.usage;
    return {
      requestId: this.context.requestId,
      model: target.id,
      provider: target.provider,
      text,
      finishReason,
      usage: usage === undefined ? undefined : { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens },
      costUsd: this.context.cost?.usd,
    };
  }
}
