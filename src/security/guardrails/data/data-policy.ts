import type { DataAction, DataCategory, PiiMode, SecretsMode } from './data-verdict.js';
import type { Detector } from './detector.js';
import { PII_DETECTORS } from './pii-detectors.js';
import { SECRET_DETECTORS } from './secret-detectors.js';

/** What a finding asks for; `allow` is what no finding asks for. */
export type DataHandling = Exclude<DataAction, 'allow'>;

/** The detectors to run on one side (request or response) and what each category's findings ask for. */
export interface DataPolicy {
  /** Secrets first, then deny patterns, then PII; categories that are `off` are left out. */
  readonly detectors: readonly Detector[];
  handling(category: DataCategory): DataHandling;
  /** True when some finding would change or stop the text; a filter may then not release text early. */
  readonly altersText: boolean;
}

export interface DataPolicyOptions {
  pii: PiiMode;
  secrets: SecretsMode;
  denyDetectors: readonly Detector[];
}

/**
 * On the response side `local_only` means `flag`: the answer already came from wherever the request
 * went, and routing it elsewhere is no longer possible.
 */
export function createDataPolicy(options: DataPolicyOptions, side: 'request' | 'response'): DataPolicy {
  const pii: DataHandling | undefined = options.pii === 'off' ? undefined : side === 'response' && options.pii === 'local_only' ? 'flag' : options.pii;
  const secrets: DataHandling | undefined = options.secrets === 'off' ? undefined : options.secrets;
  const detectors = [...(secrets === undefined ? [] : [...SECRET_DETECTORS, ...options.denyDetectors]), ...(pii === undefined ? [] : PII_DETECTORS)];
  const alters = (handling: DataHandling | undefined): boolean => handling === 'redact' || handling === 'block';
  return Object.freeze({
    detectors: Object.freeze(detectors),
    handling: (category: DataCategory): DataHandling => (category === 'pii' ? pii : secrets) ?? 'flag',
    altersText: alters(pii) || alters(secrets),
  });
}
