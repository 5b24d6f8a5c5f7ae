import type { Config } from '../config/schema.js';

/** Most severe first: the order findings are listed in. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One thing `security audit` found, with what to do about it. Never holds a secret's value. */
export interface Finding {
  /** Stable, kebab-case: scripts and `--ignore` name findings by it. */
  id: string;
  severity: Severity;
  message: string;
  fix: string;
  /** The config key or file the finding is about, when there is one. */
  path?: string;
}

/** What the checks look at: the validated config, the file as written, and the machine. */
export interface PostureContext {
  config: Readonly<Config>;
  /**
   * The config file parsed but not interpolated, so `api_key = "${OPENAI_API_KEY}"` can be told
   * from a key pasted inline. Undefined when the built-in defaults are used.
   */
  written: unknown;
  /** The config file's path, or undefined for the built-in defaults. */
  configPath: string | undefined;
  now: Date;
  /** `process.versions.node`. */
  nodeVersion: string;
  platform: NodeJS.Platform;
}

/** One check: the findings it makes for a context (none when all is well). */
export type PostureCheck = (context: PostureContext) => Finding[] | Promise<Finding[]>;
