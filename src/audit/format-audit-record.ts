/**
 * One record as a line for people (`audit tail` without --json). Values came from requests, so
 * control characters are shown escaped: a hostile model name cannot drive the terminal.
 */
export function formatAuditRecord(record: Record<string, unknown>): string {
  const head = `${text(record['timestamp'])} #${text(record['seq'])}`;
  switch (record['type']) {
    case 'request':
      return [head, text(record['status']), text(record['decision']), ...requestDetails(record)].join(' ');
    case 'link':
      return `${head} link: continues from ${record['previous_file'] === null ? 'nothing (first file)' : `${text(record['previous_file'])} #${text(record['previous_seq'])}`}`;
    case 'recovery':
      return `${head} recovery: cut ${text(record['torn_bytes'])} torn bytes off ${text(record['file'])} after a crash`;
    default:
      return `${head} ${text(record['type'])}`;
  }
}

function requestDetails(record: Record<string, unknown>): string[] {
  const details: string[] = [];
  if (record['reason_code'] !== null && record['reason_code'] !== undefined) details.push(`(${text(record['reason_code'])})`);
  if (typeof record['endpoint'] === 'string') details.push(`${text(record['method'] ?? '-')} ${text(record['endpoint'])}`);
  if (typeof record['action'] === 'string') details.push(`action=${text(record['action'])}${typeof record['action_key_id'] === 'string' ? `:${text(record['action_key_id'])}` : ''}`);
  if (record['provider'] !== null || record['model'] !== null) details.push(`${text(record['provider'] ?? '-')}/${text(record['model'] ?? '-')}`);
  details.push(`request=${text(record['request_id'])}`);
  if (record['user_id'] !== null) details.push(`user=${text(record['user_id'])}`);
  if (record['tenant'] !== null) details.push(`tenant=${text(record['tenant'])}`);
  if (record['prompt_tokens'] !== null || record['completion_tokens'] !== null) {
    details.push(`tokens=${text(record['prompt_tokens'] ?? 0)}+${text(record['completion_tokens'] ?? 0)}`);
  }
  if (typeof record['total_cost'] === 'number') details.push(`cost=$${record['total_cost'].toFixed(6)}`);
  details.push(`${text(record['duration_ms'])}ms`);
  if (typeof record['retries'] === 'number' && record['retries'] > 0) details.push(`retries=${record['retries']}`);
  if (Array.isArray(record['fallbacks']) && record['fallbacks'].length > 0) details.push(`fallbacks=${record['fallbacks'].length}`);
  if (Array.isArray(record['guard_verdicts']) && record['guard_verdicts'].length > 0) {
    const rules = record['guard_verdicts'].map((verdict: unknown) => text((verdict as Record<string, unknown>)['rule_id']));
    details.push(`guards=${rules.join(',')}`);
  }
  if (record['cache_hit'] === true) details.push('cache-hit');
  if (record['partial'] === true) details.push('partial');
  return details;
}

function text(value: unknown): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
  // eslint-disable-next-line no-control-regex
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
