import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError } from '../config/load-config.js';

/** A tool's answer: the record for programs (`structuredContent`) and a line or two for people. */
export function toolResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text }] };
}

/** A tool that ran but failed: `isError`, so the client's model sees the failure and its reason. */
export function toolError(message: string, structured?: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }], ...(structured === undefined ? {} : { structuredContent: structured }) };
}

/** The config could not be loaded: every problem with its key path. */
export function configErrorResult(error: ConfigError): CallToolResult {
  const issues = error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  const lines = issues.map((issue) => `${issue.path || error.source}: ${issue.message}`);
  return toolError(`config ${error.source} is not valid:\n${lines.join('\n')}`, { ok: false, source: error.source, issues });
}

/**
 * Runs a tool body; a config problem or any other thrown error becomes an `isError` result instead
 * of a protocol error, with the message only (no stack, which may name paths and internals).
 */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ConfigError) return configErrorResult(error);
    return toolError(error instanceof Error ? error.message : String(error));
  }
}
