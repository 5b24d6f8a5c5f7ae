import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { auditSecurity } from '../posture/audit-security.js';
import { formatFindings } from '../posture/format-findings.js';
import { loadPostureContext } from '../posture/load-posture-context.js';
import type { McpSettings } from './mcp-settings.js';
import { guarded, toolResult } from './tool-result.js';

/** `security_audit`: the checks of `securellm security audit`. */
export function registerSecurityAuditTool(server: McpServer, settings: McpSettings): void {
  server.registerTool(
    'security_audit',
    {
      title: 'Security audit',
      description: 'Check the gateway\'s config, key and certificate files and runtime for weaknesses (TLS, inline secrets, file modes, certificate expiry, rate limits, audit, guards, egress, Node.js support). Each finding has id, severity (high, medium, low, info), message and fix.',
      inputSchema: z.strictObject({
        config_file: z.string().min(1).max(4096).optional().describe('config file to audit (default: the server\'s config)'),
        ignore: z.array(z.string().min(1).max(100)).max(100).optional().describe('finding ids to leave out (accepted risks)'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ config_file: configFile, ignore }) =>
      guarded(async () => {
        const context = loadPostureContext(configFile ?? settings.configPath, settings.environment);
        const report = await auditSecurity(context, ignore ?? []);
        return toolResult({ ...report }, formatFindings(report));
      }),
  );
}
