// Knowledge facts are parameterised per org: FAQ articles state the org's numbers, the org's fact
// table answers with them, policy articles (whose rules decide violations) keep theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTS } from '../../fixtures/facts.js';
import { FAQ_ARTICLES } from '../../fixtures/faq.js';
import { POLICY_ARTICLES } from '../../fixtures/policies.js';
import { orgKnowledge } from '../../generator/knowledge.js';
import { Store } from '../../server/store/index.js';
import { answerIn } from '../../tasks/solver/knowledge.js';
import { orgFacts } from '../../tasks/families/knowledge_qa.js';
import { testOrgPath } from '../helpers/org.js';

const norm = (s: string) => s.toLowerCase().replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

let store: Store;
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
});
afterAll(() => store?.close());

describe('per-org knowledge facts', () => {
  it("the org's articles state every answer of the org's fact table; policy articles are the fixtures'", () => {
    const rows = new Map(
      (store.all(`SELECT "UrlName" AS u, "Title" AS t, "Summary" AS s, "FAQ_Answer__c" AS b FROM "Knowledge__kav"`) as { u: string; t: string; s: string; b: string }[]).map((r) => [r.u, r]),
    );
    const url = new Map([...POLICY_ARTICLES, ...FAQ_ARTICLES].map((a) => [a.key, a.urlName]));
    const facts = orgFacts(store);
    expect(facts).toHaveLength(FACTS.length);
    for (const f of facts) {
      const r = rows.get(url.get(f.articleKey)!)!;
      expect(norm(`${r.t} ${r.s} ${r.b}`), f.id).toContain(norm(f.answer));
    }
    for (const p of POLICY_ARTICLES) expect(rows.get(p.urlName)!.b).toBe(p.body);
  });

  it('answers differ between orgs for a large share of facts, never for policy articles, and are deterministic', () => {
    const a = orgKnowledge(11).facts;
    const b = orgKnowledge(12).facts;
    const changed = a.filter((f, i) => f.answer !== b[i]!.answer).length;
    expect(changed / FACTS.length).toBeGreaterThan(0.25);
    FACTS.forEach((f, i) => {
      if (f.articleKey.startsWith('policy_')) expect(a[i]!.answer).toBe(f.answer);
    });
    expect(orgKnowledge(11).facts.map((f) => f.answer)).toEqual(a.map((f) => f.answer));
    // Plurals stay plural and shares stay below 100%.
    for (const f of [...a, ...b]) {
      expect(f.answer, f.id).not.toMatch(/(?<![\d.])1 (minutes|hours|days|weeks|months|inches|feet)\b/);
      for (const m of f.answer.matchAll(/(\d+)%/g)) if (!FACTS.find((x) => x.id === f.id)!.answer.includes('100%')) expect(Number(m[1])).toBeLessThan(100);
    }
  });

  it("the reference solver's reading of an article recovers the org's answer for every fact", () => {
    for (const seed of [1, 2, 3]) {
      const k = orgKnowledge(seed);
      FACTS.forEach((f, i) => {
        const a = FAQ_ARTICLES.find((x) => x.key === f.articleKey);
        const text = a ? norm(`${a.title} ${k.articles.get(a.key)!.body}`) : norm(POLICY_ARTICLES.find((x) => x.key === f.articleKey)!.body);
        expect(answerIn(text, f), `${seed} ${f.id}`).toBe(k.facts[i]!.answer);
      });
    }
  });
});
