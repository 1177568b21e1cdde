// Reference solutions of PVI (read the case's chat and emails, detect the agent's policy action
// with the conversation phrase banks, check it against the policy articles' rules) and KQA.
import { keyPrefix } from '../../schema/index.js';
import { CONVERSATION } from '../../fixtures/index.js';
import { FACT_VARIANTS, FACTS } from '../../fixtures/index.js';
import { FAQ_ARTICLES } from '../../fixtures/index.js';
import { POLICY_ARTICLES } from '../../fixtures/index.js';
import type { FactFixture, FactVariantFixture, PolicyAction, PolicyRule } from '../../fixtures/index.js';
import { lit, type SolverApi } from './client.js';
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
          // Literal numbers are the org's (a line may quote the article, "within 7 to 10 business days").
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+').replace(/\d+/g, '\\d+');
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

/** The policy article and rule that limit `action` (fixtures/policies.ts; each org states its own limit). */
function ruleFor(action: PolicyAction): { articleUrl: string; rule: PolicyRule } | undefined {
  for (const a of POLICY_ARTICLES) for (const rule of a.rules) if (rule.action === action) return { articleUrl: a.urlName, rule };
  return undefined;
}

/**
 * The org's limit of `rule`, read from its article: the rule's statement with its numbers
 * generalised, matched in the article body; the limit is the number where the fixture states it
 * ("within 24 hours (1 day)" → the second number).
 */
export function limitIn(body: string, rule: PolicyRule): number | undefined {
  const limit = rule.maxDaysSincePurchase ?? rule.maxAmount;
  if (limit === undefined) return undefined;
  const nums = rule.statement.match(NUM) ?? [];
  const k = nums.findIndex((n) => Number(n) === limit);
  if (k < 0) return undefined;
  const re = new RegExp(rule.statement.split(NUM).map((x) => escapeRe(x).replace(/\bdays?\b/g, 'days?')).join(`(${NUM_RE})`));
  const m = re.exec(unescapeHtml(body));
  return m ? Number(m[1 + k]) : undefined;
}

export async function solvePolicyViolation(api: SolverApi, t: TaskText): Promise<string> {
  const caseId = idWithPrefix(t, keyPrefix('Case'));
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
  const ids = new Set<string>();
  for (const a of actions) {
    const r = ruleFor(a.action);
    if (!r) continue;
    // The limit is the one this org's article states.
    const [k] = await api.query(`SELECT Id, FAQ_Answer__c FROM Knowledge__kav WHERE UrlName = ${lit(r.articleUrl)} AND PublishStatus = 'Online' AND Language = 'en_US'`);
    const limit = k ? limitIn(String(k.FAQ_Answer__c ?? ''), r.rule) : undefined;
    if (!k || limit === undefined) continue;
    const overDays = r.rule.maxDaysSincePurchase !== undefined && days !== undefined && days > limit;
    const overAmount = r.rule.maxAmount !== undefined && a.amount !== null && a.amount > limit;
    if (overDays || overAmount) ids.add(String(k.Id));
  }
  return ids.size ? [...ids].join(', ') : NONE;
}

// ── Knowledge QA ─────────────────────────────────────────────────────────────────────────────

const QA_STOP = new Set(
  ('a an the and or but to of in on for with from at by my me i it is was be been this that these those have has had not no can could would ' +
    'should will please you your we our us they them their there here what when which who whom how do does did just also so as if than then about ' +
    'into out up any some many much long does get got am are were being its it\'s i\'m i\'ve summit outfitters customer question answer asks ' +
    'concisely short briefly using knowledge articles base look reply only key fact tell them keep following return shopper line quick').split(' '),
);

/** Content words of a question, safe for SOSL (letters and digits only). */
export function keyTerms(question: string): string[] {
  const words = question
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2 && !QA_STOP.has(w));
  return [...new Set(words)];
}

const normText = (s: string) =>
  s.toLowerCase().replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const NUM = /\d+(?:\.\d+)?/g;
const NUM_RE = '\\d+(?:\\.\\d+)?';
const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal text as a pattern: numbers generalised, "day" and "days" alike. */
const loose = (t: string) => t.split(NUM).map((x) => escapeRe(x).replace(/\bdays?\b/g, 'days?')).join(NUM_RE);
const fixtureArticle = (key: string) => [...POLICY_ARTICLES, ...FAQ_ARTICLES].find((a) => a.key === key);

/** Longest first, so an alternation never stops at a prefix ("43" of "43.5"). */
const byLength = (xs: readonly string[]) => [...xs].sort((a, b) => b.length - a.length);

/** A candidate answer template as a pattern: `{a-b}` → a number, `{x|y}` → one of them. */
function candidatePattern(option: string): string {
  return normText(option)
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const m = /^\{([^{}]+)\}$/.exec(part);
      if (!m) return escapeRe(part);
      return m[1]!.includes('|') ? `(?:${byLength(m[1]!.split('|')).map((c) => escapeRe(normText(c))).join('|')})` : NUM_RE;
    })
    .join('');
}

/** Text around the fixture phrase `at` in its article, cut at word boundaries (the anchors of a span). */
function anchorsOf(f: FactFixture, at: string, width: number): { left: string; right: string } {
  const a = fixtureArticle(f.articleKey);
  const text = a ? normText(`${a.title} ${a.body}`) : '';
  const phrase = normText(at).trim();
  const i = text.indexOf(phrase);
  if (i < 0) return { left: '', right: '' };
  const j = i + phrase.length;
  const l = text.slice(Math.max(0, i - width), i);
  const r = text.slice(j, j + width);
  return { left: i - width > 0 ? l.slice(l.indexOf(' ') + 1) : l, right: j + width < text.length ? r.slice(0, r.lastIndexOf(' ') + 1 || r.length) : r };
}

