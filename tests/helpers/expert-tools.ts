// The expert policy's plans for the `tool_call` strategy: CRMArena's task functions only (the
// `crmarena` set has no raw SOQL/SOSL tool). Each family is solved the way an agent would with those
// functions. Every Id, count, date and limit the answer depends on comes from a tool observation or
// from the prompt (query + context); the expert's "reading" of free text (which issue a case text
// describes, which policy action an agent's line performs, which product a line names, which noun
// a product description stands for, which span answers a question) uses the generator's phrase
// banks as its language knowledge, as the reference solver does for PVI, NED and KQA.
//
// A plan is re-run from the start on every turn over the observations so far (in order); the first
// call it has no observation for is what the model asks for next. A batch of calls goes out in one
// reply (parallel tool calls), as an OpenAI model may do.
import { keyPrefix } from '../../schema/index.js';
import { CASE_TEMPLATES, CONVERSATION, ISSUES, POLICY_ARTICLES, VARIANT_SUFFIXES, type PolicyAction } from '../../fixtures/index.js';
import { addDays, parseAgo, soqlDatetime, type Window } from '../../tasks/time.js';
import { detectActions, solveKnowledgeQa } from '../../tasks/solver/knowledge.js';
import { nounOf } from '../../tasks/solver/lookup.js';
import { extremaOf, idWithPrefix, thresholdOf, todayOf, windowOf, type TaskText } from '../../tasks/solver/parse.js';
import type { SfRecord, SolverApi } from '../../tasks/solver/client.js';

export interface ToolCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

/** Thrown when the plan needs calls it has no observation for yet. */
export class NeedCalls extends Error {
  constructor(readonly calls: readonly ToolCall[]) {
    super(`need ${calls.map((c) => c.name).join(', ')}`);
  }
}

type PyParse = (text: string) => unknown;

