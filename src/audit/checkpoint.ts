import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * A signed statement "file F held records up to `seq`, the last with `mac`, at `time`". The HMAC
 * chain alone cannot tell a cut-off tail or a file re-sealed by someone holding the HMAC key; a
 * checkpoint signed with a key the verifier pins can.
 */
export interface Checkpoint {
  file: string;
  seq: number;
  mac: string;
  time: string;
  /** The file was closed for good (rotation): nothing may follow `seq` in it. */
  closed: boolean;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  signature: string;
}

export function signCheckpoint(checkpoint: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  const signature = sign(null, Buffer.from(canonicalJson(checkpoint)), privateKey).toString('base64');
  return { ...checkpoint, signature };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  const { signature, ...statement } = checkpoint;
  try {
    return verify(null, Buffer.from(canonicalJson(statement)), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A checkpoint line, or undefined when the line is not one (a verifier reports that as tampering). */
export function parseCheckpoint(line: string): SignedCheckpoint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const candidate = value as Record<string, unknown>;
  const { file, seq, mac, time, closed, signature } = candidate;
  if (typeof file !== 'string' || typeof mac !== 'string' || typeof time !== 'string' || typeof signature !== 'string') return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || typeof closed !== 'boolean') return undefined;
  if (Object.keys(candidate).length !== 6) return undefined;
  return { file, seq, mac, time, closed, signature };
}
