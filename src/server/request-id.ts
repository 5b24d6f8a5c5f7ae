import { randomBytes } from 'node:crypto';

/** A fresh request id. Client-supplied ids are not trusted: the gateway's own id is the one audited. */
export function newRequestId(): string {
  return `req_${randomBytes(12).toString('hex')}`;
}
