/** What the guard does with a request: `block` refuses at the threshold, `flag` passes and records, `off` skips the scan. */
export type PromptInjectionMode = 'block' | 'flag' | 'off';

export type InjectionAction = 'allow' | 'flag' | 'block';

/**
 * The guard's finding for one request. It carries rule ids and a score, never the matched text,
 * so it can go into the audit record and the `x-securellm-risk` header as it is.
 */
export interface InjectionVerdict {
  /** 0 to 1: the noisy-OR of the weights of the distinct rules that fired; 1 when structural. */
  score: number;
  /** Ids of the rules that fired, sorted, each once. */
  ruleIds: string[];
  /** A structural rule fired (template tokens, tag characters, hidden characters, fake system turn). */
  structural: boolean;
  action: InjectionAction;
}

/** The families a rule id starts with (`family.language` for phrase rules, `structural.name` for structural ones). */
export type RuleFamily =
  | 'structural'
  | 'ignore-instructions'
  | 'role-override'
  | 'system-prompt-leak'
  | 'developer-mode'
  | 'jailbreak-persona'
  | 'no-restrictions'
  | 'policy-bypass'
  | 'indirect-injection'
  | 'exfiltration'
  | 'new-instructions'
  | 'fake-role-turn';
