import type { ServerResponse } from 'node:http';
import type { Principal } from '../core/principal.js';

/** What a route learned about its request that the audit record needs (see route-audit.ts). */
export interface RouteNotes {
  principal?: Principal;
  reasonCode?: string;
  action?: string;
  actionKeyId?: string;
}

/**
 * Notes kept beside each response whose record route-audit.ts writes. Keyed by the response, so
 * routes add what they learn without their signatures changing; chat responses have no entry and
 * every note on them is a no-op (the pipeline's context carries the same facts).
 */
const notes = new WeakMap<ServerResponse, RouteNotes>();

export function openRouteNotes(response: ServerResponse): RouteNotes {
  const opened: RouteNotes = {};
  notes.set(response, opened);
  return opened;
}

/** The caller, once identified. */
export function noteCaller(response: ServerResponse, principal: Principal): void {
  const entry = notes.get(response);
  if (entry !== undefined) entry.principal = principal;
}

/** The stable error code of a refusal or failure (sendErrorResponse notes every error it sends). */
export function noteReason(response: ServerResponse, code: string): void {
  const entry = notes.get(response);
  if (entry !== undefined) entry.reasonCode = code;
}

/** What an admin call changed, and the id (never the secret) of the key it changed. */
export function noteAction(response: ServerResponse, action: string, keyId?: string): void {
  const entry = notes.get(response);
  if (entry === undefined) return;
  entry.action = action;
  if (keyId !== undefined) entry.actionKeyId = keyId;
}
