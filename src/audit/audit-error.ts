/** Why the audit trail could not be opened or written; `code` is stable for callers and logs. */
export type AuditErrorCode = 'write_failed' | 'closed' | 'unhealthy' | 'key_missing' | 'key_mismatch' | 'key_exposed' | 'corrupt_tail' | 'locked' | 'lock_lost';

export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuditError';
  }
}
