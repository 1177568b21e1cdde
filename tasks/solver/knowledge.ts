// Reference solutions of PVI (read the case's chat and emails, detect the agent's policy action
// with the conversation phrase banks, check it against the policy articles' rules) and KQA.
import { CONVERSATION } from '../../fixtures/conversations.js';
import { POLICY_ARTICLES } from '../../fixtures/policies.js';
import type { PolicyAction, PolicyRule } from '../../fixtures/types.js';
import { lit, type RestClient } from './client.js';
import { idWithPrefix, ms, type TaskText } from './parse.js';

const NONE = 'None';

interface ActionPattern {
  readonly action: PolicyAction;
  readonly re: RegExp;
  /** Capture group of {amount} / {days}, when the template has one. */
  readonly amountGroup: number | undefined;
}

let patterns: ActionPattern[] | undefined;

/** Each agentActions template as a regex: {amount} and {days} captured, other placeholders free. */
function actionPatterns(): ActionPattern[] {
  if (patterns) return patterns;
  patterns = [];
  for (const [action, bank] of Object.entries(CONVERSATION.agentActions) as [PolicyAction, readonly string[]][]) {
    for (const tpl of bank) {
      let group = 0;
      let amountGroup: number | undefined;
      const src = tpl
        .split(/(\{\w+\})/)
        .map((part) => {
          const m = /^\{(\w+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
          group++;
          if (m[1] === 'amount') {
            amountGroup = group;
            return '\\$?([0-9][0-9,]*(?:\\.[0-9]+)?)';
          }
          if (m[1] === 'days') return '(\\d+)';
          return '(.+?)';
        })
        .join('');
      patterns.push({ action, re: new RegExp(src, 'i'), amountGroup });
    }
  }
  return patterns;
}

function unescapeHtml(s: string): string {
  return s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The policy actions the agent's words take in a thread text. */
export function detectActions(text: string): { action: PolicyAction; amount: number | null }[] {
  const out: { action: PolicyAction; amount: number | null }[] = [];
  const flat = unescapeHtml(text);
  for (const p of actionPatterns()) {
    const m = p.re.exec(flat);
    if (!m) continue;
    const amount = p.amountGroup !== undefined ? Number(m[p.amountGroup]!.replace(/,/g, '')) : null;
    out.push({ action: p.action, amount });
  }
  return out;
}

function ruleFor(action: PolicyAction): { articleUrl: string; rule: PolicyRule } | undefined {
  for (const a of POLICY_ARTICLES) for (const rule of a.rules) if (rule.action === action) return { articleUrl: a.urlName, rule };
  return undefined;
}

export async function solvePolicyViolation(api: RestClient, t: TaskText): Promise<string> {
  const caseId = idWithPrefix(t, '500');
  const [c] = await api.query(`SELECT Id, CreatedDate, OrderItemId__c, IssueId__c FROM Case WHERE Id = ${lit(caseId)}`);
  if (!c) return NONE;
  const chats = await api.query(`SELECT Body, EndTime FROM LiveChatTranscript WHERE CaseId = ${lit(caseId)}`);
  const emails = await api.query(`SELECT Subject, TextBody, FromAddress, ToAddress, MessageDate FROM EmailMessage WHERE ParentId = ${lit(caseId)}`);
  // Only the agent's side of the conversation can breach a policy.
  const agentText = [
    ...chats.flatMap((r) => String(r.Body ?? '').split('\n').filter((l) => /\(Agent\):/.test(l))),
    ...emails.filter((e) => !/@example\.com$/i.test(String(e.FromAddress ?? ''))).map((e) => String(e.TextBody ?? '')),
  ].join('\n');
  const actions = detectActions(agentText);
  if (actions.length === 0) return NONE;
  let days: number | undefined;
  if (c.OrderItemId__c) {
    const [oi] = await api.query(`SELECT Id, Order.EffectiveDate FROM OrderItem WHERE Id = ${lit(String(c.OrderItemId__c))}`);
    const eff = (oi?.Order as { EffectiveDate?: string } | undefined)?.EffectiveDate;
    if (eff) days = Math.round((Date.parse(`${new Date(ms(c.CreatedDate)).toISOString().slice(0, 10)}T00:00:00Z`) - Date.parse(`${eff}T00:00:00Z`)) / 86_400_000);
  }
  const breached = new Set<string>();
  for (const a of actions) {
    const r = ruleFor(a.action);
    if (!r) continue;
    const overDays = r.rule.maxDaysSincePurchase !== undefined && days !== undefined && days > r.rule.maxDaysSincePurchase;
    const overAmount = r.rule.maxAmount !== undefined && a.amount !== null && a.amount > r.rule.maxAmount;
    if (overDays || overAmount) breached.add(r.articleUrl);
  }
  if (breached.size === 0) return NONE;
  const ids: string[] = [];
  for (const url of breached) {
    const [k] = await api.query(`SELECT Id FROM Knowledge__kav WHERE UrlName = ${lit(url)} AND PublishStatus = 'Online' AND Language = 'en_US'`);
    if (k) ids.push(String(k.Id));
  }
  return ids.length ? ids.join(', ') : NONE;
}

export async function solveKnowledgeQa(_api: RestClient, _t: TaskText): Promise<string> {
  throw new Error('knowledge_qa: solver not available yet');
}
