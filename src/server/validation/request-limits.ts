import { configSchema, type LimitsConfig } from '../../config/schema.js';

/** What one chat request may hold; the `[limits]` section of the config. */
export type RequestLimits = Readonly<LimitsConfig>;

/**
 * The documented defaults, taken from the config schema itself so that the parsers used without a
 * config (codec tests, the CLI's one-off requests) enforce exactly what `[limits]` would.
 */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = Object.freeze(configSchema.shape.limits.parse({}));
