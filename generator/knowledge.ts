// Knowledge facts parameterised per org (issue 16, KQA): every knowledge article states this org's
// own truths, so an answer memorised from another org does not transfer. Each fact's value is drawn
// from the org seed among the fixture answer and its variants (fixtures/fact-variants.ts: amounts,
// durations, counts, names, channels, steps…) and written into its article wherever the fixture
// phrase stands; the org's fact table answers with it. Policy articles state per-org rule values
// (refund windows, amount limits; POLICY_VALUES), which the org's policy rules — and so the thread
// plans and violations of generator/policy.ts — follow.
import { FACT_VARIANTS, FACTS, FAQ_ARTICLES, POLICY_ARTICLES, POLICY_VALUES } from '../fixtures/index.js';
import type { FactFixture, FactVariantFixture, PolicyArticleFixture, PolicyRule } from '../fixtures/index.js';
import { Rng } from './rng.js';

/** A policy article as this org states it: its body, summary and rules carry the org's limit. */
export interface OrgPolicyArticle extends PolicyArticleFixture {
  /** Rewrites a text about this policy (an agent's policy line) with the org's values. */
  readonly rewrite: (text: string) => string;
}

export interface OrgKnowledge {
  /** Article key (policy and FAQ) → its body and summary in this org. */
  readonly articles: ReadonlyMap<string, { readonly body: string; readonly summary: string }>;
  /** The fact table of this org (answers and search terms with the org's values). */
  readonly facts: readonly FactFixture[];
  /** The policy articles of this org, in POLICY_ARTICLES order. */
  readonly policies: readonly OrgPolicyArticle[];
}

/** `{a-b}` → an integer in [a, b]; `{x|y}` → one of the values. */
export function instantiate(option: string, r: Rng): string {
  return option.replace(/\{([^{}]+)\}/g, (_m, body: string) => {
    if (body.includes('|')) return r.pick(body.split('|'));
    const range = /^(\d+)-(\d+)$/.exec(body);
    if (!range) throw new Error(`bad fact variant placeholder {${body}}`);
    return String(r.int(Number(range[1]), Number(range[2])));
  });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `phrase` as a whole phrase (not inside a longer word or number). */
export const phraseRe = (phrase: string) => new RegExp(`(?<![\\w])${escapeRe(phrase)}(?![\\w])`, 'g');

/** The fixture phrase a fact's value stands in and its rewrite pattern (`@` = the value). */
export function variantSlot(f: FactFixture, v: FactVariantFixture): { at: string; as: string } {
  const at = v.at ?? f.answer;
  return { at, as: v.as ?? at.replace(f.answer, '@') };
}

/** The rule's limit (days or amount) and the rewrite of the policy's fixture value into the org's. */
function policyValue(seed: number, p: PolicyArticleFixture): { v0: number; v: number; rewrite: (text: string) => string } {
  const rule = p.rules[0]!;
  const v0 = (rule.maxDaysSincePurchase ?? rule.maxAmount)!;
  const options = POLICY_VALUES[p.key];
  const v = options ? Rng.root(seed).fork('policy-values', p.key).pick(options) : v0;
  if (v === v0) return { v0, v, rewrite: (t) => t };
  if (p.key === 'policy_order_cancellation') {
    // "within 24 hours (1 day)", "After 24 hours", "the 1-day cancellation window".
    return {
      v0,
      v,
      rewrite: (t) => t.replace(/\b24 hours\b/g, `${24 * v} hours`).replace(/\(1 day\)/g, `(${v} days)`).replace(/\b1-day\b/g, `${v}-day`),
    };
  }
  const re = new RegExp(`(?<![\\w.,])${v0}(?=-day\\b|(?![\\w,]|\\.\\d))`, 'g');
  return { v0, v, rewrite: (t) => t.replace(re, String(v)) };
}

interface Slot {
  readonly re: RegExp;
  readonly text: string;
}

/** Rewrites `text`: fact slots first (shielded by private-use placeholders), then the policy value. */
function rewriteText(text: string, slots: readonly Slot[], policy: (t: string) => string): string {
  const held: string[] = [];
  let out = text;
  for (const s of slots) {
    out = out.replace(s.re, () => {
      held.push(s.text);
      return String.fromCharCode(0xe000 + held.length - 1);
    });
  }
  out = policy(out);
  return out.replace(/[\ue000-\uf8ff]/g, (c) => held[c.charCodeAt(0) - 0xe000]!);
}

/** `phrase` stands in `text` as whole words (as a search finds it: "XS" is not in "XXS"). */
const hasWords = (text: string, phrase: string) => new RegExp(`(?<![a-z0-9])${escapeRe(phrase)}(?![a-z0-9])`).test(text);
const norm = (s: string) => s.toLowerCase().replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** This org's value of each fact (fact id → answer); facts without variants keep the fixture's. */
function factValues(seed: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of FACTS) {
    const v = FACT_VARIANTS[f.id];
    if (!v) continue;
    // The fixture's own value is not drawn: it would weigh as much as a whole option template.
    const r = Rng.root(seed).fork('kqa-facts', f.id);
    out.set(f.id, instantiate(r.pick(v.options), r));
  }
  return out;
}

