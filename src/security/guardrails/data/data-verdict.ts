/**
 * What the data guard decided about one request or one response. A verdict names detectors and
 * counts findings; it never holds the matched text, so it can go to logs and audit records as is.
 */

/** `security.guardrails.pii` */
export type PiiMode = 'redact' | 'block' | 'local_only' | 'flag' | 'off';
/** `security.guardrails.secrets` (deny patterns follow this mode too) */
export type SecretsMode = 'redact' | 'block' | 'flag' | 'off';

/** Deny-pattern matches belong to `secret`: they follow the secrets mode. */
export type DataCategory = 'pii' | 'secret';

/**
 * The strongest thing any finding asked for, in this order: block > local_only > redact > flag > allow.
 * `local_only`: the request may only go to a local provider (its text is unchanged unless secrets
 * were redacted too: see `redactions`).
 */
export type DataAction = 'allow' | 'flag' | 'redact' | 'local_only' | 'block';

export interface DataFinding {
  /** Detector id: `email`, `card`, `openai_key`, `private_key`, `deny:0`, … */
  detector: string;
  category: DataCategory;
  count: number;
}

export interface DataVerdict {
  action: DataAction;
  /** One entry per detector that found something, in the order first found. */
  findings: readonly DataFinding[];
  /** How many spans were replaced by placeholders. */
  redactions: number;
}

export const ALLOW_VERDICT: DataVerdict = Object.freeze({ action: 'allow', findings: Object.freeze([]), redactions: 0 });
