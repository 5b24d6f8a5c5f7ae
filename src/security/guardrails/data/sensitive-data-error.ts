import { GatewayError, type ErrorCode } from '../../../core/errors.js';
import type { DataVerdict } from './data-verdict.js';

/**
 * The code of a refusal for sensitive data. Proposed: a dedicated `sensitive_data_blocked` (422, not
 * retryable) in ERROR_CODES; until the table has it, `unprocessable` carries the same status.
 */
export const SENSITIVE_DATA_ERROR_CODE: ErrorCode = 'sensitive_data_blocked';

/**
 * The error for a `block` verdict. The message names detectors and counts, never the matched text,
 * so it is safe to send to the client and to log.
 */
export function createSensitiveDataError(verdict: DataVerdict, side: 'request' | 'response'): GatewayError {
  const found = verdict.findings.map((finding) => `${finding.detector} ×${finding.count}`).join(', ');
  const subject = side === 'request' ? 'The request was refused' : 'The response was stopped';
  return new GatewayError(SENSITIVE_DATA_ERROR_CODE, `${subject}: it contains sensitive data (${found}).`, side === 'request' ? { param: 'messages' } : {});
}
