import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { cliPath } from '../cli/run-cli.js';

/** A `securellm mcp` child process and the official SDK client talking to it over stdio. */
export interface McpSession {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  read(uri: string): Promise<string>;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
  /** Transport errors: a line on stdout that was not a JSON-RPC message would be one. */
  transportErrors: Error[];
  close(): Promise<void>;
}

export async function startMcp(cwd: string, environment: Record<string, string>, args: readonly string[] = []): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'mcp', ...args],
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...environment },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'securellm-test', version: '1.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
  return {
    client,
    async call(name, callArgs = {}) {
      return (await client.callTool({ name, arguments: callArgs })) as CallToolResult;
    },
    async read(uri) {
      const result: ReadResourceResult = await client.readResource({ uri });
      const first = result.contents[0];
      if (first === undefined || !('text' in first)) throw new Error(`resource ${uri} has no text`);
      return first.text;
    },
    stderr: () => stderr,
    transportErrors,
    close: () => client.close(),
  };
}

/** The text of a tool result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first !== undefined && first.type === 'text' ? first.text : '';
}