/** A tool observation (Python `str()` of the function's value) back as a value. */
function observed(obs: string, parsePython: PyParse): unknown {
  const t = obs.trim();
  if (/^(\[|\{|\(|OrderedDict\(|defaultdict\()/.test(t)) return parsePython(t);
  if (t === 'None') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/** Replays the conversation's tool observations, in order, as the plan's calls return. */
export class ToolReplay {
  private i = 0;
  constructor(
    private readonly observations: readonly string[],
    private readonly parsePython: PyParse,
  ) {}

  async all(calls: readonly ToolCall[]): Promise<unknown[]> {
    if (calls.length === 0) return [];
    // A harness that runs only the first call of a reply (CRMArena's) gets the rest asked for again.
    if (this.i + calls.length > this.observations.length) throw new NeedCalls(calls.slice(this.observations.length - this.i));
    const out = this.observations.slice(this.i, this.i + calls.length).map((o, k) => {
      if (/^(Error|Unknown action|Invalid tool call)\b/.test(o.trim())) throw new Error(`${calls[k]!.name} failed: ${o.slice(0, 300)}`);
      return observed(o, this.parsePython);
    });
    this.i += calls.length;
    return out;
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    return (await this.all([{ name, args }]))[0];
  }
}

const NONE = 'None';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const records = (v: unknown): SfRecord[] => list(v).filter((r): r is SfRecord => r !== null && typeof r === 'object');
const dict = (v: unknown): Record<string, number> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, number>) : {});
const answerOf = (v: unknown): string => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : NONE);
const span = (w: Window) => ({ start_date: soqlDatetime(w.start), end_date: soqlDatetime(w.end) });

export async function solveWithTools(api: ToolReplay, t: TaskText & { task: string }): Promise<string> {
  switch (t.task) {
    case 'handle_time':
      return handleTime(api, t);
    case 'transfer_count':
      return transferCount(api, t);
    case 'top_issue_identification':
      return topIssue(api, t);
    case 'monthly_trend_analysis':
      return monthlyTrend(api, t);
    case 'best_region_identification':
      return bestRegion(api, t);
    case 'named_entity_disambiguation':
      return namedEntity(api, t);
    case 'case_routing':
      return caseRouting(api, t);
    case 'policy_violation_identification':
      return policyViolation(api, t);
    case 'knowledge_qa':
      return solveKnowledgeQa(knowledgeSearch(api), t);
    default:
      throw new Error(`unknown task type ${t.task}`);
  }
}

// ── the analytic families: CRMArena's intended function chains ─────────────────────────────────

async function qualifiedAgents(api: ToolReplay, t: TaskText): Promise<string[]> {
  const handled = await api.call('get_agent_handled_cases_by_period', span(windowOf(t)));
  return list(await api.call('get_qualified_agent_ids_by_case_count', { agent_handled_cases: dict(handled), n_cases: thresholdOf(t) })).map(String);
}

async function handleTime(api: ToolReplay, t: TaskText): Promise<string> {
  const qualified = await qualifiedAgents(api, t);
  if (qualified.length === 0) return NONE;
  const nonTransferred = list(await api.call('get_non_transferred_case_ids', span(windowOf(t)))).map(String);
  // An empty case_ids list is no filter at all in get_cases: no untransferred case means no answer.
  if (nonTransferred.length === 0) return NONE;
  const cases = await api.call('get_cases', { ...span(windowOf(t)), agent_ids: qualified, case_ids: nonTransferred, statuses: ['Closed'] });
  if (records(cases).length === 0) return NONE;
  const times = await api.call('calculate_average_handle_time', { cases });
  return answerOf(await api.call(extremaOf(t) === 'min' ? 'find_id_with_min_value' : 'find_id_with_max_value', { values_by_id: dict(times) }));
}

async function transferCount(api: ToolReplay, t: TaskText): Promise<string> {
  const qualified = await qualifiedAgents(api, t);
  if (qualified.length === 0) return NONE;
  const transfers = await api.call('get_agent_transferred_cases_by_period', { ...span(windowOf(t)), qualified_agent_ids: qualified });
  return answerOf(await api.call(extremaOf(t) === 'min' ? 'find_id_with_min_value' : 'find_id_with_max_value', { values_by_id: dict(transfers) }));
}

async function productItems(api: ToolReplay, t: TaskText): Promise<string[]> {
  return list(await api.call('get_order_item_ids_by_product', { product_id: idWithPrefix(t, keyPrefix('Product2')) })).map(String);
}

async function topIssue(api: ToolReplay, t: TaskText): Promise<string> {
  const items = await productItems(api, t);
  if (items.length === 0) return NONE;
  const counts = dict(await api.call('get_issue_counts', { ...span(windowOf(t)), order_item_ids: items }));
  // Cases without an issue come back under the key None: they are no issue.
  const issues = Object.fromEntries(Object.entries(counts).filter(([k]) => k !== 'null' && k !== 'None'));
  return answerOf(await api.call('find_id_with_max_value', { values_by_id: issues }));
}

async function monthlyTrend(api: ToolReplay, t: TaskText): Promise<string> {
  const items = await productItems(api, t);
  if (items.length === 0) return NONE;
  const cases = await api.call('get_cases', { ...span(windowOf(t)), order_item_ids: items });
  if (records(cases).length === 0) return NONE;
  const months = await api.call('get_month_to_case_count', { cases });
  return answerOf(await api.call('find_id_with_max_value', { values_by_id: dict(months) }));
}

async function bestRegion(api: ToolReplay, t: TaskText): Promise<string> {
  const cases = await api.call('get_cases', { ...span(windowOf(t)), statuses: ['Closed'] });
  if (records(cases).length === 0) return NONE;
  const withStates = await api.call('get_shipping_state', { cases });
  const times = await api.call('calculate_region_average_closure_times', { cases: withStates });
  return answerOf(await api.call('find_id_with_min_value', { values_by_id: dict(times) }));
}

// ── NED: account, purchase date, candidate products, purchase history ─────────────────────────

async function namedEntity(api: ToolReplay, t: TaskText): Promise<string> {
  const contactId = idWithPrefix(t, keyPrefix('Contact'));
  const ago = parseAgo(t.query);
  const noun = nounOf(t.query);
  if (!ago || !noun) throw new Error(`cannot read the purchase in: ${t.query}`);
  const account = await api.call('get_account_id_by_contact_id', { contact_id: contactId });
  if (typeof account !== 'string' || account === '') return NONE;
  const day = await api.call('get_start_date', { end_date: soqlDatetime(todayOf(t)), period: ago.unit, interval_count: ago.n });
  const candidates = list(await api.call('search_products', { search_term: `"${noun}"` })).map(String);
  if (candidates.length === 0) return NONE;
  const bought = records(await api.call('get_purchase_history', { account_id: account, purchase_date: String(day), related_product_ids: candidates }));
  const found = [...new Set(bought.map((r) => String(r.Product2Id)))];
  return found.length ? found.join(', ') : NONE;
}

// ── Reading free text with the generator's phrase banks ────────────────────────────────────────

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A template as a regex: {product} captured, every other placeholder free. */
function templateRe(tpl: string): RegExp {
  const src = tpl
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return escapeRe(part).replace(/\s+/g, '\\s+');
      return m[1] === 'product' ? '(?<product>.+?)' : '.+?';
    })
    .join('');
  return new RegExp(`^${src}$`);
}

/** Every sentence template of the conversation banks (where a product name can be read from). */
function conversationTemplates(): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(CONVERSATION);
  return out.filter((s) => s.includes('{product}'));
}

