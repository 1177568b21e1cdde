// Chat transcripts and email threads of a case, from the conversation phrase banks. The thread
// named by the case's plan (`primary`) carries the agent's one policy action: a violating one, an
// allowed one, or a refusal; other threads never take a policy action.
import { COMPANY } from '../fixtures/index.js';
import { CONVERSATION } from '../fixtures/index.js';
import { ISSUES } from '../fixtures/index.js';
import type { CasePlan } from './cases.js';
import type { Rng } from './rng.js';
import { fill } from './text.js';

export interface Party {
  readonly firstName: string;
  readonly name: string;
  readonly email: string;
  readonly id: string;
}

export interface ThreadContext {
  readonly plan: CasePlan;
  readonly customer: Party;
  /** The agents in assignment order (index matches plan.owners). */
  readonly agents: readonly Party[];
  readonly productName: string;
}

const usd = (x: number) => `$${x.toFixed(2)}`;

function amountText(ctx: ThreadContext, r: Rng): string {
  const p = ctx.plan.plan;
  if (p.amount !== null) return p.rule?.action === 'loyalty_points' ? String(p.amount) : usd(p.amount);
  if (p.rule?.action === 'price_adjustment') return usd(Math.round(ctx.plan.unitPrice * r.uniform(0.1, 0.25) * 100) / 100);
  return usd(ctx.plan.totalPrice);
}

function vars(ctx: ThreadContext, agent: Party, r: Rng): Record<string, string | number> {
  return {
    customer: ctx.customer.firstName,
    agent: agent.firstName,
    product: ctx.productName,
    days: ctx.plan.plan.offsetDays,
    amount: amountText(ctx, r),
    company: COMPANY.name,
  };
}

/** The agent's policy line of the primary thread (action taken, or refused). */
function actionLine(ctx: ThreadContext, agent: Party, r: Rng): string | null {
  const p = ctx.plan.plan;
  if (!p.rule || !p.outcome) return null;
  const bank = p.outcome === 'refuse' ? CONVERSATION.agentRefusals[p.rule.action] : CONVERSATION.agentActions[p.rule.action];
  // The phrase banks quote the fixture limits ("within 30 days"); the org states its own.
  return fill(p.policy.rewrite(r.pick(bank)), vars(ctx, agent, r));
}

const issueKey = (ctx: ThreadContext) => ISSUES[ctx.plan.issueIndex]!.key;

function opener(ctx: ThreadContext, r: Rng): string {
  const bank = CONVERSATION.customerOpeners[issueKey(ctx)];
  if (!bank || bank.length === 0) throw new Error(`no customer openers for issue ${issueKey(ctx)}`);
  return fill(r.pick(bank), vars(ctx, ctx.agents[0]!, r));
}

const say = (ctx: ThreadContext, agent: Party, r: Rng, bank: readonly string[]) => fill(r.pick(bank), vars(ctx, agent, r));

// Phrase banks are shared by both channels; keep chat-only wording out of emails and vice versa.
const NOT_IN_CHAT = /your email|this email|your message/i;
const NOT_IN_EMAIL = /chatting|chat with|this chat/i;
const channelCache = new Map<readonly string[], Map<string, readonly string[]>>();
function forChannel(bank: readonly string[], channel: 'chat' | 'email'): readonly string[] {
  let byChannel = channelCache.get(bank);
  if (!byChannel) channelCache.set(bank, (byChannel = new Map()));
  let list = byChannel.get(channel);
  if (!list) {
    const re = channel === 'chat' ? NOT_IN_CHAT : NOT_IN_EMAIL;
    const kept = bank.filter((t) => !re.test(t));
    list = kept.length > 0 ? kept : bank;
    byChannel.set(channel, list);
  }
  return list;
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** LiveChatTranscript.Body: one line per turn, `[YYYY-MM-DDTHH:MM:SS] Name (Customer|Agent): text`. */
export function chatBody(ctx: ThreadContext, r: Rng): string {
  const times = ctx.plan.chatTimes;
  const agent = ctx.agents[0]!;
  const primary = ctx.plan.plan.primary === 'chat';
  const C = CONVERSATION;
  const turns: [boolean, string][] = [
    [true, say(ctx, agent, r, forChannel(C.greetings, 'chat'))],
    [false, opener(ctx, r)],
    [true, say(ctx, agent, r, C.agentInvestigations)],
    [false, say(ctx, agent, r, C.customerFollowUps)],
  ];
  if (times.length > 7) {
    turns.push([true, say(ctx, agent, r, C.agentInvestigations)]);
    turns.push([false, say(ctx, agent, r, C.customerFollowUps)]);
  }
  turns.push([true, (primary ? actionLine(ctx, agent, r) : null) ?? say(ctx, agent, r, C.agentInvestigations)]);
  turns.push([false, say(ctx, agent, r, C.customerThanks)]);
  turns.push([true, say(ctx, agent, r, forChannel(C.closings, 'chat'))]);
  return turns
    .map(([isAgent, text], i) => `[${stamp(times[i]!)}] ${isAgent ? agent.name : ctx.customer.name} (${isAgent ? 'Agent' : 'Customer'}): ${text}`)
    .join('\n');
}

export interface EmailDraft {
  readonly incoming: boolean;
  readonly subject: string;
  readonly body: string;
  readonly from: Party;
  readonly to: Party;
  readonly time: number;
}

/** The case's email thread: alternating customer (incoming) and agent (outgoing) messages. */
export function emailThread(ctx: ThreadContext, subject: string, r: Rng): EmailDraft[] {
  const times = ctx.plan.emailTimes;
  const n = times.length;
  const primary = ctx.plan.plan.primary === 'email';
  const lastOutgoing = n % 2 === 0 ? n - 1 : n - 2;
  const C = CONVERSATION;
  const out: EmailDraft[] = [];
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    const agent = ownerAt(ctx, t);
    const incoming = i % 2 === 0;
    let body: string;
    if (incoming) {
      const text = i === 0 ? (primary ? opener(ctx, r) : say(ctx, agent, r, C.customerFollowUps)) : i > lastOutgoing ? say(ctx, agent, r, C.customerThanks) : say(ctx, agent, r, C.customerFollowUps);
      body = `Hello,\n\n${text}\n\nThank you,\n${ctx.customer.name}`;
    } else {
      const parts: string[] = [];
      if (i === 1) parts.push(say(ctx, agent, r, forChannel(C.greetings, 'email')));
      if (i === 1 || i < lastOutgoing) parts.push(say(ctx, agent, r, C.agentInvestigations));
      if (i === lastOutgoing) {
        const line = primary ? actionLine(ctx, agent, r) : null;
        if (line) parts.push(line);
        parts.push(say(ctx, agent, r, forChannel(C.closings, 'email')));
      }
      body = `Hi ${ctx.customer.firstName},\n\n${parts.join(' ')}\n\nBest regards,\n${agent.name}\n${COMPANY.name} Customer Care`;
    }
    out.push({
      incoming,
      subject: i === 0 ? subject : `Re: ${subject}`,
      body,
      from: incoming ? ctx.customer : agent,
      to: incoming ? agent : ctx.customer,
      time: t,
    });
  }
  return out;
}

/** The agent who owns the case at time `t` (the second owner after a transfer). */
function ownerAt(ctx: ThreadContext, t: number): Party {
  const p = ctx.plan;
  if (p.transferMs !== null && t >= p.transferMs && ctx.agents.length > 1) return ctx.agents[1]!;
  return ctx.agents[0]!;
}
