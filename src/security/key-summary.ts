import type { KeyRecord } from '../store/key-store.js';

export type KeyStatus = 'active' | 'revoked' | 'expired';

/**
 * What may be shown about a key (CLI `keys list`, admin API): everything but the hash, times as
 * ISO 8601, and its status at `now`.
 */
export interface KeySummary {
  id: string;
  name?: string;
  tenant: string;
  status: KeyStatus;
  admin: boolean;
  /** Present (true) only on keys marked local-only. */
  localOnly?: boolean;
  providers?: readonly string[];
  models?: readonly string[];
  rpm?: number;
  budgetUsd?: number;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

export function keyStatus(record: KeyRecord, now: number): KeyStatus {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.expiresAt !== undefined && record.expiresAt <= now) return 'expired';
  return 'active';
}

export function summarizeKey(record: KeyRecord, now: number): KeySummary {
  // Built field by field rather than by deleting `hash` from a copy, so a field added to
  // KeyRecord later is not shown until someone decides it may be.
  return {
    id: record.id,
    ...(record.name === undefined ? {} : { name: record.name }),
    tenant: record.tenant,
    status: keyStatus(record, now),
    admin: record.admin,
    ...(record.localOnly === true ? { localOnly: true } : {}),
    ...(record.providers === undefined ? {} : { providers: record.providers }),
    ...(record.models === undefined ? {} : { models: record.models }),
    ...(record.rpm === undefined ? {} : { rpm: record.rpm }),
    ...(record.budgetUsd === undefined ? {} : { budgetUsd: record.budgetUsd }),
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.expiresAt === undefined ? {} : { expiresAt: new Date(record.expiresAt).toISOString() }),
    ...(record.revokedAt === undefined ? {} : { revokedAt: new Date(record.revokedAt).toISOString() }),
  };
}
