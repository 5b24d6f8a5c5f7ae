import { GatewayError, LIMIT_REFUSAL_CODES } from '../core/errors.js';
import type { AttemptRecord } from './router.js';
import type { Target } from './target.js';


/**
 * Stage 4 along the targets, as routing falls back: `reserve` is asked with the targets from the
 * first one on; a refusal tied to that target is recorded as a skipped attempt and the next one
 * is tried. Returns the targets from the admitted one on.
 * @throws the first target's refusal when no target is admitted, or any other error at once.
 */
export async function reserveAlongTargets(
  targets: readonly Target[],
  attempts: AttemptRecord[],
  reserve: (from: readonly Target[]) => Promise<void>,
): Promise<Target[]> {
  let firstRefusal: GatewayError | undefined;
  for (let index = 0; index < targets.length; index++) {
    const from = targets.slice(index);
    try {
      await reserve(from);
      return from;
    } catch (error) {
      if (!(error instanceof GatewayError) || !LIMIT_REFUSAL_CODES.has(error.code)) throw error;
      firstRefusal ??= error;
      if (index < targets.length - 1) attempts.push({ target: from[0]?.id ?? '', attempt: 1, outcome: 'skipped_refused', code: error.code, durationMs: 0 });
    }
  }
  if (firstRefusal !== undefined) throw firstRefusal;
  return [];
}
