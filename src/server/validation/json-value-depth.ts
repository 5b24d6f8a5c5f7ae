/**
 * How deeply a parsed JSON value nests (a scalar is 0, `{}` and `[]` are 1), counting no further
 * than `limit + 1`, so a deep value costs no more than the refusal needs.
 */
export function jsonValueDepth(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  for (const child of children) {
    deepest = Math.max(deepest, jsonValueDepth(child, limit - 1));
    if (deepest > limit) break;
  }
  return deepest + 1;
}