const memo = new Map<number, OrgKnowledge>();

export function orgKnowledge(seed: number): OrgKnowledge {
  const hit = memo.get(seed);
  if (hit) return hit;
  const values = factValues(seed);
  const policyRewrite = new Map(POLICY_ARTICLES.map((p) => [p.key, policyValue(seed, p)]));
  const slotsOf = new Map<string, Slot[]>();
  for (const f of FACTS) {
    const v = FACT_VARIANTS[f.id];
    const value = values.get(f.id);
    if (!v || value === undefined || value === f.answer) continue;
    const { at, as } = variantSlot(f, v);
    const list = slotsOf.get(f.articleKey) ?? [];
    list.push({ re: phraseRe(at), text: as.replace(/@/g, () => value) });
    slotsOf.set(f.articleKey, list);
  }
  for (const list of slotsOf.values()) list.sort((a, b) => b.re.source.length - a.re.source.length);
  const rewrite = (key: string, text: string) => rewriteText(text, slotsOf.get(key) ?? [], policyRewrite.get(key)?.rewrite ?? ((t) => t));

  const articles = new Map<string, { body: string; summary: string }>();
  for (const a of [...POLICY_ARTICLES, ...FAQ_ARTICLES]) articles.set(a.key, { body: rewrite(a.key, a.body), summary: rewrite(a.key, a.summary) });

  const facts = FACTS.map((f): FactFixture => {
    const pr = policyRewrite.get(f.articleKey);
    const answer = values.get(f.id) ?? (pr ? pr.rewrite(f.answer) : f.answer);
    const a = articles.get(f.articleKey)!;
    const text = norm(`${a.summary} ${a.body}`);
    const terms = f.searchTerms.map((t) => (t.includes(f.answer) ? t.replace(f.answer, () => answer) : pr ? pr.rewrite(t) : t)).filter((t) => hasWords(text, norm(t)));
    return { ...f, answer, searchTerms: terms.length > 0 ? terms : [answer] };
  });

  const policies = POLICY_ARTICLES.map((p): OrgPolicyArticle => {
    const pv = policyRewrite.get(p.key)!;
    const rules = p.rules.map(
      (r): PolicyRule => ({
        ...r,
        ...(r.maxDaysSincePurchase !== undefined ? { maxDaysSincePurchase: pv.v } : {}),
        ...(r.maxAmount !== undefined ? { maxAmount: pv.v } : {}),
        statement: rewrite(p.key, r.statement),
      }),
    );
    const a = articles.get(p.key)!;
    // Agents' lines quote the org's numbers (a limit, "within 7 to 10 business days") but keep their
    // words, so a line still reads as the phrase bank's (the reference solver detects actions by it).
    const numeric = (slotsOf.get(p.key) ?? []).filter((x) => /\d/.test(x.re.source));
    return { ...p, body: a.body, summary: a.summary, rules, rewrite: (t) => rewriteText(t, numeric, pv.rewrite) };
  });
  const out = { articles, facts, policies };
  memo.set(seed, out);
  return out;
}
