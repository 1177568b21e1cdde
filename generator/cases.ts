// Case planning: which order items get a case (product defect profiles), when (the thread plan's
// offset after the purchase), who owns it (issue expertise, transfer propensity), how long it takes
// (agent skill × regional speed) and the timeline of its chat and emails. Plans are small and
// held in memory (one per case); the text is produced later, record by record.
import { ISSUES } from '../fixtures/index.js';
import { makeId, keyPrefix } from '../schema/index.js';
import type { AccountPlan, OrderHeader } from './customers.js';
import { episodeAt, EPISODE_ISSUE_SHARE, EPISODE_RATE, eraAt, EXPERT_TEAM_SHARE, tenureWeight, type AgentLatent, type Latent } from './latent.js';
import { threadPlan, type ThreadPlan } from './policy.js';
import type { Rng } from './rng.js';
import { DAY_MS, dayOf, LAST_CASE_DAY, MINUTE_MS } from './time.js';

/** Base probability that an eligible order item gets a case (× the product's defect rate). */
export const CASE_RATE = 0.115;
export const CLOSED_SHARE = 0.92;

export interface CaseSeed {
  readonly itemCounter: number;
  readonly itemId: string;
  readonly orderIndex: number;
  readonly orderDay: number;
  readonly accountIndex: number;
  readonly productIndex: number;
  readonly issueIndex: number;
  readonly unitPrice: number;
  readonly totalPrice: number;
  readonly plan: ThreadPlan;
  readonly createdMs: number;
}

export interface CasePlan extends CaseSeed {
  readonly index: number; // Id = makeId(keyPrefix('Case'), index + 1)
  readonly id: string;
  readonly contactIndex: number;
  /** Agent positions in assignment order (1 or 2). */
  owners: number[];
  readonly transferMs: number | null;
  readonly closedMs: number | null;
  readonly status: string;
  readonly priority: string;
  readonly origin: string;
  readonly chatTimes: readonly number[];
  readonly emailTimes: readonly number[];
  readonly lastEventMs: number;
}

/** Decides whether order item `itemCounter` gets a case; returns its seed or null. */
export function maybeCase(
  seed: number,
  root: Rng,
  latent: Latent,
  item: { itemCounter: number; itemId: string; productIndex: number; unitPrice: number; totalPrice: number },
  order: OrderHeader,
): CaseSeed | null {
  if (!order.activated || order.day > LAST_CASE_DAY) return null;
  const product = latent.products[item.productIndex]!;
  const r = root.fork('item-case', item.itemCounter);
  const episode = episodeAt(product, order.day);
  if (!r.chance(CASE_RATE * product.defectRate * (episode ? EPISODE_RATE : 1))) return null;
  const issueIndex = episode && r.chance(EPISODE_ISSUE_SHARE) ? episode.issue : r.weightedIndex(eraAt(product, order.day).issueWeights);
  const plan = threadPlan(seed, item.itemCounter, ISSUES[issueIndex]!.key);
  const day = order.day + plan.offsetDays;
  if (day > LAST_CASE_DAY) return null;
  // Same-day cases open after the purchase (orders are placed 06:00–20:59); all on quarter-hours.
  const firstSlot = plan.offsetDays === 0 ? Math.ceil((order.minuteOfDay + 15) / 15) : 8 * 4;
  const createdMs = day * DAY_MS + r.int(Math.max(firstSlot, 8 * 4), 23 * 4 + 3) * 15 * MINUTE_MS;
  return { ...item, orderIndex: order.index, orderDay: order.day, accountIndex: order.accountIndex, issueIndex, plan, createdMs };
}

/**
 * First owner (and, for a transfer, the second): one of the issue's expert team or an agent by
 * general load, each weighted by experience and only within their tenure (see tenureWeight).
 */
function drawOwners(r: Rng, agents: readonly AgentLatent[], experts: readonly number[], day: number, open: boolean): number[] {
  const w = agents.map((a) => tenureWeight(a, day, open));
  const general = agents.map((a, i) => a.load * w[i]!);
  const pick = (): number => {
    const team = experts.map((e) => w[e]!);
    return r.chance(EXPERT_TEAM_SHARE) && team.some((x) => x > 0) ? experts[r.weightedIndex(team)]! : r.weightedIndex(general);
  };
  const first = pick();
  const owners = [first];
  if (r.chance(agents[first]!.transferPropensity)) {
    const second = r.chance(0.5) ? pick() : r.weightedIndex(general);
    owners.push(second !== first ? second : r.weightedIndex(general.map((g, i) => (i === first ? 0 : g))));
  }
  return owners;
}

const OPEN_STATUSES = ['New', 'Working', 'Escalated', 'Waiting on Customer'] as const;

