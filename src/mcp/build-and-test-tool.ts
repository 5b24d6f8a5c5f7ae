import { existsSync } from 'node:fs';
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpSettings } from './mcp-settings.js';
import { PROJECT_STEP_NAMES, runProjectStep, type StepResult } from './project-steps.js';
import { guarded, toolError, toolResult } from './tool-result.js';

/**
 * `build_and_test`: `npm run build`, then `npm test`, in the project folder the server was
 * started with (`SECURELLM_PROJECT_DIR`, else this package). The input only picks steps; one run
 * at a time, and a failed step stops the ones after it.
 */
export function registerBuildAndTestTool(server: McpServer, settings: McpSettings): void {
  let running = false;
  server.registerTool(
    'build_and_test',
    {
      title: 'Build and test the project',
      description: `Run the project's own fixed steps in ${settings.projectDirectory}: "build" (npm run build) and "test" (npm test), in that order. Only the steps can be chosen; no command or argument is taken from the input.`,
      inputSchema: z.strictObject({
        steps: z.array(z.enum(PROJECT_STEP_NAMES)).min(1).max(PROJECT_STEP_NAMES.length).default([...PROJECT_STEP_NAMES]).describe('which fixed steps to run'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ steps }) =>
      guarded(async () => {
        const directory = settings.projectDirectory;
        if (!existsSync(path.join(directory, 'package.json'))) return toolError(`no package.json in ${directory} (set SECURELLM_PROJECT_DIR)`);
        if (running) return toolError('a build_and_test run is already in progress');
        running = true;
        try {
          const results: StepResult[] = [];
          // The fixed order, whatever order the input named the steps in.
          for (const step of PROJECT_STEP_NAMES.filter((name) => steps.includes(name))) {
            const result = await runProjectStep(step, directory, settings.environment);
            results.push(result);
            if (result.exit_code !== 0) break;
          }
          const ok = results.length > 0 && results.every((result) => result.exit_code === 0) && results.length === new Set(steps).size;
          const summary = results.map((result) => `${result.command}: ${result.exit_code === 0 ? 'ok' : `failed (exit ${result.exit_code ?? result.signal ?? '?'})`} in ${result.duration_ms}ms`).join('\n');
          const structured = { ok, directory, steps: results };
          if (!ok) {
            const failed = results.at(-1);
            return toolError(`${summary}\n\n${failed?.output_tail ?? ''}`, structured);
          }
          return toolResult(structured, summary);
        } finally {
          running = false;
        }
      }),
  );
}
