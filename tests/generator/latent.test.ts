// The latent variables leave their signal in the data, and recoverTruth recomputes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_ARTICLES } from '../../fixtures/policies.js';
import { recoverTruth, type OrgTruth } from '../../generator/truth.js';
import { orgKnowledge } from '../../generator/knowledge.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

let store: Store;
let truth: OrgTruth;
let truthMs = 0;
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
  const t = performance.now();
  truth = recoverTruth(store);
  truthMs = performance.now() - t;
});
afterAll(() => store?.close());

describe('latent signal', () => {
  it('product defect profiles drift: within each era (outside episodes) the era\'s dominant issue leads; most products change dominant issue', () => {
    const rows = store.allRaw(
      `SELECT oi."Product2Id", o."EffectiveDate", c."IssueId__c" FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Order" o ON o."Id" = oi."OrderId"`,
    ) as [string, string, string][];
    const groups = new Map<string, Map<string, number>>();
    for (const [p, day, issue] of rows) {
      if (truth.productEpisodes.get(p)!.some((e) => e.from <= day && day <= e.to)) continue;
      const eras = truth.productEras.get(p)!;
      const era = eras.filter((e) => e.from <= day).length - 1;
      const k = `${p}|${Math.max(0, era)}`;
      const m = groups.get(k) ?? new Map<string, number>();
      m.set(issue, (m.get(issue) ?? 0) + 1);
      groups.set(k, m);
    }
    let big = 0;
    let led = 0;
    for (const [k, m] of groups) {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      if (total < 6) continue;
      big++;
      const [p, era] = k.split('|') as [string, string];
      const dominant = truth.productEras.get(p)![Number(era)]!.issueId;
      if ((m.get(dominant) ?? 0) === Math.max(...m.values())) led++;
    }
    expect(big).toBeGreaterThan(20);
    expect(led / big).toBeGreaterThanOrEqual(0.6);
    const eras = [...truth.productEras.values()];
    const changing = eras.filter((e) => e.length >= 2 && e.every((x, i) => i === 0 || x.issueId !== e[i - 1]!.issueId)).length;
    expect(changing / eras.length).toBeGreaterThanOrEqual(0.8);
    expect(eras.every((e) => e.length <= 3)).toBe(true);
  });

  it('defect episodes: items bought during one get cases at a raised rate, mostly of the episode issue', () => {
    const rows = store.allRaw(
      `SELECT oi."Product2Id", o."EffectiveDate", c."IssueId__c" FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId" LEFT JOIN "Case" c ON c."OrderItemId__c" = oi."Id"
        WHERE o."Status" = 'Activated' AND o."EffectiveDate" < '2024-05-01'`,
    ) as [string, string, string | null][];
    const acc = { inside: [0, 0], outside: [0, 0] };
    let episodeCases = 0;
    let episodeIssue = 0;
    for (const [p, day, issue] of rows) {
      const ep = truth.productEpisodes.get(p)!.find((e) => e.from <= day && day <= e.to);
      const k = ep ? 'inside' : 'outside';
      acc[k][0]! += issue === null ? 0 : 1;
      acc[k][1]! += 1;
      if (ep && issue !== null) {
        episodeCases++;
        if (issue === ep.issueId) episodeIssue++;
      }
    }
    const ratio = acc.inside[0]! / acc.inside[1]! / (acc.outside[0]! / acc.outside[1]!);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
    expect(episodeCases).toBeGreaterThan(100);
    expect(episodeIssue / episodeCases).toBeGreaterThan(0.55);
    expect(episodeIssue / episodeCases).toBeLessThan(0.8);
  });

  it('bestsellers: a few products carry a large share of the order lines and of the cases', () => {
    const lines = store.allRaw(`SELECT "Product2Id", COUNT(*) FROM "OrderItem" GROUP BY 1 ORDER BY 2 DESC LIMIT 10`) as [string, number][];
    const total = store.allRaw(`SELECT COUNT(*) FROM "OrderItem"`)[0]![0] as number;
    const top = lines.reduce((s, r) => s + r[1], 0) / total;
    expect(top).toBeGreaterThan(0.1);
    expect(top).toBeLessThan(0.3);
  });

  it('bestsellers sell only during their staggered lives, more during promotions, and carry about half of the cases', () => {
    const rows = store.allRaw(
      `SELECT oi."Product2Id", o."EffectiveDate", COUNT(*) FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId" GROUP BY 1, 2`,
    ) as [string, string, number][];
    const lives = truth.bestsellerLives;
    expect(lives.size).toBe(16);
    const perDay = { promo: [0, 0], normal: [0, 0] };
    for (const [p, day, n] of rows) {
      const life = lives.get(p);
      if (!life) continue;
      // A bestseller bought outside its life is an ordinary (non-bestseller) line: rare.
      if (day < life.from || day > life.to) continue;
      perDay[life.promotions.some(([a, b]) => a <= day && day <= b) ? 'promo' : 'normal'][0]! += n;
    }
    for (const life of lives.values()) {
      const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
      const promo = life.promotions.reduce((s, [a, b]) => s + days(a, b), 0);
      perDay.promo[1]! += promo;
      perDay.normal[1]! += days(life.from, life.to) - promo;
      expect(days(life.from, life.to)).toBeGreaterThanOrEqual(540);
      expect(life.promotions.length).toBeGreaterThanOrEqual(3);
    }
    expect(perDay.promo[0]! / perDay.promo[1]! / (perDay.normal[0]! / perDay.normal[1]!)).toBeGreaterThan(2);
    // At most a handful on sale at once, and at least one at every time of the data.
    for (let d = Date.UTC(2020, 0, 1); d < Date.UTC(2024, 5, 1); d += 30 * 86_400_000) {
      const day = new Date(d).toISOString().slice(0, 10);
      const on = [...lives.values()].filter((l) => l.from <= day && day <= l.to).length;
      expect(on, day).toBeGreaterThanOrEqual(1);
      expect(on, day).toBeLessThanOrEqual(9);
    }
    const cases = store.allRaw(`SELECT oi."Product2Id", COUNT(*) FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" GROUP BY 1`) as [string, number][];
    const total = cases.reduce((s, r) => s + r[1], 0);
    const share = cases.filter(([p]) => lives.has(p)).reduce((s, r) => s + r[1], 0) / total;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.8);
    expect(total).toBeGreaterThan(900);
    expect(total).toBeLessThan(1150);
  });

  it('agent tenure: some agents join and some leave; nobody owns a case outside their tenure; leavers own no open case and are inactive', () => {
    const tenure = truth.agentTenure;
    const joiners = [...tenure.values()].filter((t) => t.hired > '2020-01-01');
    const leavers = [...tenure.entries()].filter(([, t]) => t.left !== null);
    expect(joiners.length).toBeGreaterThanOrEqual(8);
    expect(leavers.length).toBeGreaterThanOrEqual(5);
    const users = new Map((store.allRaw(`SELECT "Id", "IsActive", "CreatedDate" FROM "User"`) as [string, number, string][]).map((r) => [r[0], r]));
    for (const [id, t] of tenure) {
      expect(users.get(id)![1], id).toBe(t.left === null ? 1 : 0);
      expect(users.get(id)![2].slice(0, 10), id).toBe(t.hired > '2020-01-01' ? t.hired : '2020-01-01');
    }
    const problems: string[] = [];
    const owned = store.allRaw(
      `SELECT h."NewValue__c", c."Id", c."CreatedDate", c."ClosedDate", c."Status" FROM "CaseHistory__c" h JOIN "Case" c ON c."Id" = h."CaseId__c" WHERE h."Field__c" = 'Owner Assignment'`,
    ) as [string, string, string, string | null, string][];
    expect(owned.length).toBeGreaterThan(1000);
    for (const [agent, caseId, created, closed, status] of owned) {
      const t = tenure.get(agent)!;
      if (created.slice(0, 10) < t.hired) problems.push(`${caseId}: ${agent} hired ${t.hired}`);
      if (t.left !== null && (status !== 'Closed' || closed!.slice(0, 10) > t.left)) problems.push(`${caseId}: ${agent} left ${t.left}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    // Experts are on staff to the end.
    for (const team of truth.issueExperts.values()) for (const a of team) expect(tenure.get(a)!.left).toBeNull();
  });

  it('experience grows with tenure: joiners take fewer cases a month in their first 120 days than after 240', () => {
    const rows = store.allRaw(`SELECT "OwnerId", "CreatedDate" FROM "Case"`) as [string, string][];
    const acc = { early: [0, 0], late: [0, 0] };
    const lastDay = Date.parse('2024-05-31');
    for (const [id, t] of truth.agentTenure) {
      if (t.hired <= '2020-01-01' || truth.issueExperts.size === 0) continue;
      const hired = Date.parse(t.hired);
      const since = (iso: string) => (Date.parse(iso.slice(0, 10)) - hired) / 86_400_000;
      const mine = rows.filter((r) => r[0] === id).map((r) => since(r[1]));
      acc.early[0]! += mine.filter((d) => d < 120).length;
      acc.early[1]! += 120;
      acc.late[0]! += mine.filter((d) => d >= 240).length;
      acc.late[1]! += Math.max(0, (lastDay - hired) / 86_400_000 - 240);
    }
    expect(acc.late[1]).toBeGreaterThan(1000);
    expect(acc.early[0]! / acc.early[1]!).toBeLessThan(0.8 * (acc.late[0]! / acc.late[1]!));
  });

  it('shopping habits: orders per month peak in late November, December, mid-August and mid-March are above the median', () => {
    const rows = store.allRaw(`SELECT substr("EffectiveDate", 6, 2), COUNT(*) FROM "Order" GROUP BY 1 ORDER BY 1`) as [string, number][];
    const counts = new Map(rows);
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const median = (sorted[5]! + sorted[6]!) / 2;
    expect(counts.get('11')).toBe(sorted.at(-1));
    for (const m of ['12', '08', '03']) expect(counts.get(m)!, m).toBeGreaterThan(median);
    // Cases follow purchases: December (four years of data, as Jan–May have five) is above the median.
    const cases = new Map(store.allRaw(`SELECT substr("CreatedDate", 6, 2), COUNT(*) FROM "Case" GROUP BY 1`) as [string, number][]);
    const cs = [...cases.values()].sort((a, b) => a - b);
    expect(cases.get('12')!).toBeGreaterThan((cs[5]! + cs[6]!) / 2);
  });

  it("issue expertise: each issue's top closers are exactly its expert team, tied; most teams have 2–3 members", () => {
    const rows = store.allRaw(`SELECT "IssueId__c", "OwnerId", COUNT(*) FROM "Case" WHERE "Status" = 'Closed' GROUP BY 1, 2`) as [string, string, number][];
    const byIssue = new Map<string, [string, number][]>();
    for (const [i, o, n] of rows) byIssue.set(i, [...(byIssue.get(i) ?? []), [o, n]]);
    expect(byIssue.size).toBe(10);
    for (const [issue, list] of byIssue) {
      const max = Math.max(...list.map((x) => x[1]));
      const top = list.filter((x) => x[1] === max).map((x) => x[0]).sort();
      expect(top, issue).toEqual([...truth.issueExperts.get(issue)!].sort());
    }
    expect([...truth.issueExperts.values()].filter((t) => t.length >= 2).length).toBeGreaterThanOrEqual(5);
  });

  it('agent skill: average handle time differs widely between agents', () => {
    const rows = store.allRaw(
      `SELECT "OwnerId", AVG((julianday("ClosedDate") - julianday("CreatedDate")) * 24), COUNT(*) FROM "Case" WHERE "IsClosed" = 1 GROUP BY 1 HAVING COUNT(*) >= 5`,
    ) as [string, number, number][];
    const avgs = rows.map((r) => r[1]).sort((a, b) => a - b);
    expect(avgs.at(-1)! / avgs[0]!).toBeGreaterThan(3);
  });

  it('regional speed: average closure time differs between states', () => {
    const rows = store.allRaw(
      `SELECT a."ShippingState", AVG((julianday(c."ClosedDate") - julianday(c."CreatedDate")) * 24) FROM "Case" c JOIN "Account" a ON a."Id" = c."AccountId"
        WHERE c."IsClosed" = 1 GROUP BY 1 HAVING COUNT(*) >= 10`,
    ) as [string, number][];
    expect(rows.length).toBeGreaterThan(10);
    const avgs = rows.map((r) => r[1]).sort((a, b) => a - b);
    expect(avgs.at(-1)! / avgs[0]!).toBeGreaterThan(1.5);
  });
});

describe('recoverTruth', () => {
  it('is fast and reads seed/scale from the meta table', () => {
    expect(truthMs).toBeLessThan(1500);
    expect(String(truth.seed)).toBe(store.getMeta('seed'));
    expect(String(truth.scale)).toBe(store.getMeta('scale'));
  });

  it('finds violations in a third to a half of the cases with a thread; every violated article is a policy article', () => {
    const threadCases = store.allRaw(
      `SELECT COUNT(*) FROM "Case" c WHERE EXISTS (SELECT 1 FROM "EmailMessage" e WHERE e."ParentId" = c."Id") OR EXISTS (SELECT 1 FROM "LiveChatTranscript" t WHERE t."CaseId" = c."Id")`,
    )[0]![0] as number;
    const share = truth.violations.size / threadCases;
    expect(share).toBeGreaterThan(0.33);
    expect(share).toBeLessThan(0.5);
    expect(truth.violations.size + truth.compliantThreadCaseIds.length).toBe(threadCases);
    const policyIds = new Set(truth.policyArticleIds.values());
    expect(policyIds.size).toBe(10);
    const articles = new Set(truth.violations.values());
    for (const a of articles) expect(policyIds.has(a)).toBe(true);
    expect(articles.size).toBe(10);
    for (const id of truth.compliantThreadCaseIds) expect(truth.violations.has(id)).toBe(false);
  });

  it('violations are decidable from data: days since purchase or the stated amount break the rule; compliant ones do not', () => {
    // The org's own rules (each org states its own limits, generator/knowledge.ts).
    const rules = new Map(orgKnowledge(truth.seed).policies.map((p) => [p.key, p.rules[0]!]));
    expect(rules.size).toBe(POLICY_ARTICLES.length);
    for (const [caseId, t] of truth.threads) {
      const rule = rules.get(t.policyKey)!;
      expect(t.action).toBe(rule.action);
      const overDays = rule.maxDaysSincePurchase !== undefined && t.daysSincePurchase > rule.maxDaysSincePurchase;
      const overAmount = rule.maxDaysSincePurchase === undefined && rule.maxAmount !== undefined && t.amount! > rule.maxAmount;
      const over = overDays || overAmount;
      if (t.outcome === 'violate') expect(over, caseId).toBe(true);
      if (t.outcome === 'allowed') expect(over, caseId).toBe(false);
      if (t.outcome === 'refuse') expect(over, caseId).toBe(true);
    }
  });

  it("the violating agent's words are in the case's chat or email thread", () => {
    const sample = [...truth.violations.keys()].slice(0, 60);
    for (const caseId of sample) {
      const t = truth.threads.get(caseId)!;
      const text = [
        ...store.allRaw(`SELECT "Body" FROM "LiveChatTranscript" WHERE "CaseId" = ?`, [caseId]).map((r) => r[0] as string),
        ...store.allRaw(`SELECT "TextBody" FROM "EmailMessage" WHERE "ParentId" = ? AND "Incoming" = 0`, [caseId]).map((r) => r[0] as string),
      ].join('\n');
      if (t.amount !== null) expect(text).toContain(t.action === 'loyalty_points' ? String(t.amount) : `$${t.amount.toFixed(2)}`);
      expect(text.length).toBeGreaterThan(100);
    }
  });
});

describe('policy lines in threads', () => {
  it('each thread case has exactly one agent policy line, in its primary thread, matching its outcome and action', async () => {
    const { CONVERSATION } = await import('../../fixtures/conversations.js');
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Limits quoted in the lines are the org's, so literal numbers are generalised.
    const toRe = (t: string) => new RegExp(esc(t).replace(/\\\{\w+\\\}/g, '.+?').replace(/\d+/g, '\\d+'));
    const actions = Object.entries(CONVERSATION.agentActions).flatMap(([a, list]) => list.map((t) => [a, toRe(t)] as const));
    const refusals = Object.entries(CONVERSATION.agentRefusals).flatMap(([a, list]) => list.map((t) => [a, toRe(t)] as const));
    const problems: string[] = [];
    const chats = new Map((store.allRaw(`SELECT "CaseId", "Body" FROM "LiveChatTranscript"`) as [string, string][]).map(([c, b]) => [c, b.split('\n').filter((l) => l.includes('(Agent):'))]));
    const emails = new Map<string, string[]>();
    for (const [c, b] of store.allRaw(`SELECT "ParentId", "TextBody" FROM "EmailMessage" WHERE "Incoming" = 0`) as [string, string][]) emails.set(c, [...(emails.get(c) ?? []), b]);
    for (const [caseId, t] of truth.threads) {
      const chat = chats.get(caseId) ?? [];
      const mail = emails.get(caseId) ?? [];
      const primary = chat.length > 0 ? chat : mail;
      const secondary = chat.length > 0 ? mail : [];
      const hits = (texts: string[], bank: typeof actions) => texts.flatMap((x) => bank.filter(([, re]) => re.test(x)).map(([a]) => a));
      const a = hits(primary, actions);
      const r = hits(primary, refusals);
      if (hits(secondary, actions).length + hits(secondary, refusals).length > 0) problems.push(`${caseId}: policy line in secondary thread`);
      if (t.outcome === 'refuse') {
        if (a.length !== 0 || !r.includes(t.action)) problems.push(`${caseId}: refuse ${t.action} → actions ${a} refusals ${r}`);
      } else if (!a.includes(t.action) || new Set(a).size !== 1 || r.length !== 0) problems.push(`${caseId}: ${t.outcome} ${t.action} → actions ${a} refusals ${r}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
