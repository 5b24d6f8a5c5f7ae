import { createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The "previous mac" of the very first record: nothing came before it. */
export const GENESIS_MAC = '';

/**
 * mac = HMAC-SHA256(key, previous mac ‖ canonical JSON of the record without `mac`), hex. Chaining
 * the previous mac in makes every record vouch for the whole history before it.
 */
export function computeRecordMac(key: Buffer, previousMac: string, canonicalRecord: string): string {
  return createHmac('sha256', key).update(previousMac).update(canonicalRecord).digest('hex');
}

/** A record sealed into its line: canonical JSON with `mac` added, and a newline. */
export interface SealedRecord {
  line: string;
  mac: string;
}

export function sealRecord(key: Buffer, previousMac: string, record: object): SealedRecord {
  const canonical = canonicalJson(record);
  const mac = computeRecordMac(key, previousMac, canonical);
  // The line need not be canonical itself (verification re-canonicalises what it parses), so the
  // mac is put last instead of serialising the record a second time.
  const line = canonical === '{}' ? `{"mac":"${mac}"}\n` : `${canonical.slice(0, -1)},"mac":"${mac}"}\n`;
  return { line, mac };
}

/** Recomputes the mac of a parsed line (the object without its own `mac`). */
export function expectedMac(key: Buffer, previousMac: string, parsed: Record<string, unknown>): string {
  const { mac: _mac, ...withoutMac } = parsed;
  return computeRecordMac(key, previousMac, canonicalJson(withoutMac));
}