export function planCases(root: Rng, latent: Latent, seeds: CaseSeed[], accounts: readonly AccountPlan[]): CasePlan[] {
  seeds.sort((a, b) => a.createdMs - b.createdMs || a.itemCounter - b.itemCounter);
  const agents = latent.agents;
  const plans: CasePlan[] = seeds.map((s, index) => {
    const r = root.fork('case', s.itemCounter);
    const account = accounts[s.accountIndex]!;
    const contactIndex = account.contacts.length > 1 && r.chance(0.3) ? account.contacts[1]! : account.contacts[0]!;
    const closed = r.chance(CLOSED_SHARE);
    const owners = drawOwners(r, agents, latent.issueExperts[s.issueIndex]!, dayOf(s.createdMs), !closed);
    const priority = r.weighted(['High', 'Medium', 'Low'], [0.25, 0.5, 0.25]);
    const origin = s.plan.primary === 'chat' ? 'Chat' : s.plan.primary === 'email' ? (r.chance(0.7) ? 'Email' : 'Web') : 'Phone';
    const finalOwner = agents[owners[owners.length - 1]!]!;
    const speed = latent.stateSpeed.get(account.state) ?? 1;
    const handleMin = Math.min(2880, Math.max(14, r.logNormal(270, 0.95) * finalOwner.skill * speed));
    const created = s.createdMs;
    let end = closed ? created + Math.round(handleMin) * MINUTE_MS + r.int(0, 59) * 1000 : created + r.int(6 * 60, 48 * 60) * MINUTE_MS;

    // Chat first (it is how the case came in), then emails spread over the rest of the case.
    const chatTimes: number[] = [];
    if (s.plan.chat) {
      const turns = r.chance(0.4) ? 9 : 7;
      let t = created + r.int(1, 5) * MINUTE_MS + r.int(0, 59) * 1000;
      for (let i = 0; i < turns; i++) {
        chatTimes.push(t);
        t += r.int(15, 140) * 1000;
      }
    }
    const afterChat = chatTimes.length > 0 ? chatTimes[chatTimes.length - 1]! + 60_000 : created;
    const emailTimes: number[] = [];
    if (s.plan.emailCount > 0) {
      const firstEmail = afterChat + r.int(1, 20) * MINUTE_MS + r.int(0, 59) * 1000;
      const minSpan = s.plan.emailCount * 5 * MINUTE_MS;
      if (end - 2 * MINUTE_MS < firstEmail + minSpan) end = firstEmail + minSpan + r.int(3, 30) * MINUTE_MS;
      const span = end - 2 * MINUTE_MS - firstEmail;
      const fr = Array.from({ length: s.plan.emailCount - 1 }, () => r.float()).sort((a, b) => a - b);
      emailTimes.push(firstEmail);
      fr.forEach((f, i) => emailTimes.push(Math.max(emailTimes[i]! + MINUTE_MS, firstEmail + Math.round((f * span) / 1000) * 1000)));
    } else if (end < afterChat + 5 * MINUTE_MS) end = afterChat + r.int(5, 30) * MINUTE_MS;
    let transferMs: number | null = null;
    if (owners.length > 1) {
      const lo = Math.max(created + MINUTE_MS, afterChat);
      transferMs = lo + Math.round(((end - lo) * r.uniform(0.15, 0.6)) / 1000) * 1000;
    }
    const lastEmail = emailTimes.length > 0 ? emailTimes[emailTimes.length - 1]! : 0;
    const lastChat = chatTimes.length > 0 ? chatTimes[chatTimes.length - 1]! : 0;
    const closedMs = closed ? end : null;
    return {
      ...s,
      index,
      id: makeId(keyPrefix('Case'), index + 1),
      contactIndex,
      owners,
      transferMs,
      closedMs,
      status: closed ? 'Closed' : r.weighted(OPEN_STATUSES, [0.2, 0.4, 0.15, 0.25]),
      priority,
      origin,
      chatTimes,
      emailTimes,
      lastEventMs: Math.max(created, closedMs ?? 0, transferMs ?? 0, lastEmail, lastChat),
    };
  });
  settleTopClosers(latent, plans);
  return plans;
}

/**
 * Case routing (routing step 1) ranks agents by Closed cases of the issue. An issue's expert team
 * are its top closers and share the lead exactly, so for teams of 2–3 the product (step 2) or the
 * open workload (step 3) decides: members below the lead, and any outsider at or above it, hand
 * closed non-transferred cases of the issue to the members below the lead (one at a time).
 */
function settleTopClosers(latent: Latent, plans: CasePlan[]): void {
  ISSUES.forEach((_, issue) => {
    const team = latent.issueExperts[issue]!;
    for (let guard = 0; guard < 5000; guard++) {
      const counts = new Map<number, number>();
      for (const p of plans) if (p.issueIndex === issue && p.closedMs !== null) counts.set(p.owners.at(-1)!, (counts.get(p.owners.at(-1)!) ?? 0) + 1);
      const lead = Math.max(0, ...team.map((a) => counts.get(a) ?? 0));
      const outsiders = [...counts].filter(([a, n]) => !team.includes(a) && n >= lead).map(([a]) => a).sort((a, b) => a - b);
      const below = team.filter((a) => (counts.get(a) ?? 0) < lead);
      if (outsiders.length === 0 && below.length === 0) return;
      // Receiver: the team member furthest below the lead (or any member, to rise above an outsider).
      const receiver = below.length > 0 ? below.sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a - b)[0]! : team[0]!;
      const movable = (p: CasePlan, from: (a: number) => boolean) =>
        p.issueIndex === issue && p.closedMs !== null && p.owners.length === 1 && from(p.owners[0]!) && tenureWeight(latent.agents[receiver]!, dayOf(p.createdMs), false) > 0;
      // From an outsider at or above the lead first, else from the non-team agent with most cases of the issue.
      const donors = outsiders.length > 0 ? outsiders : [...counts].filter(([a]) => !team.includes(a)).sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([a]) => a);
      const victim = donors.map((d) => plans.find((p) => movable(p, (a) => a === d))).find((p) => p !== undefined);
      if (!victim) return;
      victim.owners[0] = receiver;
    }
  });
}
