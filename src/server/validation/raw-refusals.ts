import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../core/logger.js';
import { newRequestId } from '../request-id.js';
import type { RawRefusalRecord } from '../route-audit.js';

/** Writes a raw refusal's audit record (see auditRawRefusal); the answer waits for it. */
export type RecordRawRefusal = (refusal: RawRefusalRecord) => Promise<void>;

const NOT_RECORDED: RecordRawRefusal = async () => {};

/**
 * Answers for what never reaches the request handler: bytes Node's HTTP parser refuses (a
 * malformed request line, oversized headers, a header or request timeout) and CONNECT. There is no
 * ServerResponse then, so the answer is written raw on the socket, as one JSON body in OpenAI's
 * error shape (no path is known yet, so no client format either) with `connection: close`.
 */

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

interface Refusal {
  status: 400 | 405 | 408 | 431;
  code: string;
  message: string;
}

/** Node's own parser and timeout codes, as an answer a client can act on. */
function refusalFor(code: string | undefined): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'request_header_fields_too_large', message: 'request headers are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'the request was not received in time' };
    default:
      return { status: 400, code: 'malformed_http_request', message: `the HTTP request could not be parsed (${code ?? 'unknown error'})` };
  }
}

/** The whole HTTP/1.1 answer, ready to write. */
export function rawErrorResponse(refusal: Refusal, requestId: string): string {
  const body = JSON.stringify({ error: { message: refusal.message, type: 'invalid_request_error', param: null, code: refusal.code } });
  return (
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status] ?? 'Error'}\r\n` +
    'content-type: application/json\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    `x-request-id: ${requestId}\r\n` +
    'connection: close\r\n\r\n' +
    body
  );
}

/**
 * Whether Node is already writing a response on this socket: a raw answer then would be spliced
 * into it. Node keeps that response as `_httpMessage` and makes the same check itself.
 */
function responseStarted(socket: Duplex): boolean {
  const message = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return message?.headersSent === true;
}

function remoteAddressOf(socket: Duplex): string | undefined {
  return (socket as Duplex & { remoteAddress?: string }).remoteAddress;
}

/** Records the refusal, then answers, so a client that read the answer can find its record. */
function recordThenAnswer(record: RecordRawRefusal, socket: Duplex, refusal: Refusal, requestId: string, request: { method?: string; endpoint?: string } = {}): void {
  const startedAt = performance.now();
  void record({ requestId, status: refusal.status, code: refusal.code, startedAt, ...request }).then(() => {
    if (!socket.destroyed) answer(socket, refusal, requestId);
  });
}

function answer(socket: Duplex, refusal: Refusal, requestId: string): void {
  // end() then destroy(): the server allows half-open sockets, and a client that never closes its
  // side must not keep this one.
  socket.end(rawErrorResponse(refusal, requestId), () => socket.destroy());
}

/** The server's `clientError` listener: answer in JSON when the socket can still take it, and log. */
export function answerClientError(logger: Logger, record: RecordRawRefusal = NOT_RECORDED): (error: Error & { code?: string }, socket: Duplex) => void {
  return function onClientError(error, socket) {
    const requestId = newRequestId();
    const refusal = refusalFor(error.code);
    if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
      logger.debug({ request_id: requestId, code: error.code, remote_address: remoteAddressOf(socket) }, 'http: client connection failed');
      socket.destroy();
      return;
    }
    logger.warn(
      { request_id: requestId, code: error.code, status: refusal.status, remote_address: remoteAddressOf(socket) },
      'http: refused a request the parser could not accept',
    );
    // No method or path: the parser did not get that far (or what it got is not to be trusted).
    recordThenAnswer(record, socket, refusal, requestId);
  };
}

/**
 * The server's `connect` listener: the gateway is no proxy, so CONNECT is refused with 405 (without
 * a listener Node would drop the socket without a word).
 */
export function refuseConnect(logger: Logger, record: RecordRawRefusal = NOT_RECORDED): (request: IncomingMessage, socket: Duplex) => void {
  return function onConnect(request, socket) {
    const requestId = newRequestId();
    logger.warn({ request_id: requestId, method: request.method, remote_address: remoteAddressOf(socket) }, 'http: refused CONNECT');
    const refusal: Refusal = { status: 405, code: 'method_not_allowed', message: 'CONNECT is not supported: this gateway is not a proxy' };
    recordThenAnswer(record, socket, refusal, requestId, { method: 'CONNECT' });
  };
}
