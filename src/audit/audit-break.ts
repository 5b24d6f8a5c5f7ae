/**
 * How a trail was found broken. `torn` is what a crash leaves (repaired at the next start); every
 * other kind means the files were changed after they were written.
 */
export type AuditBreakKind =
  | 'edited'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'duplicated'
  | 'truncated'
  | 'resealed'
  | 'torn'
  | 'checkpoint_invalid'
  | 'checkpoint_missing';

/** The first break found; verification stops there, since nothing after it can be vouched for. */
export interface AuditBreak {
  kind: AuditBreakKind;
  file: string;
  /** 1-based line in `file` (of the log, or of its checkpoint file for checkpoint kinds). */
  line?: number;
  seq?: number;
  message: string;
}
