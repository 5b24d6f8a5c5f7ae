import type { ChatRequest } from '../../../core/types.js';
import { compileDenyPatterns } from './compile-deny-patterns.js';
import { createDataPolicy } from './data-policy.js';
import type { PiiMode, SecretsMode } from './data-verdict.js';
import { inspectRequest, type RequestInspection } from './inspect-request.js';
import { createOutputFilter, type OutputFilter } from './output-filter.js';

/** `security.guardrails`' `pii`, `secrets` and `deny_patterns`. */
export interface DataGuardOptions {
  pii: PiiMode;
  secrets: SecretsMode;
  denyPatterns: readonly string[];
}

/** PII and secret guards for requests (before they leave) and responses (whole or streamed). */
export interface DataGuard {
  /** Redacted copy or the same request, and the verdict (`block`: refuse with createSensitiveDataError). */
  inspectRequest(request: ChatRequest): RequestInspection;
  /** One per response. */
  createOutputFilter(): OutputFilter;
}

/**
 * Builds the guard once at start: deny patterns are compiled and checked here, so a bad pattern
 * stops the gateway from starting (DenyPatternError names it).
 */
export function createDataGuard(options: DataGuardOptions): DataGuard {
  const denyDetectors = compileDenyPatterns(options.denyPatterns);
  const policyOptions = { pii: options.pii, secrets: options.secrets, denyDetectors };
  const requestPolicy = createDataPolicy(policyOptions, 'request');
  const responsePolicy = createDataPolicy(policyOptions, 'response');
  return {
    inspectRequest: (request) => inspectRequest(request, requestPolicy),
    createOutputFilter: () => createOutputFilter(responsePolicy),
  };
}
