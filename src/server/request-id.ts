import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
/**
 * Random bytes for this many ids are drawn at once: one CSPRNG call per request cost more than the
 * rest of making the id (Node's own `randomUUID` keeps such a cache for the same reason).
 */
const IDS_PER_DRAW = 256;
const pool = Buffer.alloc(ID_BYTES * IDS_PER_DRAW);
let offset = pool.length;

/** A fresh request id. Client-supplied ids are not trusted: the gateway's own id is the one audited. */
export function newRequestId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `req_${id}`;
}