/**
 * A fact's answer as this org's article states it. Every org states its own value of each fact
 * (generator/knowledge.ts); the fact table lists the values a fact can take (fixtures/fact-variants.ts).
 * The answer is read from the article: the fact's phrase with each possible value, anchored on the
 * words around it. Policy rule values (numbers only) are read through the fixture sentence with its
 * numbers generalised.
 */
export function answerIn(text: string, f: FactFixture): string | undefined {
  const v = FACT_VARIANTS[f.id];
  return v ? variantIn(text, f, v) : numericIn(text, f);
}

function variantIn(text: string, f: FactFixture, v: FactVariantFixture): string | undefined {
  const at = v.at ?? f.answer;
  const as = v.as ?? at.replace(f.answer, '@');
  const options = [f.answer, ...v.options];
  const value = `(${byLength(options.map(candidatePattern)).join('|')})(?![\\w])`;
  const core = as
    .split('@')
    .map((x) => escapeRe(normText(x)))
    .join(value)
    .trim();
  const wide = anchorsOf(f, at, 30);
  const narrow = anchorsOf(f, at, 12);
  const tries: [string, string][] = [
    [wide.left, wide.right],
    [wide.left, ''],
    ['', wide.right],
    [narrow.left, narrow.right],
  ];
  const fixtureForm = escapeRe(normText(at).trim());
  for (const [l, r] of tries) {
    if (!l.trim() && !r.trim()) continue;
    // The org may state the fixture's own value, in the fixture's words.
    if (new RegExp(`${loose(l)}${fixtureForm}${loose(r)}`).test(text)) return f.answer;
    const m = new RegExp(`${loose(l)}${core}${loose(r)}`).exec(text);
    if (m) return restoreCase(m[1]!, options);
  }
  return undefined;
}

/** The matched (lower-case) value in the case of the template it came from. */
function restoreCase(found: string, options: readonly string[]): string {
  for (const o of options) {
    const m = new RegExp(`^${candidatePattern(o)}$`).exec(found);
    if (!m) continue;
    // Literal parts from the template, placeholder values from the text.
    const parts = o.split(/(\{[^{}]+\})/);
    let rest = found;
    let out = '';
    for (const part of parts) {
      const pm = /^\{([^{}]+)\}$/.exec(part);
      if (!pm) {
        out += part;
        rest = rest.slice(normText(part).length);
        continue;
      }
      const choices = pm[1]!.includes('|') ? pm[1]!.split('|') : null;
      const hit = choices ? byLength(choices).find((c) => rest.startsWith(normText(c))) : new RegExp(`^${NUM_RE}`).exec(rest)?.[0];
      if (hit === undefined) break;
      out += hit;
      rest = rest.slice(normText(hit).length);
    }
    if (normText(out) === found) return out;
  }
  return found;
}

function numericIn(text: string, f: FactFixture): string | undefined {
  const nums = f.answer.match(NUM);
  const article = fixtureArticle(f.articleKey);
  const fixture = article ? normText(`${article.title} ${article.body}`) : '';
  const at = fixture.indexOf(normText(f.answer));
  if (!nums || !article || at < 0) return text.includes(normText(f.answer)) ? f.answer : undefined;
  const from = Math.max(0, fixture.lastIndexOf(' ', Math.max(0, at - 40)));
  const to = fixture.indexOf(' ', at + normText(f.answer).length + 20);
  const window = fixture.slice(from, to < 0 ? fixture.length : to);
  const before = (window.slice(0, at - from).match(NUM) ?? []).length;
  const re = new RegExp(window.split(NUM).map((x) => escapeRe(x).replace(/\bdays?\b/g, 'days?')).join(`(${NUM_RE})`));
  const m = re.exec(text);
  if (!m) return undefined;
  let k = before;
  return f.answer.replace(NUM, () => m[1 + k++]!);
}

/**
 * Retrieves articles by SOSL on the question's key terms, then reads the answer span out of the
 * retrieved text: the fact table says what kind of span answers this question, and the span is
 * accepted only if a retrieved article states it (with the org's own numbers).
 */
export async function solveKnowledgeQa(api: SolverApi, t: TaskText): Promise<string> {
  const facts = FACTS.filter((f) => f.questions.some((q) => t.query.includes(q)));
  const question = facts[0]?.questions.find((q) => t.query.includes(q)) ?? t.query;
  const terms = keyTerms(question);
  if (terms.length === 0) return '';
  const found = await api.search(
    `FIND {${terms.join(' OR ')}} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus = 'Online' AND Language = 'en_US')`,
  );
  const texts = found.map((r) => normText(`${r.Title ?? ''} ${r.FAQ_Answer__c ?? ''}`));
  for (const f of facts) for (const x of texts) {
    const a = answerIn(x, f);
    if (a !== undefined) return a;
  }
  // Not retrieved by the question's words: fall back to the fact's own search terms.
  for (const f of facts) {
    for (const term of f.searchTerms) {
      const more = await api.search(
        `FIND {${term}} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus = 'Online' AND Language = 'en_US')`,
      );
      for (const r of more) {
        const a = answerIn(normText(`${r.Title ?? ''} ${r.FAQ_Answer__c ?? ''}`), f);
        if (a !== undefined) return a;
      }
    }
  }
  return '';
}
