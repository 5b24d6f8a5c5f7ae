import type { AddressClass } from './address-class.js';

/**
 * A connection the egress policy refused before any byte was sent. The message is safe to show a
 * client (no address); `hostname` and `address` are there for the operator's logs.
 */
export class EgressRefusedError extends Error {
  readonly code = 'ERR_EGRESS_REFUSED';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(`upstream address refused by the egress policy (${addressClass.replace('_', '-')})`);
    this.name = 'EgressRefusedError';
  }
}
