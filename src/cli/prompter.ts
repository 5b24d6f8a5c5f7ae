import { createInterface, type Interface } from 'node:readline';

/** An answer the wizard cannot use; on a pipe it ends the wizard, on a terminal the question is asked again. */
export class AnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerError';
  }
}

/**
 * Asks questions on stderr and reads answers line by line from stdin, typed or piped. Lines are
 * read through the async iterator, which queues them, so piped answers that arrive before their
 * question are not lost (`readline.question` would drop them). An empty answer, or the end of
 * input, takes the default. Without an input (`--yes`) every default is taken without asking.
 */
export class Prompter {
  readonly interactive: boolean;
  readonly #lines: Interface | undefined;
  readonly #iterator: AsyncIterator<string> | undefined;
  readonly #output: NodeJS.WritableStream;
  #cancelled = false;
  /** readline is closed (end of input, or Ctrl-C): Node 24 refuses `prompt()` on it. */
  #closed = false;

  constructor(input: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined, output: NodeJS.WritableStream) {
    this.interactive = input?.isTTY === true;
    this.#output = output;
    if (input === undefined) return;
    this.#lines = createInterface({ input, ...(this.interactive ? { output, terminal: true } : { terminal: false }) });
    // Without a listener, readline answers Ctrl-C by closing, which would read as the end of input
    // and take every remaining default: Ctrl-C is a cancel, and the wizard writes nothing.
    const lines = this.#lines;
    lines.on('SIGINT', () => {
      this.#cancelled = true;
      lines.close();
    });
    lines.once('close', () => {
      this.#closed = true;
    });
    this.#iterator = this.#lines[Symbol.asyncIterator]();
  }

  /** Asks until `parse` accepts the answer (the default when the answer is empty). */
  async ask<T>(question: string, fallback: string, parse: (answer: string) => T): Promise<T> {
    if (this.#iterator === undefined) return parse(fallback);
    for (;;) {
      if (this.#cancelled) throw new AnswerError('cancelled (Ctrl-C); nothing was written');
      const shown = fallback === '' ? `${question}: ` : `${question} [${fallback}]: `;
      // On a terminal the question is readline's prompt, so editing the answer redraws it.
      if (this.interactive && this.#lines !== undefined && !this.#closed) {
        this.#lines.setPrompt(shown);
        this.#lines.prompt();
      } else {
        this.#output.write(`${shown}\n`);
      }
      const next = await this.#iterator.next();
      if (this.#cancelled) throw new AnswerError('cancelled (Ctrl-C); nothing was written');
      const typed = next.done === true ? '' : next.value.trim();
      try {
        return parse(typed === '' ? fallback : typed);
      } catch (error) {
        if (!(error instanceof AnswerError)) throw error;
        if (!this.interactive || next.done === true) throw new AnswerError(`${question}: ${error.message}`);
        this.#output.write(`  ${error.message}\n`);
      }
    }
  }

  /** A yes/no question. */
  confirm(question: string, fallback: boolean): Promise<boolean> {
    return this.ask(`${question} (y/n)`, fallback ? 'y' : 'n', parseYesNo);
  }

  /** A line for the operator, not a question. */
  say(text: string): void {
    this.#output.write(`${text}\n`);
  }

  close(): void {
    this.#lines?.close();
  }
}

export function parseYesNo(answer: string): boolean {
  const value = answer.toLowerCase();
  if (value === 'y' || value === 'yes') return true;
  if (value === 'n' || value === 'no') return false;
  throw new AnswerError('answer y or n');
}
