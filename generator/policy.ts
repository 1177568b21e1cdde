// Latent policy violations. Each case's thread plan (which threads it has, which policy action the
// agent takes, whether that breaks the rule, how many days after the purchase the case opens) is
// drawn from its own sub-stream keyed by the case's OrderItem counter and its issue, so
// generator and recoverTruth compute the same plan without sharing state. The rules are the org's
// (generator/knowledge.ts: each org draws its own refund windows and amount limits).
import { APPLICABLE_POLICIES } from '../fixtures/index.js';
import type { PolicyRule } from '../fixtures/index.js';
import { orgKnowledge, type OrgPolicyArticle } from './knowledge.js';
import { Rng } from './rng.js';

export const CHAT_SHARE = 0.55;
export const EMAIL_SHARE = 0.865;
/** Share of cases with a thread whose agent breaks the issue's policy. */
export const VIOLATION_SHARE = 0.42;
/** Share of compliant cases where the customer asks for something outside the rule and the agent refuses. */
export const REFUSAL_SHARE = 0.4;
/** Share of thread cases whose policy action is governed by the issue's own article (the rest: another applicable one). */
export const OWN_POLICY_SHARE = 0.4;

export type Outcome = 'violate' | 'allowed' | 'refuse';

export interface ThreadPlan {
  readonly chat: boolean;
  readonly email: boolean;
  /** Number of emails (0 when `email` is false). */
  readonly emailCount: number;
  /** The thread that carries the policy action (chat when there is one). */
  readonly primary: 'chat' | 'email' | null;
  /** The org's policy article at stake (its rules carry the org's limits). */
  readonly policy: OrgPolicyArticle;
  readonly rule: PolicyRule | null;
  readonly outcome: Outcome | null;
  /** Days between the order's EffectiveDate and the case's CreatedDate. */
  readonly offsetDays: number;
  /** Amount named in the agent's words for amount-limited rules (USD or points); null otherwise. */
  readonly amount: number | null;
}

/** The org's policy articles applicable to a case of the issue, its own first (fixtures/policies.ts). */
export function policiesForIssue(seed: number, issueKey: string): OrgPolicyArticle[] {
  const keys = APPLICABLE_POLICIES[issueKey];
  if (!keys) throw new Error(`no policy articles for issue ${issueKey}`);
  const policyByKey = new Map(orgKnowledge(seed).policies.map((p) => [p.key, p]));
  return keys.map((k) => {
    const p = policyByKey.get(k);
    if (!p) throw new Error(`issue ${issueKey}: unknown policy article ${k}`);
    return p;
  });
}

function usualOffset(r: Rng): number {
  const u = r.float();
  if (u < 0.45) return 0;
  if (u < 0.8) return r.int(1, 7);
  if (u < 0.96) return r.int(8, 30);
  return r.int(31, 90);
}

const isPoints = (rule: PolicyRule) => rule.action === 'loyalty_points';
function roundAmount(rule: PolicyRule, x: number): number {
  return isPoints(rule) ? Math.max(50, Math.round(x / 50) * 50) : Math.round(x * 100) / 100;
}

/** The plan of case `itemCounter` (its OrderItem's Id counter) with issue `issueKey`. */
export function threadPlan(seed: number, itemCounter: number, issueKey: string): ThreadPlan {
  const r = Rng.root(seed).fork('thread', itemCounter);
  const chat = r.chance(CHAT_SHARE);
  const email = r.chance(EMAIL_SHARE);
  const emailCount = email ? r.weighted([2, 3, 4, 5], [0.1, 0.3, 0.4, 0.2]) : 0;
  const primary = chat ? 'chat' : email ? 'email' : null;
  const applicable = policiesForIssue(seed, issueKey);
  const policy = applicable.length === 1 || r.chance(OWN_POLICY_SHARE) ? applicable[0]! : r.pick(applicable.slice(1));
  const limited = policy.rules.filter((x) => x.maxDaysSincePurchase !== undefined || x.maxAmount !== undefined);
  const rule = primary && policy.rules.length > 0 ? r.pick(limited.length > 0 ? limited : policy.rules) : null;
  let outcome: Outcome | null = null;
  if (rule) {
    const limitable = rule.maxDaysSincePurchase !== undefined || rule.maxAmount !== undefined;
    outcome = limitable && r.chance(VIOLATION_SHARE) ? 'violate' : limitable && r.chance(REFUSAL_SHARE) ? 'refuse' : 'allowed';
  }
  let offsetDays = usualOffset(r);
  let amount: number | null = null;
  if (rule && outcome) {
    const D = rule.maxDaysSincePurchase;
    if (D !== undefined) {
      if (outcome === 'allowed') offsetDays = D >= 2 ? Math.min(offsetDays, D - 1) : 0;
      else offsetDays = D + r.int(2, Math.max(12, Math.round(D * 0.6)));
    }
    const M = rule.maxAmount;
    if (M !== undefined) {
      // Day-limited rules that also cap the amount stay under the cap; amount-only rules decide by it.
      const over = D === undefined && outcome !== 'allowed';
      amount = roundAmount(rule, over ? M * r.uniform(1.3, 3) : M * r.uniform(0.3, 0.95));
      if (!over && amount > M) amount = M;
    }
  }
  return { chat, email, emailCount, primary, policy, rule, outcome, offsetDays, amount };
}
