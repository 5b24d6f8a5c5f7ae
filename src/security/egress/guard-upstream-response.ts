import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { UpstreamBodyRefusedError } from './upstream-body-refused-error.js';

/**
 * Most bytes one upstream response may carry, streams included: a stream that never ends can
 * otherwise hold a connection and a client for as long as the upstream likes. Proposed config key:
 * `routing.max_stream_bytes`.
 */
export const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;

export interface UpstreamResponseGuardOptions {
  /** Total body bytes allowed per response. */
  maxBytes: number;
}

/**
 * An undici interceptor that refuses a response whose body is content-encoded (the transport asks
 * for `identity`, so an encoded body is an upstream ignoring that, and decompression is a memory
 * bomb) and aborts a response once its body passes `maxBytes`. Either way the request fails with
 * an `UpstreamBodyRefusedError` and the connection is torn down.
 */
export function guardUpstreamResponse(options: UpstreamResponseGuardOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function guardedDispatch(dispatchOptions, handler) {
      return dispatch(dispatchOptions, new UpstreamResponseGuard(handler, options.maxBytes));
    };
}

class UpstreamResponseGuard implements Dispatcher.DispatchHandler {
  #received = 0;
  #refused = false;

  constructor(
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly maxBytes: number,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    const encoding = contentEncoding(headers);
    if (encoding !== undefined) {
      this.refuse(
        controller,
        new UpstreamBodyRefusedError('encoded', `upstream sent a compressed body (content-encoding: ${encoding}) although identity was asked for`),
      );
      return;
    }
    this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#refused) return;
    this.#received += chunk.length;
    if (this.#received > this.maxBytes) {
      this.refuse(controller, new UpstreamBodyRefusedError('too_large', `upstream response exceeds ${this.maxBytes} bytes`));
      return;
    }
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    if (this.#refused) return;
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.handler.onResponseError?.(controller, error);
  }

  private refuse(controller: Dispatcher.DispatchController, error: UpstreamBodyRefusedError): void {
    this.#refused = true;
    controller.abort(error);
  }
}

/** The declared encoding, unless it is absent or `identity`. */
function contentEncoding(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['content-encoding'];
  const value = (Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).trim().toLowerCase();
  return value === '' || value === 'identity' ? undefined : value;
}
