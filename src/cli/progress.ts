/** What a slow step shows while it runs: one line on stderr, rewritten in place. */
export interface Progress {
  /** Replaces the message, e.g. `checking file 3/12: audit-2026-11-28.log`. */
  update(message: string): void;
  /** Clears the line; call it before printing anything else (a `finally` does). */
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\u001b[2K';
const SILENT: Progress = { update: () => undefined, done: () => undefined };

/**
 * A spinner with a message on `stream` (stderr), shown only when that stream is a terminal and
 * TERM is not "dumb": piped or redirected, nothing at all is written, so logs and captured output
 * stay clean. It never touches stdout, which carries the records (and `--json`).
 */
export function startProgress(message: string, stream: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean } = process.stderr, environment: NodeJS.ProcessEnv = process.env): Progress {
  if (stream.isTTY !== true || environment['TERM'] === 'dumb') return SILENT;
  let text = message;
  let frame = 0;
  const draw = (): void => void stream.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length] ?? ''} ${text}`);
  draw();
  const timer = setInterval(() => {
    frame += 1;
    draw();
  }, 100);
  // A spinner must never be what keeps the process alive.
  timer.unref();
  let running = true;
  return {
    update(next: string): void {
      if (!running) return;
      text = next;
      draw();
    },
    done(): void {
      if (!running) return;
      running = false;
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}

/** Runs `work` with a spinner showing `message`, and clears it however `work` ends. */
export async function withProgress<T>(message: string, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = startProgress(message);
  try {
    return await work(progress);
  } finally {
    progress.done();
  }
}