let lineTemplates: RegExp[] | undefined;

/** The product a thread talks about: the {product} of the lines that match a conversation template. */
export function productNamed(texts: readonly string[]): string | undefined {
  lineTemplates ??= conversationTemplates().map(templateRe);
  const votes = new Map<string, number>();
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/^\[[^\]]*\]\s*[^:]*\((?:Agent|Customer)\):\s*/, '').trim();
      for (const re of lineTemplates) {
        const p = re.exec(line)?.groups?.product;
        if (p) votes.set(p, (votes.get(p) ?? 0) + 1);
      }
    }
  }
  return [...votes].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]?.[0];
}

/** The issue a new case describes and the product it names, read against the case-template bank. */
export function readCase(subject: string, description: string): { issueName: string; product: string | undefined } | undefined {
  for (const tpl of CASE_TEMPLATES) {
    const s = templateRe(tpl.subject).exec(subject);
    const d = templateRe(tpl.description).exec(description);
    if (!s || !d) continue;
    const issue = ISSUES.find((i) => i.key === tpl.issueKey);
    if (issue) return { issueName: issue.name, product: d.groups?.product ?? s.groups?.product };
  }
  return undefined;
}

// ── NCR: issue, then the routing policy through get_cases ──────────────────────────────────────

async function caseRouting(api: ToolReplay, t: TaskText): Promise<string> {
  const subject = /Case Subject:\s*(.*)/.exec(t.query)?.[1]?.trim() ?? '';
  const description = /Case Description:\s*([\s\S]*)/.exec(t.query)?.[1]?.trim() ?? '';
  const read = readCase(subject, description);
  if (!read) throw new Error(`case text matches no template: ${subject}`);
  const issues = records(await api.call('get_issues'));
  const issueId = issues.find((i) => i.Name === read.issueName)?.Id;
  if (typeof issueId !== 'string') return NONE;
  // Step 2: most Closed cases of the issue.
  const closed = await api.call('get_cases', { issue_ids: [issueId], statuses: ['Closed'] });
  let tied = list(await api.call('get_agents_with_max_cases', { subset_cases: closed })).map(String);
  if (tied.length <= 1 || !read.product) return answerOf(tied);
  // Step 3: most Closed cases about the product, among the tied agents (0 for an agent with none).
  const productId = await productIdOf(api, read.product);
  if (productId) {
    const items = list(await api.call('get_order_item_ids_by_product', { product_id: productId })).map(String);
    const about = items.length ? records(await api.call('get_cases', { order_item_ids: items, statuses: ['Closed'], agent_ids: tied })) : [];
    tied = argBest(tied, about, 'max');
    if (tied.length === 1) return tied[0]!;
  }
  // Step 4: fewest cases not Closed = all cases minus Closed ones.
  const [all, done] = await api.all([
    { name: 'get_cases', args: { agent_ids: tied } },
    { name: 'get_cases', args: { agent_ids: tied, statuses: ['Closed'] } },
  ]);
  const total = countBy(records(all));
  const closedN = countBy(records(done));
  const open = new Map(tied.map((a) => [a, (total.get(a) ?? 0) - (closedN.get(a) ?? 0)]));
  const fewest = Math.min(...open.values());
  return tied.filter((a) => open.get(a) === fewest).join(', ');
}

