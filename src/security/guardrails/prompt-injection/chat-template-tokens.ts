/**
 * Chat-template control tokens of the major model families. In client content they can only be an
 * attempt to close the current turn and open a forged one (many serving stacks tokenize them as the
 * real special tokens), so they are structural: a hard block whatever the score.
 * Matched on the NFKC view, so DeepSeek's full-width `<｜User｜>` and look-alike bars fold in.
 */

const PIPE_TOKEN_NAMES = [
  'im_start', 'im_end', 'im_sep', // ChatML (OpenAI, Qwen, Yi)
  'endoftext', 'endofprompt', 'fim_prefix', 'fim_middle', 'fim_suffix', // GPT and code models
  'begin_of_text', 'end_of_text', 'start_header_id', 'end_header_id', 'eot_id', 'eom_id', 'python_tag', // Llama 3
  'system', 'user', 'assistant', 'end', // Phi, Zephyr
  'start', 'channel', 'message', 'return', 'call', 'constrain', // gpt-oss harmony
  'begin▁of▁sentence', 'end▁of▁sentence', 'tool▁calls▁begin', 'tool▁call▁begin', 'tool▁outputs▁begin', // DeepSeek
];

const TEMPLATE_TOKEN = new RegExp(
  [
    `<\\|(?:${PIPE_TOKEN_NAMES.join('|')})\\|>`,
    // Llama 2 and Mistral
    String.raw`\[/?INST\]`,
    String.raw`<</?SYS>>`,
    String.raw`\[/?(?:SYSTEM_PROMPT|TOOL_RESULTS|AVAILABLE_TOOLS)\]`,
    // Gemma
    '<(?:start|end)_of_turn>',
  ].join('|'),
  'iu',
);

/** Anthropic's legacy text-completion turn markers; case-sensitive, as the format is. */
const ANTHROPIC_TURN = /\n\n(?:Human|Assistant):/u;

export function hasChatTemplateTokens(text: string): boolean {
  return TEMPLATE_TOKEN.test(text) || ANTHROPIC_TURN.test(text);
}
