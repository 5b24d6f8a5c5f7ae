import type { AuditBreakKind } from './audit-break.js';
import type { ParsedRecordLine } from './parse-record-line.js';
import { expectedMac } from './record-mac.js';

/** What the verifier knows when a line does not continue the chain. */
export interface BreakSituation {
  key: Buffer;
  expectedSeq: number;
  previousMac: string;
  /** The offending line, or undefined when it is not a record at all. */
  found: ParsedRecordLine | undefined;
  /** The records after it in the same file (unparseable lines left out). */
  rest: readonly ParsedRecordLine[];
  /** Macs of records already verified, by seq (a recent window). */
  seen: ReadonlyMap<number, string>;
}

/**
 * Names the change that explains a break, looking ahead in the file: a forged or stray line
 * followed by the real next record was inserted; the expected record further on means lines were
 * moved; an exact copy of a verified record is a duplicate; a jump forward with nothing to fill it
 * means records were deleted; anything else at the right place was edited.
 */
export function classifyBreak(situation: BreakSituation): AuditBreakKind {
  const { key, expectedSeq, previousMac, found, rest, seen } = situation;
  const next = rest[0];
  const nextContinues = next !== undefined && next.seq === expectedSeq && chains(key, previousMac, next);
  if (found === undefined || found.seq === expectedSeq) return nextContinues ? 'inserted' : 'edited';
  if (found.seq < expectedSeq) return seen.get(found.seq) === found.mac ? 'duplicated' : 'inserted';
  if (rest.some((record) => record.seq === found.seq && record.mac === found.mac)) return 'duplicated';
  if (rest.some((record) => record.seq === expectedSeq)) {
    const predecessor = rest.find((record) => record.seq === found.seq - 1);
    return predecessor !== undefined && chains(key, predecessor.mac, found) ? 'reordered' : 'inserted';
  }
  // The record that belongs here, with its seq changed: the next one still chains from its mac.
  if (next !== undefined && next.seq === expectedSeq + 1 && chains(key, found.mac, next)) return 'edited';
  return 'deleted';
}

function chains(key: Buffer, previousMac: string, record: ParsedRecordLine): boolean {
  return expectedMac(key, previousMac, record.record) === record.mac;
}