/**
 * The Id of the product with exactly this name. search_products returns Ids only, and a phrase search
 * for "X" also finds the variants "X Pro", "X Lite", …; when it finds several, the search is narrowed
 * by excluding the catalogue's variant words the name does not have (SOSL AND NOT).
 */
async function productIdOf(api: ToolReplay, name: string): Promise<string | undefined> {
  const found = list(await api.call('search_products', { search_term: `"${name}"` })).map(String);
  if (found.length <= 1) return found[0];
  const words = VARIANT_SUFFIXES.map((s) => s.trim()).filter((w) => w && !name.split(' ').includes(w));
  const narrowed = list(await api.call('search_products', { search_term: `"${name}" AND NOT (${words.map((w) => `"${w}"`).join(' OR ')})` })).map(String);
  return narrowed.length === 1 ? narrowed[0] : found[0];
}

function countBy(cases: readonly SfRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of cases) m.set(String(c.OwnerId), (m.get(String(c.OwnerId)) ?? 0) + 1);
  return m;
}

function argBest(agents: readonly string[], cases: readonly SfRecord[], dir: 'max' | 'min'): string[] {
  const n = countBy(cases);
  const vals = agents.map((a) => n.get(a) ?? 0);
  const best = dir === 'max' ? Math.max(...vals) : Math.min(...vals);
  return agents.filter((_, i) => vals[i] === best);
}

// ── PVI: the thread, the governing policy article, the purchase date by probing ────────────────

/** The article of the policy that governs an action: found by its title, recognised by its rule text. */
async function policyArticle(api: ToolReplay, action: PolicyAction): Promise<{ id: string; maxDays?: number; maxAmount?: number } | undefined> {
  const fixture = POLICY_ARTICLES.find((a) => a.rules.some((r) => r.action === action));
  const rule = fixture?.rules.find((r) => r.action === action);
  if (!fixture || !rule) return undefined;
  const found = records(await api.call('search_knowledge_articles', { search_term: `"${fixture.title}"` }));
  // The rule sentence with its numbers generalised; the article's own numbers are read back.
  const re = new RegExp(rule.statement.split(/(\d+(?:\.\d+)?)/).map((p, i) => (i % 2 ? '(\\d+(?:\\.\\d+)?)' : escapeRe(p))).join(''));
  for (const a of found) {
    const m = re.exec(String(a.Content ?? ''));
    if (!m) continue;
    // The group of the number the rule limits ("within 24 hours (1 day)" limits days: the 1).
    const fixtureLimit = String(rule.maxDaysSincePurchase ?? rule.maxAmount);
    const limit = Number(m[1 + (rule.statement.match(/\d+(?:\.\d+)?/g) ?? ([] as string[])).lastIndexOf(fixtureLimit)]);
    return { id: String(a.Id), ...(rule.maxDaysSincePurchase !== undefined ? { maxDays: limit } : {}), ...(rule.maxAmount !== undefined ? { maxAmount: limit } : {}) };
  }
  return undefined;
}

