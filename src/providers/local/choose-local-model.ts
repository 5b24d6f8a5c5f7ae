/** One `[[providers.local.models]]` entry. */
export interface LocalModelSpec {
  name: string;
  vramMb: number;
  contextTokens: number;
}

/** What the model choice looks at, read fresh (or from the ~1 s cache) for each request. */
export interface LocalResourceState {
  /** Model names the upstream lists on `GET /v1/models`. */
  available: ReadonlySet<string>;
  freeMb: number;
  /** `vram_threshold_mb`: below this much free VRAM nothing is started. */
  thresholdMb: number;
  /** Prompt tokens (counted with the tokenizer) plus the request's `max_tokens`. */
  neededTokens: number;
}

export type LocalChoice = { ok: true; model: LocalModelSpec } | { ok: false; reason: string };

/**
 * Most capable first: the larger `vram_mb` (a bigger model), then the larger `context_tokens`,
 * then the order of the config. VRAM comes first because it is the better proxy for a model's
 * size and quality; context breaks ties between variants of one model.
 */
export function rankLocalModels(models: readonly LocalModelSpec[]): LocalModelSpec[] {
  return models
    .map((model, index) => ({ model, index }))
    .sort((a, b) => b.model.vramMb - a.model.vramMb || b.model.contextTokens - a.model.contextTokens || a.index - b.index)
    .map(({ model }) => model);
}

/**
 * `local/auto`: the most capable configured model that the upstream serves, that fits the free
 * VRAM and whose context holds the request. Declines (for `insufficient_resources`) when free
 * VRAM is under the threshold or when no model fits, saying why for each one.
 */
export function chooseLocalModel(models: readonly LocalModelSpec[], state: LocalResourceState): LocalChoice {
  if (models.length === 0) return { ok: false, reason: 'local/auto needs [[providers.local.models]] in the config' };
  const low = belowThreshold(state);
  if (low !== undefined) return { ok: false, reason: low };
  const refusals: string[] = [];
  for (const model of rankLocalModels(models)) {
    const refusal = whyNot(model, state);
    if (refusal === undefined) return { ok: true, model };
    refusals.push(`${model.name}: ${refusal}`);
  }
  return { ok: false, reason: `no local model can take this request (${state.freeMb} MB VRAM free, ${state.neededTokens} tokens needed): ${refusals.join('; ')}` };
}

/**
 * `local/<name>`: can this one model run now? Undefined when it can. A model missing from
 * `[[providers.local.models]]` has no known size: only the threshold applies to it.
 */
export function checkLocalModel(name: string, spec: LocalModelSpec | undefined, state: LocalResourceState): string | undefined {
  const low = belowThreshold(state);
  if (low !== undefined) return low;
  if (spec === undefined) return undefined;
  const refusal = whyNot(spec, state);
  return refusal === undefined ? undefined : `local model ${name} cannot run now: ${refusal}`;
}

function belowThreshold(state: LocalResourceState): string | undefined {
  if (state.freeMb >= state.thresholdMb) return undefined;
  return `only ${state.freeMb} MB of VRAM free, below vram_threshold_mb = ${state.thresholdMb}`;
}

function whyNot(model: LocalModelSpec, state: LocalResourceState): string | undefined {
  if (!state.available.has(model.name)) return 'not served by the local upstream (/v1/models)';
  if (model.vramMb > state.freeMb) return `needs ${model.vramMb} MB of VRAM, ${state.freeMb} MB free`;
  if (model.contextTokens < state.neededTokens) return `context of ${model.contextTokens} tokens, the request needs ${state.neededTokens}`;
  return undefined;
}
