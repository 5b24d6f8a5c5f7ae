import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditDecision, AuditEvent } from '../audit/audit-event.js';
import { ERROR_CODES, GatewayError, type ErrorCode } from '../core/errors.js';
import type { Gateway } from '../core/gateway.js';
import { findSensitiveSpans } from '../security/guardrails/data/find-sensitive-spans.js';
import { redactSpans } from '../security/guardrails/data/redact-spans.js';
import { SECRET_DETECTORS } from '../security/guardrails/data/secret-detectors.js';
import { openaiCodec, type ClientCodec } from './client-codec.js';
import { sendErrorResponse } from './error-response.js';
import { openRouteNotes, type RouteNotes } from './route-notes.js';

export interface RouteAuditOptions {
  /** The route's name in the record (see endpointLabel). */
  endpoint: string;
  /**
   * With `on_failure = "refuse"` and a failed audit log, answer 503 instead of running the route
   * (the default). Health checks and refusals set it false: a load balancer must still see the
   * gateway's state, and a refusal serves nothing.
   */
  refuseWhenUnaudited?: boolean;
  /** The format of that 503 (Anthropic's on its path); OpenAI's by default. */
  codec?: ClientCodec;
}

/**
 * The audit record of a request no chat pipeline handles (models, health, metrics, admin, 404 and
 * 405 answers, refusals before any route). The record is written when the route ends its
 * response and before that response's bytes leave: the route's `end()` call is held until the
 * append resolves, so an answer a client received whole always has its record. A client that goes
 * away before the route answers is recorded as 499. Routes add what they learn (the caller, an
 * admin action, an error code) through route-notes.ts.
 *
 * Returns false when the request was refused with 503 `audit_unavailable` instead of run.
 */
export function auditRoute(gateway: Gateway, request: IncomingMessage, response: ServerResponse, requestId: string, options: RouteAuditOptions): boolean {
  const notes = openRouteNotes(response);
  const startedAt = performance.now();
  let written = false;
  const write = (status: number): Promise<void> => {
    written = true;
    return gateway.writeAuditRecord(routeEventOf(requestId, request.method, options.endpoint, notes, status, startedAt));
  };
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = function endAfterRecord(...args: unknown[]): ServerResponse {
    // Back to ServerResponse.prototype.end for any later call.
    Reflect.deleteProperty(response, 'end');
    if (written) return end(...args);
    const status = response.statusCode;
    write(status).then(
      () => end(...args),
      () => {
        // on_failure = "refuse" and the append failed: a refusal still goes out, an answer does not.
        if (status >= 400 || options.refuseWhenUnaudited === false) end(...args);
        else response.destroy();
      },
    );
    return response;
  } as ServerResponse['end'];
  response.once('close', () => {
    if (!written) void write(499).catch(() => undefined);
  });
  if (options.refuseWhenUnaudited === false) return true;
  try {
    gateway.checkAuditable();
    return true;
  } catch (error) {
    sendErrorResponse(response, options.codec ?? openaiCodec, error instanceof GatewayError ? error : new GatewayError('audit_unavailable', 'the audit log cannot be written'), requestId);
    return false;
  }
}

/**
 * A refusal written raw on the socket (HTTP parser errors, CONNECT): there is no response to hold,
 * so the record is appended and then the caller answers. Its failure does not stop the refusal.
 */
export function auditRawRefusal(gateway: Gateway): (refusal: RawRefusalRecord) => Promise<void> {
  return async function recordRawRefusal(refusal) {
    const notes: RouteNotes = { reasonCode: refusal.code };
    const event = routeEventOf(refusal.requestId, refusal.method, refusal.endpoint, notes, refusal.status, refusal.startedAt);
    await gateway.writeAuditRecord(event).catch(() => undefined);
  };
}

export interface RawRefusalRecord {
  requestId: string;
  status: number;
  code: string;
  /** performance.now() when the refusal was decided. */
  startedAt: number;
  method?: string;
  endpoint?: string;
}

const MAXIMUM_ENDPOINT_LENGTH = 200;
const KEY_PATH_PREFIX = '/admin/keys/';

/**
 * The endpoint as recorded: the path without its query; a key's admin path as its template
 * (`/admin/keys/{id}`: the id, when it is one, is recorded as `action_key_id`). Other paths (404s)
 * are kept for what they tell about scanning, cut to 200 characters and with anything that looks
 * like a secret replaced, since people paste keys into the wrong places.
 */
export function endpointLabel(url: string | undefined): string {
  const query = url?.indexOf('?') ?? -1;
  const path = url === undefined ? '/' : query === -1 ? url : url.slice(0, query);
  if (path.startsWith(KEY_PATH_PREFIX) && path.length > KEY_PATH_PREFIX.length && !path.includes('/', KEY_PATH_PREFIX.length)) return `${KEY_PATH_PREFIX}{id}`;
  // Secrets are found in the whole path before the cut: a key the cut falls inside would no longer be recognised.
  const spans = findSensitiveSpans(path, SECRET_DETECTORS);
  const redacted = spans.length === 0 ? path : redactSpans(path, spans, () => true);
  return redacted.length > MAXIMUM_ENDPOINT_LENGTH ? redacted.slice(0, MAXIMUM_ENDPOINT_LENGTH) : redacted;
}

function routeEventOf(requestId: string, method: string | undefined, endpoint: string | undefined, notes: RouteNotes, status: number, startedAt: number): AuditEvent {
  const event: AuditEvent = {
    requestId,
    durationMs: Math.round(performance.now() - startedAt),
    status,
    decision: decisionOf(status, notes.reasonCode),
  };
  if (endpoint !== undefined) event.endpoint = endpoint;
  if (method !== undefined) event.method = method;
  const principal = notes.principal;
  if (principal !== undefined) {
    event.userId = principal.name ?? principal.certificate ?? principal.keyId;
    event.tenant = principal.tenant;
    event.keyId = principal.keyId;
  }
  if (notes.reasonCode !== undefined) event.reasonCode = notes.reasonCode;
  if (notes.action !== undefined) event.action = notes.action;
  if (notes.actionKeyId !== undefined) event.actionKeyId = notes.actionKeyId;
  return event;
}

/** Answered is `allowed`; a 4xx (by the error code's own status when there is one) `refused`; 5xx and 499 `failed`. */
function decisionOf(status: number, reasonCode: string | undefined): AuditDecision {
  if (status < 400) return 'allowed';
  const codeStatus = reasonCode === undefined ? status : (ERROR_CODES[reasonCode as ErrorCode]?.status ?? status);
  return codeStatus >= 500 || status === 499 ? 'failed' : 'refused';
}
