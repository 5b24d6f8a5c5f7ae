import type { AuditBreak } from './audit-break.js';
import type { SignedCheckpoint } from './checkpoint.js';
import { classifyBreak } from './classify-break.js';
import { parseRecordLine, type ParsedRecordLine } from './parse-record-line.js';
import { readLines, type FileLine } from './read-lines.js';
import { expectedMac } from './record-mac.js';

/** Where the chain stands between files: the last record vouched for, and the file it was in. */
export interface ChainPosition {
  seq: number;
  mac: string;
  file: string | null;
}

export interface RecoveryNote {
  /** File and seq of the recovery record. */
  file: string;
  seq: number;
  tornFile: string;
  tornBytes: number;
}

export interface FileVerification {
  records: number;
  end: ChainPosition;
  recoveries: RecoveryNote[];
  break?: AuditBreak;
}

/** How many verified macs are kept to recognise a duplicated line. */
const SEEN_WINDOW = 100_000;

/**
 * Walks one log file from `start`: every record must carry the next seq and a mac chained from
 * the one before; the first must be a link to the previous file; every checkpoint of the file
 * must match the record at its seq, and none may lie beyond the file's end. An incomplete last line
 * ends the walk without a break only when `tailBeingWritten` says the writer is appending it.
 */
export async function verifyLogFile(
  filePath: string,
  name: string,
  key: Buffer,
  start: ChainPosition,
  checkpoints: readonly SignedCheckpoint[],
  /** Asked on an incomplete last line: true when a live writer is still appending it (not a break). */
  tailBeingWritten: () => boolean = () => false,
): Promise<FileVerification> {
  const checkpointMacs = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint.mac]));
  const seen = new Map<number, string>();
  const recoveries: RecoveryNote[] = [];
  let position = start;
  let records = 0;
  const lines = readLines(filePath);
  const broken = (kind: AuditBreak['kind'], line: number, message: string, seq?: number): FileVerification => {
    const found: AuditBreak = { kind, file: name, line, message };
    if (seq !== undefined) found.seq = seq;
    return { records, end: position, recoveries, break: found };
  };

  for await (const line of lines) {
    if (!line.terminated && tailBeingWritten()) break;
    if (!line.terminated) return broken('torn', line.number, 'the last line is incomplete (a crash cut a write short); the next start repairs it', position.seq + 1);
    const parsed = parseRecordLine(line.text);
    const expectedSeq = position.seq + 1;
    if (records === 0) {
      const problem = checkLink(parsed, position, name, line);
      if (problem !== undefined) return { records, end: position, recoveries, break: problem };
    }
    if (parsed === undefined || parsed.seq !== expectedSeq || expectedMac(key, position.mac, parsed.record) !== parsed.mac) {
      const rest = await collectRest(lines);
      const kind = classifyBreak({ key, expectedSeq, previousMac: position.mac, found: parsed, rest, seen });
      return broken(kind, line.number, describe(kind, expectedSeq, parsed), parsed?.seq ?? expectedSeq);
    }
    const signed = checkpointMacs.get(parsed.seq);
    if (signed !== undefined && signed !== parsed.mac) {
      return broken('resealed', line.number, `record ${parsed.seq} chains correctly but is not the record its signed checkpoint names: the file was rewritten with the HMAC key`, parsed.seq);
    }
    if (parsed.type === 'recovery') recoveries.push(recoveryNote(name, parsed));
    records += 1;
    position = { seq: parsed.seq, mac: parsed.mac, file: name };
    seen.set(parsed.seq, parsed.mac);
    if (seen.size > SEEN_WINDOW) seen.delete(parsed.seq - SEEN_WINDOW);
  }

  const beyond = checkpoints.find((checkpoint) => checkpoint.seq > position.seq);
  if (beyond !== undefined) {
    return broken('truncated', records, `a signed checkpoint vouches for record ${beyond.seq} but the file ends at ${position.seq}: its tail was cut off`, position.seq + 1);
  }
  const closing = checkpoints.find((checkpoint) => checkpoint.closed);
  if (closing !== undefined && closing.seq < position.seq) {
    return broken('inserted', records, `records after ${closing.seq}, where the file was closed by a signed checkpoint`, closing.seq + 1);
  }
  return { records, end: position, recoveries };
}

/** The first record of a file must be a link naming the file (and record) the chain comes from. */
function checkLink(parsed: ParsedRecordLine | undefined, position: ChainPosition, name: string, line: FileLine): AuditBreak | undefined {
  const at = { file: name, line: line.number };
  if (parsed === undefined || parsed.type !== 'link') {
    if (parsed !== undefined && parsed.seq > position.seq + 1) return { ...at, kind: 'deleted', seq: position.seq + 1, message: 'the file does not open with its link record: records were deleted from its start' };
    return undefined; // let the chain check classify it
  }
  const { previous_file: previousFile, previous_seq: previousSeq } = parsed.record;
  if (previousFile !== position.file) {
    const missing = typeof previousFile === 'string' ? previousFile : 'none';
    return { ...at, kind: 'deleted', seq: position.seq + 1, message: `the file links back to ${missing}, but the trail before it ends in ${position.file ?? 'nothing'}: a file was removed` };
  }
  if (typeof previousSeq === 'number' && previousSeq > position.seq) {
    return { ...at, kind: 'truncated', seq: position.seq + 1, message: `the file links back to record ${previousSeq} of ${String(previousFile)}, which ends at ${position.seq}: its tail was cut off` };
  }
  if (typeof previousSeq === 'number' && previousSeq < position.seq) {
    return { ...at, kind: 'inserted', seq: previousSeq + 1, message: `${String(previousFile)} holds records after ${previousSeq}, where this file took over the chain` };
  }
  return undefined;
}

/** Reads the remainder of the file after a break, for classification only. */
async function collectRest(lines: AsyncGenerator<FileLine>): Promise<ParsedRecordLine[]> {
  const rest: ParsedRecordLine[] = [];
  for await (const line of lines) {
    const parsed = parseRecordLine(line.text);
    if (parsed !== undefined) rest.push(parsed);
  }
  return rest;
}

function recoveryNote(file: string, parsed: ParsedRecordLine): RecoveryNote {
  const { file: tornFile, torn_bytes: tornBytes } = parsed.record;
  return { file, seq: parsed.seq, tornFile: typeof tornFile === 'string' ? tornFile : file, tornBytes: typeof tornBytes === 'number' ? tornBytes : 0 };
}

function describe(kind: AuditBreak['kind'], expectedSeq: number, parsed: ParsedRecordLine | undefined): string {
  const found = parsed === undefined ? 'a line that is not an audit record' : `record ${parsed.seq}`;
  switch (kind) {
    case 'edited':
      return `record ${expectedSeq} was changed after it was written (its mac does not match)`;
    case 'inserted':
      return `${found} was inserted where record ${expectedSeq} belongs`;
    case 'reordered':
      return `${found} stands where record ${expectedSeq} belongs: records were moved`;
    case 'duplicated':
      return `${found} is a copy of a record already in the trail`;
    case 'deleted':
      return `record ${expectedSeq}${parsed !== undefined && parsed.seq > expectedSeq + 1 ? ` to ${parsed.seq - 1}` : ''} is missing`;
    default:
      return `${found} breaks the chain at ${expectedSeq}`;
  }
}
