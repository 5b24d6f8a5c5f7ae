import { z } from 'zod';
import { parseDuration } from '../../cli/duration.js';
import type { CreateApiKeyOptions } from '../../security/create-api-key.js';
import { parseWithSchema } from '../invalid-request-error.js';

/** Names and tenants end up in tables and logs: no control characters, no absurd lengths (as the CLI). */
// eslint-disable-next-line no-control-regex
const label = z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'must hold no control characters');

/** A restriction list; duplicates are dropped, an empty list is refused (a key that may use nothing is a mistake). */
const nameList = (item: z.ZodString) =>
  z
    .array(item)
    .min(1, 'give at least one entry, or leave the field out to allow all')
    .max(1000)
    .transform((items) => [...new Set(items)]);

const expiresIn = z.string().transform((text, context) => {
  try {
    return parseDuration(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/**
 * The body of `POST /admin/keys`, in the CLI's vocabulary (`keys create --tenant … --expires-in
 * 30d`) spelled as JSON. Strict: an unknown field is an error, so a misspelt restriction
 * (`model` for `models`) cannot silently create an unrestricted key.
 */
export const createKeyRequestSchema = z.strictObject({
  tenant: label,
  name: label.optional(),
  providers: nameList(z.string().regex(/^[a-z0-9_-]+$/, 'provider names are lower-case letters, digits, _ and -')).optional(),
  models: nameList(z.string().trim().min(1).max(200)).optional(),
  rpm: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  budget_usd: z.number().nonnegative().finite().optional(),
  expires_in: expiresIn.optional(),
  admin: z.boolean().optional(),
  /** Requests with the key may only go to local providers (`local`, `ollama`). */
  local_only: z.boolean().optional(),
});

/** Validates a parsed body (400 naming the field otherwise) and turns it into `createApiKey` options. */
export function parseCreateKeyRequest(body: unknown): CreateApiKeyOptions {
  const parsed = parseWithSchema(createKeyRequestSchema, body);
  const options: CreateApiKeyOptions = { tenant: parsed.tenant, admin: parsed.admin ?? false };
  if (parsed.name !== undefined) options.name = parsed.name;
  if (parsed.providers !== undefined) options.providers = parsed.providers;
  if (parsed.models !== undefined) options.models = parsed.models;
  if (parsed.rpm !== undefined) options.rpm = parsed.rpm;
  if (parsed.budget_usd !== undefined) options.budgetUsd = parsed.budget_usd;
  if (parsed.expires_in !== undefined) options.expiresInMs = parsed.expires_in;
  if (parsed.local_only === true) options.localOnly = true;
  return options;
}
