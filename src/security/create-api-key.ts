import type { KeyRecord, KeyStore } from '../store/key-store.js';
import { generateApiKey } from './api-key.js';

export interface CreateApiKeyOptions {
  tenant: string;
  name?: string;
  providers?: readonly string[];
  models?: readonly string[];
  rpm?: number;
  budgetUsd?: number;
  admin?: boolean;
  /** Requests with the key may only go to local providers. */
  localOnly?: boolean;
  /** Lifetime from now; undefined means the key does not expire. */
  expiresInMs?: number;
}

export interface CreatedApiKey {
  record: KeyRecord;
  /** The whole key: shown once to whoever asked for it, never stored. */
  key: string;
}

/** Generates a key and stores its record; shared by `keys create` and the admin API. */
export async function createApiKey(store: KeyStore, options: CreateApiKeyOptions, now: number = Date.now()): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const record: KeyRecord = { id: generated.id, tenant: options.tenant, hash: generated.hash, admin: options.admin ?? false, createdAt: now };
  if (options.name !== undefined) record.name = options.name;
  if (options.providers !== undefined) record.providers = [...options.providers];
  if (options.models !== undefined) record.models = [...options.models];
  if (options.rpm !== undefined) record.rpm = options.rpm;
  if (options.budgetUsd !== undefined) record.budgetUsd = options.budgetUsd;
  if (options.localOnly === true) record.localOnly = true;
  if (options.expiresInMs !== undefined) record.expiresAt = now + options.expiresInMs;
  await store.create(record);
  return { record, key: generated.key };
}
