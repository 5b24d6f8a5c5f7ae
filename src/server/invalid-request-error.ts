import type { z } from 'zod';
import { GatewayError } from '../core/errors.js';

/**
 * A field path the way both client APIs name parameters in their errors: `messages[0].content`.
 */
export function formatParamPath(path: ReadonlyArray<PropertyKey>): string {
  let formatted = '';
  for (const key of path) {
    if (typeof key === 'number') formatted += `[${key}]`;
    else formatted += formatted === '' ? String(key) : `.${String(key)}`;
  }
  return formatted;
}

/** Builds the `invalid_request` error for one field, with the field as `param` ('' for the whole body). */
export function invalidRequest(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', message, param === '' ? {} : { param });
}

/**
 * Builds the 422 for a body that is valid JSON of the right shape but asks for something that
 * cannot be, such as two tools of one name.
 */
export function unprocessableRequest(param: string, message: string): GatewayError {
  return new GatewayError('unprocessable', message, { param });
}

const REQUIRED = 'required';

/**
 * Zod's error map for request bodies: a field that is simply absent says so, the way the
 * provider APIs word it, instead of "expected string, received undefined".
 */
export const requestErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return REQUIRED;
  return undefined;
};

interface LocatedIssue {
  issue: z.core.$ZodIssue;
  path: PropertyKey[];
}

/** Of two issues, the more telling: deeper in the value, or else past the type check. */
function isMoreTelling(candidate: LocatedIssue, best: LocatedIssue | undefined): boolean {
  if (best === undefined || candidate.path.length > best.path.length) return true;
  return candidate.path.length === best.path.length && best.issue.code === 'invalid_type' && candidate.issue.code !== 'invalid_type';
}

/**
 * Unions report one list of issues per branch; the branch that got furthest into the value is
 * the one the client most likely meant, so its issue is the useful one to report. When no branch
 * even matched the type, the message lists the types that would have been accepted.
 */
function locateIssue(issue: z.core.$ZodIssue): LocatedIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path: [...issue.path] };
  let best: LocatedIssue | undefined;
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    for (const branchIssue of branch) {
      const candidate = locateIssue(branchIssue);
      if (candidate.issue.code === 'invalid_type' && candidate.path.length === 0) expected.add(candidate.issue.expected);
      if (isMoreTelling(candidate, best)) best = candidate;
    }
  }
  if (best === undefined) return { issue, path: [...issue.path] };
  if (best.path.length === 0 && best.issue.code === 'invalid_type') {
    const message = `expected ${[...expected].join(' or ')}`;
    return { issue: { ...issue, message }, path: [...issue.path] };
  }
  return { issue: best.issue, path: [...issue.path, ...best.path] };
}

/**
 * Turns the first problem zod found into a 400 `invalid_request` naming the field, so a client
 * learns exactly which parameter to fix.
 */
export function invalidRequestFromZod(error: z.ZodError): GatewayError {
  const first = error.issues[0];
  if (first === undefined) return invalidRequest('', 'Invalid request body');
  if (first.code === 'unrecognized_keys') {
    const key = first.keys[0] ?? '';
    const param = formatParamPath([...first.path, key]);
    return invalidRequest(param, `Unrecognized request argument supplied: ${param}`);
  }
  const { issue, path } = locateIssue(first);
  const param = formatParamPath(path);
  if (param === '') return invalidRequest(param, 'The request body must be a JSON object');
  if (issue.code === 'invalid_type' && issue.message === REQUIRED) {
    return invalidRequest(param, `Missing required parameter: '${param}'`);
  }
  return invalidRequest(param, `Invalid value for '${param}': ${issue.message}`);
}

/** Validates `body` against a client schema, throwing the 400 that names the offending field. */
export function parseWithSchema<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body, { error: requestErrorMap });
  if (!result.success) throw invalidRequestFromZod(result.error);
  return result.data;
}
