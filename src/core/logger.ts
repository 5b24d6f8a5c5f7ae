import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The gateway's structured log: JSON lines on stderr (stdout stays free for command output and
 * the MCP protocol). Header values that could carry credentials are redacted by path.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { service: 'securellm' },
      redact: {
        paths: ['headers.authorization', 'headers["x-api-key"]', '*.api_key', 'api_key', 'key'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
