import { spawn } from 'node:child_process';

/**
 * The only commands `build_and_test` runs: fixed here, never taken from a tool's input, so a
 * prompt-injected client cannot turn the tool into a shell.
 */
export const PROJECT_STEPS = {
  build: ['run', 'build'],
  test: ['test'],
} as const satisfies Record<string, readonly string[]>;

export type ProjectStep = keyof typeof PROJECT_STEPS;
export const PROJECT_STEP_NAMES = Object.keys(PROJECT_STEPS) as [ProjectStep, ...ProjectStep[]];

const OUTPUT_TAIL_CHARS = 8_000;
const STEP_TIMEOUT_MS = 15 * 60 * 1000;

export interface StepResult {
  step: ProjectStep;
  command: string;
  exit_code: number | null;
  signal?: string;
  duration_ms: number;
  /** The last characters of stdout and stderr together, as they came. */
  output_tail: string;
}

/** Runs one fixed step with npm in `directory`, without a shell; output is kept only as a bounded tail. */
export function runProjectStep(step: ProjectStep, directory: string, environment: NodeJS.ProcessEnv): Promise<StepResult> {
  const args = PROJECT_STEPS[step];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(npm, args, { cwd: directory, env: environment, stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_TIMEOUT_MS });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const result: StepResult = { step, command: `npm ${args.join(' ')}`, exit_code: code, duration_ms: Math.round(performance.now() - started), output_tail: tail };
      if (signal !== null) result.signal = signal;
      resolve(result);
    });
  });
}
