// KQA — knowledge QA (service agent): a question answered by one knowledge article; the gold is the
// fact table's short answer (fixtures/facts.ts), scored by token F1.
import { FACTS } from '../../fixtures/index.js';
import { FAQ_ARTICLES } from '../../fixtures/index.js';
import { POLICY_ARTICLES } from '../../fixtures/index.js';
import { orgKnowledge } from '../../generator/index.js';
import type { Rng } from '../../generator/index.js';
import type { FactFixture } from '../../fixtures/index.js';
import type { Store } from '../../server/store/index.js';
import type { Draft } from '../types.js';
import { DOMAIN_DETAILS, drawLoop, fill, type Family, type FamilyContext } from './common.js';

export const KQA_CONTEXT = '- Use the information retrieved from the knowledge articles to answer the question in a concise manner.';

export const TEMPLATES = [
  '{q} Answer concisely, using the knowledge articles.',
  'A customer asks: "{q}" Give a short answer based on the knowledge articles.',
  '{q}',
  'Customer question: {q} Reply with only the key fact.',
  'I have a customer on the line asking this: {q} What should I tell them? Keep it short.',
  'Using our knowledge base, answer the following question concisely. {q}',
  'Quick question from a shopper: {q} Please answer briefly.',
  'Please look this up in the knowledge articles: {q} Return only the short answer.',
];

const norm = (s: string) => s.toLowerCase().replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Article key → Knowledge__kav row, by UrlName. */
export function articlesByKey(store: Store): Map<string, { id: string; text: string }> {
  const rows = store.all(`SELECT "Id" AS id, "UrlName" AS url, "Title" AS title, "Summary" AS summary, "FAQ_Answer__c" AS body FROM "Knowledge__kav"`) as {
    id: string;
    url: string;
    title: string;
    summary: string | null;
    body: string | null;
  }[];
  const byUrl = new Map(rows.map((r) => [r.url, r]));
  const out = new Map<string, { id: string; text: string }>();
  for (const a of [...POLICY_ARTICLES, ...FAQ_ARTICLES]) {
    const r = byUrl.get(a.urlName);
    if (r) out.set(a.key, { id: r.id, text: norm(`${r.title} ${r.summary ?? ''} ${r.body ?? ''}`) });
  }
  return out;
}

/** The org's fact table: answers carry the numbers its FAQ articles state (generator/knowledge.ts). */
export function orgFacts(store: Store): readonly FactFixture[] {
  const seed = store.getMeta('seed');
  return seed === undefined ? FACTS : orgKnowledge(Number(seed)).facts;
}

export const knowledgeQa: Family = {
  task: 'knowledge_qa',
  draw(ctx: FamilyContext): Draft[] {
    const articles = articlesByKey(ctx.store);
    // Usable facts: the article exists, states the answer, and contains a search term.
    const facts = orgFacts(ctx.store).filter((f) => {
      const a = articles.get(f.articleKey);
      return a && a.text.includes(norm(f.answer)) && f.searchTerms.some((t) => a.text.includes(norm(t)));
    });
    if (facts.length === 0) throw new Error('no usable knowledge-QA facts');
    const order = ctx.rng.fork('facts').shuffle(facts);
    return drawLoop(ctx.rng, ctx.count, 0, (_wantNone: boolean, rng: Rng, i: number) => {
      // Each fact once while they last, then again with another phrasing.
      const fact = order[i % order.length]!;
      const q = rng.pick(fact.questions);
      return {
        query: fill(rng.pick(TEMPLATES), { q }),
        metadata: { required: KQA_CONTEXT, optional: DOMAIN_DETAILS },
        answer: [fact.answer],
        params: { factId: fact.id, articleId: articles.get(fact.articleKey)!.id, question: q },
      };
    });
  },
};
