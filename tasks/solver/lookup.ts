// Reference solutions of the lookup families: NED (purchase history) and NCR (routing a new case).
import { keyPrefix } from '../../schema/index.js';
import { PRODUCT_FAMILIES } from '../../fixtures/index.js';
import { addUnits, parseAgo, ymd } from '../time.js';
import { inList, lit, type SolverApi, type SfRecord } from './client.js';
import { idWithPrefix, todayOf, type TaskText } from './parse.js';

const NONE = 'None';

/** The catalogue family whose paraphrase (or noun) appears in the text; the longest match wins. */
export function nounOf(text: string): string | undefined {
  const q = text.toLowerCase();
  let bestLen = 0;
  let noun: string | undefined;
  for (const f of PRODUCT_FAMILIES) {
    for (const p of [...f.paraphrases, f.noun]) {
      const re = new RegExp(`(?<![a-z])${p.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`);
      if (p.length > bestLen && re.test(q)) {
        bestLen = p.length;
        noun = f.noun;
      }
    }
  }
  return noun;
}

export async function solveNamedEntity(api: SolverApi, t: TaskText): Promise<string> {
  const contactId = idWithPrefix(t, keyPrefix('Contact'));
  const ago = parseAgo(t.query);
  if (!ago) throw new Error(`no "N units ago" in: ${t.query}`);
  const purchaseDate = ymd(addUnits(todayOf(t), -ago.n, ago.unit));
  const noun = nounOf(t.query);
  if (!noun) throw new Error(`no product description recognised in: ${t.query}`);
  const contact = await api.query(`SELECT AccountId FROM Contact WHERE Id = ${lit(contactId)} LIMIT 1`);
  const accountId = contact[0]?.AccountId;
  if (typeof accountId !== 'string') return NONE;
  const candidates = (await api.query(`SELECT Id, Name FROM Product2 WHERE Name LIKE ${lit(`%${noun}%`)}`)).map((r) => String(r.Id));
  if (candidates.length === 0) return NONE;
  const rows = await api.query(
    `SELECT Product2Id FROM OrderItem WHERE OrderItem.Order.AccountId = ${lit(accountId)} AND OrderItem.Order.EffectiveDate = ${purchaseDate} AND Product2Id IN ${inList(candidates)} AND OrderItem.Order.Status = 'Activated'`,
  );
  const found = [...new Set(rows.map((r) => String(r.Product2Id)))];
  return found.length ? found.join(', ') : NONE;
}

// ── Case routing ─────────────────────────────────────────────────────────────────────────────

const STOP = new Set(
  'a an the and or but to of in on for with from at by my me i it is was were be been this that these those have has had not no can could would should will please you your we our us they them their there here what when which who how do does did just also so as if than then about into out up any some'.split(' '),
);

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2 && !STOP.has(w) && !/^\d+$/.test(w));
}

export interface RoutingIndex {
  readonly products: { id: string; name: string }[];
  readonly cases: { issue: string; vec: Map<string, number>; norm: number }[];
  /** Per issue: the sum of its cases' unit vectors plus its own name and description. */
  readonly centroids: { issue: string; vec: Map<string, number>; norm: number }[];
  readonly idf: Map<string, number>;
}

export interface RoutingRows {
  readonly products: readonly { id: string; name: string }[];
  readonly cases: readonly { subject: string; description: string; issue: string }[];
  readonly issues: readonly { id: string; name: string; description: string }[];
}

/** Past cases and the issue records as the solver retrieves them (SOQL through the REST API). */
export async function buildRoutingIndex(api: SolverApi): Promise<RoutingIndex> {
  const products = (await api.query('SELECT Id, Name FROM Product2')).map((r) => ({ id: String(r.Id), name: String(r.Name) }));
  const cases = (await api.query('SELECT Id, Subject, Description, IssueId__c FROM Case'))
    .filter((r) => r.IssueId__c)
    .map((r) => ({ subject: String(r.Subject ?? ''), description: String(r.Description ?? ''), issue: String(r.IssueId__c) }));
  const issues = (await api.query('SELECT Id, Name, Description__c FROM Issue__c')).map((r) => ({
    id: String(r.Id),
    name: String(r.Name ?? ''),
    description: String(r.Description__c ?? ''),
  }));
  return routingIndex({ products, cases, issues });
}

/** TF-IDF vectors of past cases (product names removed) and per-issue centroids. */
export function routingIndex(rows: RoutingRows): RoutingIndex {
  const products = [...rows.products].sort((a, b) => b.name.length - a.name.length || a.id.localeCompare(b.id));
  const docs = rows.cases.map((c) => ({ issue: c.issue, toks: tokens(removeProduct(`${c.subject} ${c.description}`, products).text) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d.toks)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log((docs.length + 1) / (n + 1)) + 1]));
  const cases = docs.map((d) => {
    const vec = tfidf(d.toks, idf);
    return { issue: d.issue, vec, norm: Math.hypot(...vec.values()) };
  });
  const sums = new Map<string, Map<string, number>>();
  const add = (issue: string, vec: ReadonlyMap<string, number>, norm: number) => {
    const acc = sums.get(issue) ?? new Map<string, number>();
    for (const [w, x] of vec) acc.set(w, (acc.get(w) ?? 0) + x / (norm || 1));
    sums.set(issue, acc);
  };
  for (const c of cases) add(c.issue, c.vec, c.norm);
  for (const i of rows.issues) {
    const vec = tfidf(tokens(`${i.name} ${i.description}`), idf);
    add(i.id, vec, Math.hypot(...vec.values()));
  }
  const centroids = [...sums].map(([issue, vec]) => ({ issue, vec, norm: Math.hypot(...vec.values()) }));
  return { products, cases, centroids, idf };
}

