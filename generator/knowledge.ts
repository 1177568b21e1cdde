// Knowledge facts parameterised per org (issue 16, KQA): the numbers that FAQ/care articles state
// as answers (durations, amounts, counts, distances) are scaled by a per-article factor drawn from
// the org seed, in the article and in the fact table alike, so an answer memorised from another
// org does not transfer. Policy articles keep their numbers: their rules are fixed in
// fixtures/policies.ts and decide policy violations.
import { FACTS } from '../fixtures/index.js';
import { FAQ_ARTICLES } from '../fixtures/index.js';
import type { FactFixture, FaqArticleFixture } from '../fixtures/index.js';
import { Rng } from './rng.js';

/**
 * A stand-alone number: not part of a word ("2E"), a code, a compound ("800-fill"), a thousands
 * group, a shoe size ("EU 42.5") or a temperature (care labels keep their real values).
 */
export const FACT_NUMBER = /(?<!EU |ISO |January |February |March |April |May |June |July |August |September |October |November |December )(?<![\w.,])\d+(?:\.\d+)?(?![\w,°-]|\.\d)/g;

export interface OrgKnowledge {
  /** FAQ article key → its body and summary in this org. */
  readonly articles: ReadonlyMap<string, { readonly body: string; readonly summary: string }>;
  /** The fact table of this org (answers and search terms with the org's numbers). */
  readonly facts: readonly FactFixture[];
}

function scaled(n: string, f: number, percent: boolean): string {
  // Shares stay shares: 100% stays whole, others stay below it.
  if (percent && Number(n) >= 100) return n;
  if (percent) return String(Math.min(95, Number(scaledNumber(n, f))));
  return scaledNumber(n, f);
}

function scaledNumber(n: string, f: number): string {
  const [whole, frac] = n.split('.') as [string, string | undefined];
  const w = Number(whole);
  // Plurals stay plurals ("2 minutes" never becomes "1 minutes").
  const floor = w > 1 ? 2 : 1;
  let v = Math.max(floor, Math.round(w * f));
  if (v === w) v = f > 1 ? w + 1 : Math.max(floor, w - 1);
  if (v === w) v = w + 1;
  return frac === undefined ? String(v) : `${v}.${frac}`;
}

const memo = new Map<number, OrgKnowledge>();

export function orgKnowledge(seed: number): OrgKnowledge {
  const hit = memo.get(seed);
  if (hit) return hit;
  const faq = new Map<string, FaqArticleFixture>(FAQ_ARTICLES.map((a) => [a.key, a]));
  const maps = new Map<string, Map<string, string>>();
  for (const a of FAQ_ARTICLES) {
    const r = Rng.root(seed).fork('kqa-facts', a.key);
    // A factor away from 1 (0.55–0.85 or 1.2–1.7), so every varied answer really changes.
    const f = r.chance(0.5) ? r.uniform(0.55, 0.85) : r.uniform(1.2, 1.7);
    const m = new Map<string, string>();
    for (const fact of FACTS) {
      if (fact.articleKey !== a.key) continue;
      for (const x of fact.answer.matchAll(FACT_NUMBER)) m.set(x[0], scaled(x[0], f, fact.answer[x.index + x[0].length] === '%'));
    }
    maps.set(a.key, m);
  }
  const sub = (key: string, text: string) => {
    const m = maps.get(key);
    return m && m.size > 0 ? text.replace(FACT_NUMBER, (n) => m.get(n) ?? n) : text;
  };
  const articles = new Map([...faq.values()].map((a) => [a.key, { body: sub(a.key, a.body), summary: sub(a.key, a.summary) }]));
  const facts = FACTS.map((f) => ({ ...f, answer: sub(f.articleKey, f.answer), searchTerms: f.searchTerms.map((t) => sub(f.articleKey, t)) }));
  const out = { articles, facts };
  memo.set(seed, out);
  return out;
}
