import { pino, type Logger } from 'pino';
import { maskSecretsInValue } from '../security/secrets/mask-secrets-in-value.js';

export type { Logger };

/**
 * Paths that hold credentials, wherever a header bag or a config slice ends up in a log object
 * (`headers`, `request.headers`, `req.headers`, a provider config).
 */
const REDACTED_PATHS = [
  'key',
  'api_key',
  'apiKey',
  'token',
  'secret',
  'password',
  '*.key',
  '*.api_key',
  '*.apiKey',
  '*.token',
  '*.secret',
  '*.password',
  ...['authorization', '"proxy-authorization"', '"x-api-key"', 'cookie', '"set-cookie"'].flatMap((header) => [
    `headers.${header}`,
    `*.headers.${header}`,
  ]),
].map((path) => path.replace(/\.("[^"]+")/g, '[$1]'));

/**
 * The gateway's structured log: JSON lines on stderr (stdout stays free for command output and
 * the MCP protocol). Credentials are removed twice over: known paths are redacted, and any string
 * that looks like a provider or gateway key (`sk-…`, `Bearer …`) is masked wherever it is, because
 * keys turn up in places no path list foresees (an upstream error message, a URL). Call
 * `logger.flush()` before exiting so buffered lines are written.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'securellm' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        // Masking the arguments, before pino reads them, also covers the message pino takes from
        // a logged error (`logger.error(error)`) and values interpolated into `%s`.
        logMethod(parameters, method) {
          method.apply(this, parameters.map((parameter: unknown) => maskSecretsInValue(parameter)) as Parameters<typeof method>);
        },
      },
    },
    // Buffered, asynchronous writes: a log line per request must not block the event loop.
    destination ?? pino.destination({ fd: 2, sync: false, minLength: 4096 }),
  );
}
