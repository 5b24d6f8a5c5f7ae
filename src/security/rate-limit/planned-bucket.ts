import type { BucketTake } from './rate-limit-store.js';

export type BucketKind = 'requests' | 'tokens';

/**
 * Whose bucket it is: the key's own (`principal`), the key's share of one provider
 * (`principal_provider`), the key's `--rpm` (`key_rpm`), or the whole gateway's share of an
 * upstream quota (`provider`, shared by every key).
 */
export type BucketScope = 'principal' | 'principal_provider' | 'key_rpm' | 'provider';

export interface BucketLabel {
  readonly kind: BucketKind;
  readonly scope: BucketScope;
  readonly provider?: string;
  readonly keyId?: string;
}

/** A bucket a request takes from, with the numbers its headers and refusal message name. */
export interface PlannedBucket extends BucketTake, BucketLabel {
  /** The configured rate, for messages; the rule holds the same as a per-millisecond refill. */
  readonly perMinute: number;
}

const PREFIX = 'rl';
const SCOPES: readonly string[] = ['principal', 'principal_provider', 'key_rpm', 'provider'];

/**
 * `rl:KIND:SCOPE:PROVIDER:KEYID`. Provider names hold no colon (the config schema says so) and
 * the key id comes last, so any key id parses back unambiguously.
 */
export function bucketKey(label: BucketLabel): string {
  return `${PREFIX}:${label.kind}:${label.scope}:${label.provider ?? ''}:${label.keyId ?? ''}`;
}

export function parseBucketKey(key: string): BucketLabel | undefined {
  const parts = key.split(':');
  if (parts.length < 5 || parts[0] !== PREFIX) return undefined;
  const [, kind = '', scope = '', provider = ''] = parts;
  if ((kind !== 'requests' && kind !== 'tokens') || !SCOPES.includes(scope)) return undefined;
  const keyId = parts.slice(4).join(':');
  const label: { kind: BucketKind; scope: BucketScope; provider?: string; keyId?: string } = { kind, scope: scope as BucketScope };
  if (provider !== '') label.provider = provider;
  if (keyId !== '') label.keyId = keyId;
  return label;
}