const cosine = (q: ReadonlyMap<string, number>, qn: number, v: ReadonlyMap<string, number>, vn: number) => {
  let dot = 0;
  for (const [w, x] of q) dot += x * (v.get(w) ?? 0);
  return dot / ((qn || 1) * (vn || 1));
};

/** A past case this similar was written from the same template as the new case. */
const SAME_TEMPLATE = 0.6;

/**
 * The issue of a new case: the similarity-weighted vote of its nearest past cases when one of them
 * reads like the same template; otherwise the nearest issue centroid (the issue's vocabulary).
 */
export function classifyIssue(index: RoutingIndex, text: string): { issue: string | undefined; productId: string | undefined } {
  const { text: rest, productId } = removeProduct(text, index.products);
  const q = tfidf(tokens(rest), index.idf);
  const qn = Math.hypot(...q.values());
  const scored = index.cases.map((c) => ({ issue: c.issue, sim: cosine(q, qn, c.vec, c.norm) })).sort((a, b) => b.sim - a.sim).slice(0, 15);
  if ((scored[0]?.sim ?? 0) >= SAME_TEMPLATE) {
    // Cubed similarity: same-template cases (similarity near 1) outvote loosely similar ones.
    const votes = new Map<string, number>();
    for (const s of scored) votes.set(s.issue, (votes.get(s.issue) ?? 0) + s.sim ** 3);
    return { issue: [...votes].sort((a, b) => b[1] - a[1])[0]?.[0], productId };
  }
  const best = index.centroids.map((c) => ({ issue: c.issue, sim: cosine(q, qn, c.vec, c.norm) })).sort((a, b) => b.sim - a.sim)[0];
  return { issue: best?.issue, productId };
}

function tfidf(toks: readonly string[], idf: ReadonlyMap<string, number>): Map<string, number> {
  const v = new Map<string, number>();
  for (const w of toks) v.set(w, (v.get(w) ?? 0) + (idf.get(w) ?? 0));
  return v;
}

/** Finds the longest product name in the text and blanks it out. */
function removeProduct(text: string, products: readonly { id: string; name: string }[]): { text: string; productId?: string } {
  for (const p of products) {
    const i = text.indexOf(p.name);
    if (i >= 0) return { text: text.split(p.name).join(' '), productId: p.id };
  }
  return { text };
}

function caseFields(query: string): string {
  const subj = /Case Subject:\s*(.*)/.exec(query)?.[1] ?? '';
  const desc = /Case Description:\s*([\s\S]*)/.exec(query)?.[1] ?? '';
  return `${subj} ${desc}`;
}

export async function solveCaseRouting(api: SolverApi, t: TaskText, index: RoutingIndex): Promise<string> {
  const { issue: issueId, productId } = classifyIssue(index, caseFields(t.query));
  if (!issueId) return NONE;

  // Routing policy step 1: most Closed cases of the issue.
  const closed = await api.query(`SELECT OwnerId FROM Case WHERE IssueId__c = ${lit(issueId)} AND Status = 'Closed'`);
  let tied = argmaxAll(countOwners(closed));
  if (tied.length <= 1 || !productId) return tied[0] ?? NONE;
  // Step 2: most Closed cases about the product, among the tied agents.
  const items = (await api.query(`SELECT Id FROM OrderItem WHERE Product2Id = ${lit(productId)}`)).map((r) => String(r.Id));
  const byProduct = countOwners(
    items.length ? await api.query(`SELECT OwnerId FROM Case WHERE OrderItemId__c IN ${inList(items)} AND Status = 'Closed' AND OwnerId IN ${inList(tied)}`) : [],
  );
  tied = argmaxAll(new Map(tied.map((a) => [a, byProduct.get(a) ?? 0])));
  if (tied.length === 1) return tied[0]!;
  // Step 3: fewest cases not Closed.
  const open = countOwners(await api.query(`SELECT OwnerId FROM Case WHERE Status != 'Closed' AND OwnerId IN ${inList(tied)}`));
  const fewest = Math.min(...tied.map((a) => open.get(a) ?? 0));
  return tied.filter((a) => (open.get(a) ?? 0) === fewest).join(', ');
}

function countOwners(rows: readonly SfRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(String(r.OwnerId), (m.get(String(r.OwnerId)) ?? 0) + 1);
  return m;
}

function argmaxAll(m: ReadonlyMap<string, number>): string[] {
  const max = Math.max(-Infinity, ...m.values());
  return [...m].filter(([, v]) => v === max).map(([k]) => k);
}
