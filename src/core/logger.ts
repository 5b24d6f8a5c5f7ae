import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The gateway's structured log: JSON lines on stderr (stdout stays free for command output and
 * the MCP protocol). Header values that could carry credentials are redacted by path. Call
 * `logger.flush()` before exiting so buffered lines are written.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'securellm' },
      redact: {
        paths: ['headers.authorization', 'headers["x-api-key"]', '*.api_key', 'api_key', 'key'],
        censor: '[redacted]',
      },
    },
    // Buffered, asynchronous writes: a log line per request must not block the event loop.
    destination ?? pino.destination({ fd: 2, sync: false, minLength: 4096 }),
  );
}
