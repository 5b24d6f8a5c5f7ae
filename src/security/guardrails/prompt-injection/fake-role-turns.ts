/**
 * Lines inside a user message or tool result that imitate a new turn: `System: …`, `### System:`,
 * `[SYSTEM] …`, `<system>`, `Assistant: …`. A forged system turn that gives the model orders is
 * structural; a forged assistant turn alone is also what a pasted transcript looks like, so it only
 * weighs in. Lines in fenced code and in YAML-like blocks (`system:` keys next to other keys) are
 * data, not turns.
 */

export interface FakeRoleFindings {
  systemTurn: boolean;
  assistantTurn: boolean;
}

/** Up to three spaces, an optional markdown heading or emphasis, an optional bracket, the role, an optional qualifier. */
const ROLE_LINE =
  /^[ \t]{0,3}(?:#{1,6}[ \t]*)?(?:\*\*|__)?([[<(]?)(system|developer|assistant)(?:[ _](?:message|prompt|instructions?|override|update|note))?([\]>)]?)(?:\*\*|__)?[ \t]*(:?)(?:\*\*|__)?[ \t]*([^\n]*)/gimu;

/** Words a forged system turn uses to give orders; a spec sheet line such as `System: Windows 11` has none. */
const INSTRUCTION_CUE =
  /(?<![\p{L}\p{N}])(?:you|your|must|always|never|ignore|disregard|instructions?|respond|reply|answer|from now|do not|don't|override|mode|rules?|reveal|assistant|model|ai|policy|restrictions?)(?![\p{L}\p{N}])/iu;

/** A `key: value` or `- item` line whose key is not a role: the neighbourhood is YAML or config, not a chat. */
const DATA_LINE = /^[ \t]*(?:-[ \t]|(?!(?:user|system|assistant|human|ai|bot|developer)[ \t]*:)[\w.-]+[ \t]*:(?:[ \t]|$))/iu;

const FENCE = /^[ \t]{0,3}(?:```|~~~)/gmu;

export function findFakeRoleTurns(text: string): FakeRoleFindings {
  const findings: FakeRoleFindings = { systemTurn: false, assistantTurn: false };
  if (!/(?:system|developer|assistant)/iu.test(text)) return findings;
  const fences = fenceOffsets(text);
  ROLE_LINE.lastIndex = 0;
  for (let match = ROLE_LINE.exec(text); match !== null; match = ROLE_LINE.exec(text)) {
    const [, open = '', role = '', close = '', colon = '', rest = ''] = match;
    const bracketed = open !== '' && close !== '';
    if (colon === '' && !bracketed) continue;
    if (insideFence(fences, match.index) || inDataBlock(text, match.index, match.index + match[0].length)) continue;
    const body = rest.trim() === '' ? nextNonEmptyLine(text, match.index + match[0].length) : rest;
    if (body.trim() === '') continue;
    if (role.toLowerCase() === 'assistant') findings.assistantTurn = true;
    else if (INSTRUCTION_CUE.test(body)) findings.systemTurn = true;
    if (findings.systemTurn && findings.assistantTurn) break;
  }
  return findings;
}

function fenceOffsets(text: string): number[] {
  if (!text.includes('```') && !text.includes('~~~')) return [];
  return Array.from(text.matchAll(FENCE), (match) => match.index);
}

/** Inside a fence when an odd number of fence lines precede the offset. */
function insideFence(fences: number[], offset: number): boolean {
  let count = 0;
  for (const fence of fences) {
    if (fence >= offset) break;
    count += 1;
  }
  return count % 2 === 1;
}

function inDataBlock(text: string, start: number, end: number): boolean {
  return DATA_LINE.test(previousNonEmptyLine(text, start)) || DATA_LINE.test(nextNonEmptyLine(text, end));
}

function previousNonEmptyLine(text: string, start: number): string {
  let lineEnd = start - 1;
  while (lineEnd > 0) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() !== '') return line;
    lineEnd = lineStart - 1;
  }
  return '';
}

function nextNonEmptyLine(text: string, end: number): string {
  let lineStart = text.indexOf('\n', end);
  while (lineStart !== -1 && lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart + 1);
    const line = text.slice(lineStart + 1, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() !== '') return line;
    lineStart = lineEnd;
  }
  return '';
}
