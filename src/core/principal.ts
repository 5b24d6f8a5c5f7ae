/** Who is asking: resolved from an API key and/or a client certificate before anything else. */
export interface Principal {
  keyId: string;
  name?: string;
  tenant: string;
  admin: boolean;
  /** The key is marked local-only: its requests may only go to local providers. */
  localOnly?: boolean;
  /** Providers this principal may use; undefined means all. */
  providers?: readonly string[];
  /** Models (`provider/model` ids or aliases) this principal may use; undefined means all. */
  models?: readonly string[];
  requestsPerMinute?: number;
  budgetUsd?: number;
  /** Epoch milliseconds. */
  expiresAt?: number;
  /** The verified client certificate's identity, when the request came with one. */
  certificate?: string;
}
