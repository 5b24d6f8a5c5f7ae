import type { ProviderResources } from '../core/provider.js';

/** A local provider's VRAM and models as `/readyz` and `GET /admin/providers` show them (snake_case, like the upstream's). */
export function providerResourcesJson(resources: ProviderResources | undefined): Record<string, unknown> {
  if (resources === undefined) return {};
  const json: Record<string, unknown> = {};
  if (resources.vram !== undefined) {
    json.vram = { total_mb: resources.vram.totalMb, used_mb: resources.vram.usedMb, free_mb: resources.vram.freeMb };
  }
  if (resources.vramThresholdMb !== undefined) json.vram_threshold_mb = resources.vramThresholdMb;
  json.models = resources.models.map((model) => ({
    name: model.name,
    available: model.available,
    ...(model.vramMb === undefined ? {} : { vram_mb: model.vramMb }),
    ...(model.contextTokens === undefined ? {} : { context_tokens: model.contextTokens }),
    ...(model.fitsVram === undefined ? {} : { fits_vram: model.fitsVram }),
  }));
  return json;
}
