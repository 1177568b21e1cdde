// Knowledge facts are parameterised per org: every article states the org's own value of each fact
// (fixtures/fact-variants.ts), the org's fact table answers with it, policy articles state per-org
// rule limits that the thread plans follow, and the reference solver reads all of it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTS } from '../../fixtures/facts.js';
import { FAQ_ARTICLES } from '../../fixtures/faq.js';
import { POLICY_ARTICLES } from '../../fixtures/policies.js';
import { FACT_VARIANTS, POLICY_VALUES } from '../../fixtures/fact-variants.js';
import { orgKnowledge, phraseRe, variantSlot } from '../../generator/knowledge.js';
import { threadPlan } from '../../generator/policy.js';
import { Store } from '../../server/store/index.js';
import { orgFacts } from '../../tasks/families/knowledge_qa.js';
import { tokenF1 } from '../../tasks/score.js';
import { answerIn, limitIn } from '../../tasks/solver/knowledge.js';
import { testOrgPath } from '../helpers/org.js';

const norm = (s: string) => s.toLowerCase().replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const ARTICLES = [...POLICY_ARTICLES, ...FAQ_ARTICLES];
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
/** Facts that keep their fixture answer: the tier names, which other questions and case texts use. */
const FIXED = ['tiers_top_name', 'tiers_entry_name'];

let store: Store;
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
});
afterAll(() => store?.close());

describe('the fact variants table', () => {
  it('names known facts; each phrase stands in its fixture article and holds the answer; every fact but the tier names varies', () => {
    const ids = new Set(FACTS.map((f) => f.id));
    for (const id of Object.keys(FACT_VARIANTS)) expect(ids.has(id), id).toBe(true);
    for (const f of FACTS) {
      const v = FACT_VARIANTS[f.id];
      // A policy rule's fact (its window or limit) follows the org's POLICY_VALUES.
      if (FIXED.includes(f.id) || (!v && f.articleKey.startsWith('policy_'))) continue;
      expect(v, `${f.id} has no variants`).toBeDefined();
      const { at, as } = variantSlot(f, v!);
      expect(at, f.id).toContain(f.answer);
      expect(as, f.id).toContain('@');
      expect(ARTICLES.find((a) => a.key === f.articleKey)!.body.match(phraseRe(at)), `${f.id}: ${at}`).not.toBeNull();
      expect(v!.options.length >= 3 || v!.options.some((o) => o.includes('{')), f.id).toBe(true);
    }
  });
});

