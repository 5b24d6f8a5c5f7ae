/**
 * An API key as stored. The secret itself is never stored: only the SHA-256 of it (`hash`), so a
 * copy of the database does not let anyone call the gateway. Times are epoch milliseconds.
 */
export interface KeyRecord {
  /** The public part of the key (`sk-sllm-<id>-<secret>`), safe to show and log. */
  id: string;
  name?: string;
  tenant: string;
  /** Hex SHA-256 of the secret part. */
  hash: string;
  /** Providers this key may use; undefined means all. */
  providers?: readonly string[];
  /** Models (`provider/model` ids or aliases) this key may use; undefined means all. */
  models?: readonly string[];
  /** Requests per minute for this key; undefined means the configured default. */
  rpm?: number;
  budgetUsd?: number;
  admin: boolean;
  /** Requests with this key may only go to local providers (`local`, `ollama`). */
  localOnly?: boolean;
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
}

/**
 * Where API keys live. Asynchronous although SQLite is not, so that PostgreSQL can implement the
 * same contract without changing its callers.
 */
export interface KeyStore {
  /** Adds a key; fails when the id is already taken. */
  create(record: KeyRecord): Promise<void>;
  findById(id: string): Promise<KeyRecord | undefined>;
  /** Every key, revoked and expired ones included, oldest first. */
  list(): Promise<KeyRecord[]>;
  /**
   * Marks a key revoked. Returns false when no key has this id. Revoking twice keeps the time of
   * the first revocation.
   */
  revoke(id: string, at?: number): Promise<boolean>;
  close(): Promise<void>;
}
