import type { ChatRequest, Message } from '../../../core/types.js';
import { InjectionFindings } from './injection-findings.js';
import type { InjectionAction, InjectionVerdict, PromptInjectionMode } from './injection-verdict.js';
import { scanText, type ScanScope } from './scan-text.js';

export interface PromptInjectionGuardOptions {
  mode: PromptInjectionMode;
  /** Score (0–1] at which `block` refuses and `flag` records. Default 0.7: one strong rule, or two medium ones. */
  threshold?: number;
  /**
   * How much of the rule set system messages get. Default `structural`: the operator's or client's
   * system prompt is instructions by design ("you are now…", "never reveal…"), so only smuggling
   * (template tokens, tag and hidden characters) counts there.
   */
  systemScope?: ScanScope;
}

export interface PromptInjectionGuard {
  readonly mode: PromptInjectionMode;
  readonly threshold: number;
  /** Scans every text of the request, whole; never throws for content. */
  scan(request: ChatRequest): InjectionVerdict;
}

export const DEFAULT_INJECTION_THRESHOLD = 0.7;

const OFF_VERDICT: InjectionVerdict = Object.freeze({ score: 0, ruleIds: [], structural: false, action: 'allow' as const });

/**
 * The prompt-injection guard. Which content gets which scope:
 * - `user` and `tool` messages: everything; tool results are where indirect injection arrives.
 * - `system`: `systemScope` (structural by default).
 * - `assistant` turns and their tool-call arguments: structural only; a client can forge them, but
 *   earlier answers quote and explain attacks often enough that phrase rules would misfire.
 * - tool definitions (descriptions): structural only.
 * - images are not read.
 */
export function createPromptInjectionGuard(options: PromptInjectionGuardOptions): PromptInjectionGuard {
  const { mode, threshold = DEFAULT_INJECTION_THRESHOLD, systemScope = 'structural' } = options;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`prompt-injection threshold must be in (0, 1], got ${threshold}`);

  function scopeOf(message: Message): ScanScope {
    switch (message.role) {
      case 'user':
      case 'tool':
        return 'full';
      case 'system':
        return systemScope;
      case 'assistant':
        return 'structural';
      default: {
        const unknownRole: never = message.role;
        throw new TypeError(`unknown role ${String(unknownRole)}`);
      }
    }
  }

  function decide(findings: InjectionFindings): InjectionAction {
    const reached = findings.structural || findings.score >= threshold;
    if (!reached) return 'allow';
    return mode === 'block' ? 'block' : 'flag';
  }

  return {
    mode,
    threshold,
    scan: function scanPromptInjection(request: ChatRequest): InjectionVerdict {
      if (mode === 'off') return OFF_VERDICT;
      const findings = new InjectionFindings();
      for (const message of request.messages) {
        const scope = scopeOf(message);
        for (const part of message.content) if (part.type === 'text') scanText(part.text, scope, findings);
        for (const call of message.toolCalls ?? []) scanText(call.arguments, 'structural', findings);
      }
      for (const tool of request.tools ?? []) scanText(tool.description ?? '', 'structural', findings);
      return { score: findings.score, ruleIds: findings.ruleIds, structural: findings.structural, action: decide(findings) };
    },
  };
}
