/** A problem found in the config, with the dotted path of the key it concerns. */
export interface ConfigIssue {
  path: string;
  message: string;
}

const VARIABLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${VAR}` in every string of a parsed config with the environment's value (`$${` writes a
 * literal `${`). An unset variable is an issue naming the variable and the key, never an empty
 * string: a missing key must not be sent upstream as ''. Values under a provider whose `enabled`
 * is false are left out instead, so a disabled provider does not need its variables.
 */
export function interpolateEnv(
  value: unknown,
  environment: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
  path: string[] = [],
): unknown {
  if (typeof value === 'string') {
    let missing = false;
    const replaced = value.replace(VARIABLE, (match, name: string | undefined) => {
      if (name === undefined) return '${';
      const found = environment[name];
      if (found === undefined || found === '') {
        missing = true;
        issues.push({ path: path.join('.'), message: `environment variable ${name} is not set` });
        return match;
      }
      return found;
    });
    return missing ? undefined : replaced;
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnv(item, environment, issues, [...path, String(index)]));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const itemPath = [...path, key];
      if (path.length === 1 && path[0] === 'providers' && isDisabled(item)) {
        const ignored: ConfigIssue[] = [];
        result[key] = interpolateEnv(item, environment, ignored, itemPath);
        continue;
      }
      result[key] = interpolateEnv(item, environment, issues, itemPath);
    }
    return result;
  }
  return value;
}

function isDisabled(section: unknown): boolean {
  return section !== null && typeof section === 'object' && (section as { enabled?: unknown }).enabled === false;
}
