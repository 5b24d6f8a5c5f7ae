/** One place a request can be sent: a provider (its `[providers.NAME]` section) and that provider's own model name. */
export interface Target {
  provider: string;
  model: string;
  /** `provider/model`: the key for circuit breaking, pricing and audit records. */
  id: string;
}
