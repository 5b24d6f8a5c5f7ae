/**
 * The rules that fired across one request, each once with its largest weight, and whether any was
 * structural. The score is the noisy-OR of the weights: independent cues add up but never pass 1,
 * and one strong cue counts more than several weak ones.
 */
export class InjectionFindings {
  readonly #weights = new Map<string, number>();
  #structural = false;

  addStructural(ruleId: string): void {
    this.#structural = true;
    this.#weights.set(ruleId, 1);
  }

  add(ruleId: string, weight: number): void {
    const previous = this.#weights.get(ruleId) ?? 0;
    if (weight > previous) this.#weights.set(ruleId, weight);
  }

  get structural(): boolean {
    return this.#structural;
  }

  get ruleIds(): string[] {
    return [...this.#weights.keys()].sort();
  }

  get score(): number {
    if (this.#structural) return 1;
    let missProbability = 1;
    for (const weight of this.#weights.values()) missProbability *= 1 - weight;
    return Math.round((1 - missProbability) * 1000) / 1000;
  }
}
