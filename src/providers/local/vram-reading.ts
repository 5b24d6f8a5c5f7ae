import { ProviderError } from '../../core/errors.js';
import type { Transport } from '../transport.js';

/** ml-offload-api's `GET /health/vram` answer, in the gateway's spelling. */
export interface VramReading {
  totalMb: number;
  usedMb: number;
  freeMb: number;
}

/** The reading is a few numbers; anything longer is not one. */
const VRAM_BODY_LIMIT = 16 * 1024;

/**
 * Asks ml-offload-api how much VRAM is free: `GET {base_url}/health/vram` answers
 * `{"total_mb","used_mb","free_mb"}`. Lenient with the shape (only `free_mb` is required; the
 * others are derived when missing), strict with the values: a reading that is not a finite,
 * non-negative number is an upstream fault, never taken as "plenty free".
 */
export async function readVram(transport: Transport, provider: string, signal: AbortSignal): Promise<VramReading> {
  const response = await transport.request({ method: 'GET', path: '/health/vram', headers: { accept: 'application/json' }, signal });
  if (response.status < 200 || response.status >= 300) {
    await response.body.dump().catch(() => undefined);
    throw new ProviderError('unavailable', `local VRAM probe (/health/vram) answered HTTP ${response.status}`, { provider, upstreamStatus: response.status });
  }
  const reading = parseVramReading(await transport.readJson(response.body, VRAM_BODY_LIMIT));
  if (reading === undefined) throw new ProviderError('unavailable', 'local VRAM probe (/health/vram) sent no usable free_mb', { provider });
  return reading;
}

export function parseVramReading(body: unknown): VramReading | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const freeMb = megabytes(record.free_mb);
  if (freeMb === undefined) return undefined;
  const totalMb = megabytes(record.total_mb) ?? freeMb + (megabytes(record.used_mb) ?? 0);
  const usedMb = megabytes(record.used_mb) ?? Math.max(0, totalMb - freeMb);
  return { totalMb, usedMb, freeMb };
}

function megabytes(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