describe('per-org knowledge facts', () => {
  it("the org's articles state every answer of the org's fact table and every rule of its policies", () => {
    const rows = new Map(
      (store.all(`SELECT "UrlName" AS u, "Title" AS t, "Summary" AS s, "FAQ_Answer__c" AS b FROM "Knowledge__kav"`) as { u: string; t: string; s: string; b: string }[]).map((r) => [r.u, r]),
    );
    const url = new Map(ARTICLES.map((a) => [a.key, a.urlName]));
    const facts = orgFacts(store);
    expect(facts).toHaveLength(FACTS.length);
    for (const f of facts) {
      const r = rows.get(url.get(f.articleKey)!)!;
      expect(norm(`${r.t} ${r.s} ${r.b}`), f.id).toContain(norm(f.answer));
      expect(f.searchTerms.some((t) => norm(`${r.s} ${r.b}`).includes(norm(t))), f.id).toBe(true);
    }
    for (const p of orgKnowledge(1).policies) {
      expect(rows.get(p.urlName)!.b).toBe(p.body);
      for (const rule of p.rules) expect(p.body, p.key).toContain(rule.statement);
    }
  });

  it('no article keeps a placeholder or a broken rewrite, and the texts stay help-article prose', () => {
    for (const seed of SEEDS) {
      for (const [key, a] of orgKnowledge(seed).articles) {
        expect(a.body, `${seed} ${key}`).not.toMatch(/[{}@\ue000-\uf8ff]/);
        expect(a.body, `${seed} ${key}`).toMatch(/^<(p|ul)>/);
      }
    }
  });

  it('every fact but the tier names takes several values across orgs; memorising another org earns little', () => {
    const k = SEEDS.map((s) => orgKnowledge(s).facts);
    let f1 = 0;
    let n = 0;
    FACTS.forEach((f, i) => {
      const values = new Set(k.map((facts) => facts[i]!.answer));
      if (FIXED.includes(f.id)) expect(values.size, f.id).toBe(1);
      else expect(values.size, f.id).toBeGreaterThanOrEqual(2);
      for (let s = 0; s + 1 < k.length; s++) {
        f1 += tokenF1(k[s + 1]![i]!.answer, k[s]![i]!.answer);
        n++;
      }
    });
    // The whole fact table of another org, answered as is (the "memorise another org" shortcut).
    expect(f1 / n).toBeLessThanOrEqual(0.25);
    expect(orgKnowledge(11).facts.map((f) => f.answer)).toEqual(k[10]!.map((f) => f.answer));
  });

  it("policy limits are the org's: drawn from POLICY_VALUES, distinct across rules, stated in the article and followed by the thread plans", () => {
    const seen = new Map<string, Set<number>>();
    for (const seed of SEEDS) {
      const policies = orgKnowledge(seed).policies;
      const limits = policies.map((p) => p.rules[0]!.maxDaysSincePurchase ?? p.rules[0]!.maxAmount!);
      for (const [i, p] of policies.entries()) {
        expect(POLICY_VALUES[p.key], p.key).toContain(limits[i]);
        const fixture = POLICY_ARTICLES[i]!.rules[0]!;
        expect(limitIn(p.body, fixture), `${seed} ${p.key}`).toBe(limits[i]);
        (seen.get(p.key) ?? seen.set(p.key, new Set()).get(p.key)!).add(limits[i]!);
      }
      const days = policies.filter((p) => p.rules[0]!.maxDaysSincePurchase !== undefined).map((p) => p.rules[0]!.maxDaysSincePurchase);
      expect(new Set(days).size).toBe(days.length);
      // The plans of this org decide violations against its own limits.
      for (let item = 1; item <= 300; item++) {
        const plan = threadPlan(seed, item, 'return_policy');
        if (!plan.rule || !plan.outcome || plan.rule.maxDaysSincePurchase === undefined) continue;
        const own = policies.find((p) => p.key === plan.policy.key)!.rules[0]!.maxDaysSincePurchase!;
        expect(plan.rule.maxDaysSincePurchase).toBe(own);
        if (plan.outcome === 'violate') expect(plan.offsetDays).toBeGreaterThan(own);
        else if (plan.outcome === 'allowed') expect(plan.offsetDays).toBeLessThanOrEqual(own);
      }
    }
    for (const [key, values] of seen) expect(values.size, key).toBeGreaterThanOrEqual(2);
  });

  it("agents' policy lines quote the org's limit", () => {
    const seed = SEEDS.find((s) => orgKnowledge(s).policies.find((p) => p.key === 'policy_return_policy')!.rules[0]!.maxDaysSincePurchase !== 30)!;
    const p = orgKnowledge(seed).policies.find((x) => x.key === 'policy_return_policy')!;
    const d = p.rules[0]!.maxDaysSincePurchase!;
    expect(p.rewrite('past our 30-day return window, within 30 days of purchase; this order is {days} days old')).toBe(
      `past our ${d}-day return window, within ${d} days of purchase; this order is {days} days old`,
    );
    const c = orgKnowledge(seed).policies.find((x) => x.key === 'policy_order_cancellation')!;
    const cd = c.rules[0]!.maxDaysSincePurchase!;
    expect(c.rules[0]!.statement).toBe(cd === 1 ? POLICY_ARTICLES.find((x) => x.key === c.key)!.rules[0]!.statement : `An online order can be cancelled within ${24 * cd} hours (${cd} days) of being placed.`);
  });

  it("the reference solver's reading of an article recovers the org's answer for every fact", () => {
    for (const seed of SEEDS) {
      const k = orgKnowledge(seed);
      FACTS.forEach((f, i) => {
        const a = ARTICLES.find((x) => x.key === f.articleKey)!;
        const text = norm(`${a.title} ${k.articles.get(a.key)!.body}`);
        expect(answerIn(text, f), `${seed} ${f.id}`).toBe(k.facts[i]!.answer);
      });
    }
  });
});
