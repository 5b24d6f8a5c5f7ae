import type { AuditDecision, AuditEvent, GuardVerdict } from '../audit/audit-event.js';
import type { DataVerdict } from '../security/guardrails/data/data-verdict.js';
import { ERROR_CODES, type ErrorCode } from './errors.js';
import type { RequestContext } from './request-context.js';

/** The audit record of one request, from everything the pipeline learned about it. */
export function auditEventOf(context: RequestContext, now: number = performance.now()): AuditEvent {
  const principal = context.principal;
  const event: AuditEvent = {
    requestId: context.requestId,
    clientFormat: context.clientFormat,
    durationMs: Math.round(now - context.startedAt),
    status: context.status,
    decision: decisionOf(context),
    attempts: context.attempts.map((attempt) => ({ target: attempt.target, attempt: attempt.attempt, outcome: attempt.outcome, ...(attempt.code ? { code: attempt.code } : {}) })),
    partial: context.target !== undefined && context.partial,
    cacheHit: context.cache === 'hit',
  };
  if (context.endpoint !== undefined) {
    event.endpoint = context.endpoint.path;
    event.method = context.endpoint.method;
  }
  if (principal !== undefined) {
    event.userId = principal.name ?? principal.certificate ?? principal.keyId;
    event.tenant = principal.tenant;
    event.keyId = principal.keyId;
  }
  if (context.target !== undefined) {
    event.provider = context.target.provider;
    event.model = context.target.model;
  } else if (context.request !== undefined) {
    event.model = context.request.model;
  }
  if (context.usage !== undefined) {
    event.promptTokens = context.usage.promptTokens;
    event.completionTokens = context.usage.completionTokens;
    if (context.usage.cachedTokens !== undefined) event.cachedTokens = context.usage.cachedTokens;
  }
  if (context.cost !== undefined) event.totalCost = context.cost.usd;
  if (context.errorCode !== undefined) event.reasonCode = context.errorCode;
  if (context.routingReason !== undefined) event.routingReason = context.routingReason;
  const verdicts = guardVerdictsOf(context);
  if (verdicts.length > 0) event.guardVerdicts = verdicts;
  return event;
}

function decisionOf(context: RequestContext): AuditDecision {
  if (context.errorCode === undefined) return context.status >= 400 ? 'failed' : 'allowed';
  const status = ERROR_CODES[context.errorCode as ErrorCode]?.status ?? 500;
  return status < 500 && !context.errorCode.startsWith('upstream_') ? 'refused' : 'failed';
}

function guardVerdictsOf(context: RequestContext): GuardVerdict[] {
  const verdicts: GuardVerdict[] = [];
  const injection = context.promptInjection;
  if (injection !== undefined && injection.ruleIds.length > 0) {
    const action = injection.action === 'block' ? 'block' : 'flag';
    for (const ruleId of injection.ruleIds) verdicts.push({ ruleId: `prompt_injection:${ruleId}`, action, direction: 'in' });
  }
  pushData(verdicts, context.dataVerdict, 'in');
  pushData(verdicts, context.outputVerdict, 'out');
  return verdicts;
}

function pushData(verdicts: GuardVerdict[], verdict: DataVerdict | undefined, direction: 'in' | 'out'): void {
  if (verdict === undefined || verdict.action === 'allow') return;
  const action = verdict.action;
  for (const finding of verdict.findings) verdicts.push({ ruleId: `data:${finding.detector}`, action, direction });
}