async function policyViolation(api: ToolReplay, t: TaskText): Promise<string> {
  const caseId = idWithPrefix(t, keyPrefix('Case'));
  const [chats, emails, theCase] = await api.all([
    { name: 'get_livechat_transcript_by_case_id', args: { case_id: caseId } },
    { name: 'get_email_messages_by_case_id', args: { case_id: caseId } },
    { name: 'get_cases', args: { case_ids: [caseId] } },
  ]);
  const c = records(theCase)[0];
  if (!c) return NONE;
  const chatBodies = records(chats).map((r) => String(r.Body ?? ''));
  const mails = records(emails);
  const agentText = [
    ...chatBodies.flatMap((b) => b.split('\n').filter((l) => /\(Agent\):/.test(l))),
    ...mails.filter((e) => !/@example\.com$/i.test(String(e.FromAddress ?? ''))).map((e) => String(e.TextBody ?? '')),
  ].join('\n');
  const actions = detectActions(agentText);
  if (actions.length === 0) return NONE;
  const breached = new Set<string>();
  let withinDays: Map<number, boolean | undefined> | undefined;
  for (const a of actions) {
    const article = await policyArticle(api, a.action);
    if (!article) continue;
    if (article.maxAmount !== undefined && a.amount !== null && a.amount > article.maxAmount) breached.add(article.id);
    if (article.maxDays !== undefined) {
      withinDays ??= new Map();
      if (!withinDays.has(article.maxDays)) withinDays.set(article.maxDays, await boughtWithin(api, c, [...chatBodies, ...mails.map((e) => `${e.Subject ?? ''}\n${e.TextBody ?? ''}`)], article.maxDays));
      if (withinDays.get(article.maxDays) === false) breached.add(article.id);
    }
  }
  return breached.size ? [...breached].join(', ') : NONE;
}

/**
 * Whether the case's product was bought at most `days` days before the case was opened. No function
 * returns an order's date, so the expert asks get_purchase_history about each day of the window
 * (all in one reply): a purchase on one of them means the case is within the limit.
 */
async function boughtWithin(api: ToolReplay, c: SfRecord, texts: readonly string[], days: number): Promise<boolean | undefined> {
  const name = productNamed(texts);
  if (!name || typeof c.AccountId !== 'string') return undefined;
  const product = await productIdOf(api, name);
  if (!product) return undefined;
  const products = [product];
  const day0 = new Date(`${String(c.CreatedDate).slice(0, 10)}T00:00:00Z`);
  const probes = Array.from({ length: days + 1 }, (_, k) => ({
    name: 'get_purchase_history',
    args: { account_id: c.AccountId, purchase_date: soqlDatetime(addDays(day0, -k)), related_product_ids: products },
  }));
  const seen = await api.all(probes);
  return seen.some((rows) => records(rows).length > 0);
}

// ── KQA: the reference solver's retrieval, through search_knowledge_articles ──────────────────

/** SOSL `FIND {terms} … Knowledge__kav(…)` as the search_knowledge_articles function, Content read as FAQ_Answer__c. */
function knowledgeSearch(api: ToolReplay): SolverApi {
  return {
    query: () => Promise.reject(new Error('the crmarena tool set has no SOQL tool')),
    async search(sosl: string) {
      const term = /^FIND \{(.*)\} IN ALL FIELDS/s.exec(sosl)?.[1];
      if (term === undefined) throw new Error(`not a knowledge search: ${sosl}`);
      return records(await api.call('search_knowledge_articles', { search_term: term })).map((r) => ({ Id: r.Id, Title: r.Title, FAQ_Answer__c: r.Content }));
    },
  };
}
