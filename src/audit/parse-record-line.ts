/** A log line that parsed as a record: its object, and the two fields every record must have. */
export interface ParsedRecordLine {
  record: Record<string, unknown>;
  seq: number;
  mac: string;
  type: string;
}

const MAC_PATTERN = /^[0-9a-f]{64}$/;

/** Undefined for anything that is not a JSON object with an integer `seq`, a hex `mac` and a `type`. */
export function parseRecordLine(line: string): ParsedRecordLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const { seq, mac, type } = record;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (typeof mac !== 'string' || !MAC_PATTERN.test(mac) || typeof type !== 'string') return undefined;
  return { record, seq, mac, type };
}
