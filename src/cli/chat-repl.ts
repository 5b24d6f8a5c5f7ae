import { createInterface } from 'node:readline';
import { CANCELLED, ChatTurnError, answerRecord, type ChatAnswer, type ChatSession, type OpenAIChatMessage } from '../app/chat-session.js';
import { textFor } from './terminal-safe-text.js';
import { terminalStyle } from './terminal-style.js';

export interface ChatReplOptions {
  model: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  /** One JSON line per turn on stdout instead of the streamed text. */
  json: boolean;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WriteStream;
  errors: NodeJS.WriteStream;
}

export interface ChatReplResult {
  turns: number;
  failedTurns: number;
}

const HELP = [
  'Type a message and press Enter; the conversation is kept until /reset.',
  '  /model <id>     switch model (provider, provider/model or alias); history is kept',
  '  /system <text>  set the system prompt (/system alone clears it)',
  '  /reset          forget the conversation (the system prompt stays)',
  '  /help           this text',
  '  /exit           leave (so do Ctrl-D and, at the prompt, Ctrl-C)',
  'Start a line with // to send a message that begins with /.',
].join('\n');

/**
 * The `securellm chat` loop over node:readline. Answer text goes to stdout as it streams; notes,
 * errors and the prompt go to stderr, so `securellm chat … < questions.txt > answers.txt` keeps
 * only answers. On a terminal there is a prompt and colour; on a pipe neither. A failed turn is
 * reported and left out of the history, and the loop goes on.
 */
export async function runChatRepl(session: ChatSession, options: ChatReplOptions): Promise<ChatReplResult> {
  const interactive = options.input.isTTY === true;
  const errorStyle = terminalStyle(options.errors);
  const note = (text: string): void => void options.errors.write(`${errorStyle.dim(text)}\n`);
  const state = { model: options.model, system: options.system, history: [] as OpenAIChatMessage[] };
  const result: ChatReplResult = { turns: 0, failedTurns: 0 };
  let running: AbortController | undefined;

  const lines = createInterface({ input: options.input, ...(interactive ? { output: options.errors, terminal: true } : { terminal: false }) });
  lines.setPrompt(errorStyle.cyan(`${state.model}> `));
  lines.on('SIGINT', () => {
    // Ctrl-C stops the answer being streamed; at the prompt it leaves.
    if (running !== undefined) running.abort();
    else lines.close();
  });
  if (interactive) note(`Type /help for commands, /exit to leave.`);
  const prompt = (): void => {
    if (interactive) lines.prompt();
  };
  prompt();

  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      prompt();
      continue;
    }
    if (line.startsWith('/') && !line.startsWith('//')) {
      const [command = '', ...rest] = line.split(/\s+/);
      const argument = line.slice(command.length).trim();
      if (command === '/exit' || command === '/quit') break;
      switch (command) {
        case '/help':
          note(HELP);
          break;
        case '/model':
          if (argument === '' || rest.length > 1) {
            note(`model: ${state.model} (use /model <id> to switch)`);
          } else {
            state.model = argument;
            lines.setPrompt(errorStyle.cyan(`${state.model}> `));
            note(`model: ${state.model}`);
          }
          break;
        case '/system':
          state.system = argument === '' ? undefined : argument;
          note(state.system === undefined ? 'system prompt cleared' : 'system prompt set');
          break;
        case '/reset':
          state.history = [];
          note('conversation cleared');
          break;
        default:
          options.errors.write(`${errorStyle.red(`unknown command ${command}`)}; /help lists them\n`);
      }
      prompt();
      continue;
    }
    const text = line.startsWith('//') ? line.slice(1) : line;
    running = new AbortController();
    result.turns += 1;
    const ok = await turn(session, state, text, options, running.signal);
    running = undefined;
    if (!ok) result.failedTurns += 1;
    prompt();
  }
  lines.close();
  return result;
}

interface ReplState {
  model: string;
  system: string | undefined;
  history: OpenAIChatMessage[];
}

/** Sends one user message with the conversation so far; true when it was answered. */
async function turn(session: ChatSession, state: ReplState, text: string, options: ChatReplOptions, signal: AbortSignal): Promise<boolean> {
  const errorStyle = terminalStyle(options.errors);
  const user: OpenAIChatMessage = { role: 'user', content: text };
  const messages: OpenAIChatMessage[] = [...(state.system === undefined ? [] : [{ role: 'system' as const, content: state.system }]), ...state.history, user];
  const body = {
    model: state.model,
    messages,
    ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
  };
  let streamed = false;
  const onDelta = (piece: string): void => {
    if (options.json) return;
    streamed = true;
    // On a terminal, escape sequences from the model are shown, not run (terminal-safe-text.ts).
    options.output.write(textFor(options.output, piece));
  };
  try {
    const answer = await session.send(body, onDelta, signal);
    state.history.push(user, { role: 'assistant', content: answer.text });
    if (options.json) options.output.write(textFor(options.output, `${JSON.stringify(answerRecord(answer))}\n`));
    else {
      options.output.write('\n');
      if (options.input.isTTY === true) options.errors.write(`${errorStyle.dim(footer(answer))}\n`);
    }
    return true;
  } catch (error) {
    if (streamed) options.output.write('\n');
    const failure = error instanceof ChatTurnError ? error : new ChatTurnError('error', 0, (error as Error).message, undefined);
    // Ctrl-C on an answer is the operator's choice, not a failure; the partial text is not history.
    if (failure.code === CANCELLED) {
      options.errors.write(`${errorStyle.dim('(cancelled)')}\n`);
      return true;
    }
    if (options.json) options.output.write(textFor(options.output, `${JSON.stringify({ error: { code: failure.code, status: failure.status, message: failure.message, request_id: failure.requestId ?? null } })}\n`));
    options.errors.write(`${errorStyle.red(`error: ${textFor(options.errors, failure.message)}`)} ${errorStyle.dim(`(${textFor(options.errors, describe(failure))})`)}\n`);
    return false;
  }
}

function describe(failure: ChatTurnError): string {
  const parts = [failure.code];
  if (failure.status > 0) parts.push(`status ${failure.status}`);
  if (failure.requestId !== undefined && failure.requestId !== '') parts.push(`request ${failure.requestId}`);
  return parts.join(', ');
}

function footer(answer: ChatAnswer): string {
  const parts = [answer.model];
  if (answer.usage !== undefined) parts.push(`${answer.usage.promptTokens} prompt + ${answer.usage.completionTokens} completion tokens`);
  if (answer.costUsd !== undefined) parts.push(`$${answer.costUsd.toFixed(6)}`);
  if (answer.finishReason === 'length') parts.push('cut at max tokens');
  return `[${parts.join(' · ')}]`;
}
