import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicCodec, openaiCodec } from '../client-codec.js';
import type { GatewayError } from '../../core/errors.js';
import { sendErrorResponse } from '../error-response.js';
import { invalidRequest } from '../invalid-request-error.js';
import { newRequestId } from '../request-id.js';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;
/** Opens the refusal's audit record (auditRoute), before the refusal is sent. */
type RefusalAudit = (request: IncomingMessage, response: ServerResponse, requestId: string) => void;

/**
 * Headers that must appear at most once. Node silently keeps the first `authorization` or `host`
 * and drops the rest, so two of them would let a proxy in front and the gateway read different
 * credentials or hosts from one request; the gateway refuses rather than pick one.
 */
const SINGLE_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'content-type', 'host', 'anthropic-version']);

function duplicatedHeader(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** What is wrong with the request line or headers as a whole, if anything. */
function headerProblem(request: IncomingMessage, maxHeadersCount: number): GatewayError | undefined {
  // Node answers a request line without a version as HTTP/0.9; nothing the gateway serves is 0.9.
  if (request.httpVersionMajor !== 1) return invalidRequest('', `HTTP/${request.httpVersion} is not supported; use HTTP/1.1`);
  // Node's own check (requireHostHeader) is turned off so that this refusal is JSON like the rest.
  if (request.httpVersionMinor === 1 && request.headers.host === undefined) return invalidRequest('host', 'an HTTP/1.1 request needs a Host header');
  if (request.rawHeaders.length / 2 > maxHeadersCount) return invalidRequest('headers', `the request has more than ${maxHeadersCount} header lines`);
  const duplicate = duplicatedHeader(request.rawHeaders);
  if (duplicate !== undefined) return invalidRequest(duplicate, `the '${duplicate}' header appears more than once; send it once`);
  return undefined;
}

/**
 * Wraps the request listener with the checks that hold for every route before any route runs:
 * HTTP/1.x with a Host, at most `maxHeadersCount` header lines (Node is told one more, because it
 * truncates silently at its limit rather than refusing), and no duplicated credential or framing
 * header. Refusals are 400 in the format of the API the path belongs to, and close the connection.
 */
export function guardRequestHeaders(listener: RequestListener, maxHeadersCount: number, audit: RefusalAudit = () => {}): RequestListener {
  return function handleGuardedRequest(request, response) {
    const problem = headerProblem(request, maxHeadersCount);
    if (problem === undefined) return listener(request, response);
    const requestId = newRequestId();
    audit(request, response, requestId);
    const codec = request.url?.startsWith('/v1/messages') === true ? anthropicCodec : openaiCodec;
    // Any body is left unread: close the connection after the answer instead of draining it.
    response.setHeader('connection', 'close');
    request.resume();
    sendErrorResponse(response, codec, problem, requestId);
  };
}
