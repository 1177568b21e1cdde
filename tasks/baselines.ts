// The shortcut suite: cheap policies that never do a family's real computation, scored like an
// agent. A benchmark is only as good as the shortcuts it resists, so these are kept in the project
// (`npm run bench:baselines`, tests/tasks/baselines.test.ts) and their scores are targets.
//
// A shortcut sees what an agent sees (the query, its metadata, the org) and, for brevity, reads
// the drawn parameters that the query states in words (window, threshold, product / contact / case
// Id). Two shortcuts read hidden parameters on purpose, as upper bounds of a cheaper policy:
// NCR's "issue only" takes the hidden issue (perfect issue recognition) and "product only" the
// hidden product. "Answer prior" and "memorisation" learn from a reference draw (another task
// seed, and in the bench another org) — what a harness leaking old gold answers would allow; KQA's
// "memorisation from another org" knows the whole fact table of the next org seed.
import { POLICY_ARTICLES } from '../fixtures/index.js';
import { ISSUES } from '../fixtures/index.js';
import { orgKnowledge } from '../generator/index.js';
import type { Store } from '../server/store/index.js';
import { candidateProducts } from './families/named_entity_disambiguation.js';
import { NO_ANSWER } from './families/common.js';
import { ASKED_PRODUCT_MIN_CASES } from './families/top_issue_identification.js';
import { scoreAnswer, normalizeAnswer } from './score.js';
import { detectActions } from './solver/knowledge.js';
import { MONTHS } from './time.js';
import { TASK_CODES, TASK_IDS, type Instance, type TaskId } from './types.js';

export interface ShortcutContext {
  readonly store: Store;
  /** Instances of another draw (another task seed and/or org) a memorising policy learned from. */
  readonly reference: readonly Instance[];
  /** Per-context memo for org-wide aggregates. */
  readonly memo: Map<string, unknown>;
}

export interface Shortcut {
  readonly name: string;
  /** undefined: applies to every family. */
  readonly task?: TaskId;
  /** Does part of the real computation (reported for information, not held to the ceiling). */
  readonly partial?: boolean;
  answer(x: Instance, ctx: ShortcutContext): string;
}

const p = (x: Instance, k: string): string => String(x.params[k]);

function memo<T>(ctx: ShortcutContext, key: string, make: () => T): T {
  if (!ctx.memo.has(key)) ctx.memo.set(key, make());
  return ctx.memo.get(key) as T;
}

/** The key with the largest value (ties → the smallest key, so the result is deterministic). */
function argBest(m: ReadonlyMap<string, number>, dir: 'min' | 'max' = 'max'): string {
  let best: string | undefined;
  let bv = 0;
  for (const [k, v] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (best === undefined || (dir === 'max' ? v > bv : v < bv)) {
      best = k;
      bv = v;
    }
  }
  return best ?? NO_ANSWER;
}

function lastCaseDate(ctx: ShortcutContext): string {
  return memo(ctx, 'lastCase', () => (ctx.store.get('SELECT MAX("CreatedDate") AS m FROM "Case"') as { m: string }).m);
}

/** "The window starts after the last case" — the cue a None instance should never give away. */
const afterData = (x: Instance, ctx: ShortcutContext) => p(x, 'start') > lastCaseDate(ctx);

function counts(ctx: ShortcutContext, key: string, sql: string, args: readonly (string | number)[] = []): Map<string, number> {
  return memo(ctx, `${key}|${args.join('|')}`, () => new Map((ctx.store.all(sql, [...args]) as { k: string; n: number }[]).map((r) => [r.k, r.n])));
}

// ── Per-family aggregates ─────────────────────────────────────────────────────────────────────

const closedByIssue = (ctx: ShortcutContext, issue: string) =>
  counts(ctx, 'ncr-issue', `SELECT "OwnerId" AS k, COUNT(*) AS n FROM "Case" WHERE "Status" = 'Closed' AND "IssueId__c" = ? GROUP BY 1`, [issue]);
const closedByProduct = (ctx: ShortcutContext, product: string) =>
  counts(
    ctx,
    'ncr-product',
    `SELECT c."OwnerId" AS k, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE c."Status" = 'Closed' AND oi."Product2Id" = ? GROUP BY 1`,
    [product],
  );

/** All-time average handle time per owner with more than `n` cases (HTU without the window). */
function allTimeHandle(ctx: ShortcutContext, n: number): Map<string, number> {
  return counts(
    ctx,
    'htu-all',
    `SELECT "OwnerId" AS k, AVG(julianday("ClosedDate") - julianday("CreatedDate")) AS n FROM "Case" WHERE "Status" = 'Closed' GROUP BY 1 HAVING COUNT(*) > ?`,
    [n],
  );
}
function allTimeTransfers(ctx: ShortcutContext): Map<string, number> {
  return counts(
    ctx,
    'tcu-all',
    `SELECT "OldValue__c" AS k, COUNT(*) AS n FROM "CaseHistory__c" WHERE "Field__c" = 'Owner Assignment' AND "OldValue__c" IS NOT NULL AND "OldValue__c" != '' GROUP BY 1`,
  );
}
const productIssues = (ctx: ShortcutContext, product: string) =>
  counts(
    ctx,
    'tii-all',
    `SELECT c."IssueId__c" AS k, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE oi."Product2Id" = ? GROUP BY 1`,
    [product],
  );
/** The issue of the product's latest case created by the window's end (None without one). */
const latestCaseIssue = (x: Instance, ctx: ShortcutContext): string => {
  const r = ctx.store.get(
    `SELECT c."IssueId__c" AS i FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE oi."Product2Id" = ? AND c."CreatedDate" <= ? ORDER BY c."CreatedDate" DESC LIMIT 1`,
    [p(x, 'productId'), p(x, 'end')],
  ) as { i: string } | undefined;
  return r?.i ?? NO_ANSWER;
};
const productMonths = (ctx: ShortcutContext, product: string) =>
  counts(
    ctx,
    'mta-all',
    `SELECT CAST(substr(c."CreatedDate", 6, 2) AS INTEGER) AS k, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE oi."Product2Id" = ? GROUP BY 1`,
    [product],
  );
const productIssuesBetween = (ctx: ShortcutContext, product: string, from: string, to: string) =>
  counts(
    ctx,
    'tii-between',
    `SELECT c."IssueId__c" AS k, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE oi."Product2Id" = ? AND c."CreatedDate" >= ? AND c."CreatedDate" < ? GROUP BY 1`,
    [product, from, to],
  );
const productMonthsBetween = (ctx: ShortcutContext, product: string, from: string, to: string) =>
  counts(
    ctx,
    'mta-between',
    `SELECT CAST(substr(c."CreatedDate", 6, 2) AS INTEGER) AS k, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE oi."Product2Id" = ? AND c."CreatedDate" >= ? AND c."CreatedDate" < ? GROUP BY 1`,
    [product, from, to],
  );
/** An ISO datetime moved by whole years. */
function shiftYear(isoDate: string, years: number): string {
  const d = new Date(isoDate);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}
/** Month numbers (1–12) that a [start, end) window touches. */
function windowMonths(start: string, end: string): Set<number> {
  const out = new Set<number>();
  const d = new Date(start);
  d.setUTCDate(1);
  for (let i = 0; i < 24 && d.toISOString() < end; i++, d.setUTCMonth(d.getUTCMonth() + 1)) out.add(d.getUTCMonth() + 1);
  return out;
}
/** The key ranked `n` (0 = best) by value, ties by key; None when there are fewer keys. */
function nthBest(m: ReadonlyMap<string, number>, n: number): string {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[n]?.[0] ?? NO_ANSWER;
}
const monthName = (k: string) => (k === NO_ANSWER ? k : MONTHS[Number(k) - 1]!);

function issuePolicyArticle(ctx: ShortcutContext, caseId: string): string {
  const r = ctx.store.get(`SELECT i."Name" AS name FROM "Case" c JOIN "Issue__c" i ON i."Id" = c."IssueId__c" WHERE c."Id" = ?`, [caseId]) as { name: string } | undefined;
  const key = ISSUES.find((i) => i.name === r?.name)?.key;
  const url = POLICY_ARTICLES.find((a) => a.issueKey === key)?.urlName;
  const a = url ? (ctx.store.get(`SELECT "Id" AS id FROM "Knowledge__kav" WHERE "UrlName" = ?`, [url]) as { id: string } | undefined) : undefined;
  return a?.id ?? NO_ANSWER;
}

const words = (s: string) => new Set(normalizeAnswer(s).split(' ').filter((w) => w.length > 2));
function jaccard(a: Set<string>, b: Set<string>): number {
  let same = 0;
  for (const w of a) if (b.has(w)) same++;
  return same / (a.size + b.size - same || 1);
}

// ── The shortcuts ─────────────────────────────────────────────────────────────────────────────

export const SHORTCUTS: readonly Shortcut[] = [
  { name: 'always None', answer: () => NO_ANSWER },
  {
    name: 'answer prior (most frequent gold of the reference draw)',
    answer: (x, ctx) => {
      const freq = memo(ctx, `prior|${x.task}`, () => {
        const m = new Map<string, number>();
        for (const r of ctx.reference) if (r.task === x.task) m.set(r.answer[0]!, (m.get(r.answer[0]!) ?? 0) + 1);
        return m;
      });
      return argBest(freq);
    },
  },
  {
    name: 'issue only: top closer of the (hidden) issue',
    task: 'case_routing',
    answer: (x, ctx) => argBest(closedByIssue(ctx, p(x, 'issueId'))),
  },
  {
    name: 'issue only, best tiebreak: among the issue\'s top closers, the fewest open cases (step 2 skipped)',
    task: 'case_routing',
    answer: (x, ctx) => {
      const byIssue = closedByIssue(ctx, p(x, 'issueId'));
      const max = Math.max(...byIssue.values());
      const open = counts(ctx, 'ncr-open', `SELECT "OwnerId" AS k, COUNT(*) AS n FROM "Case" WHERE "Status" != 'Closed' GROUP BY 1`);
      return argBest(new Map([...byIssue].filter(([, n]) => n === max).map(([a]) => [a, open.get(a) ?? 0])), 'min');
    },
  },
  {
    name: "issue only, recent: the issue's top closer over the data's last year (experience that grew lately)",
    task: 'case_routing',
    answer: (x, ctx) =>
      argBest(
        counts(
          ctx,
          'ncr-recent',
          `SELECT "OwnerId" AS k, COUNT(*) AS n FROM "Case" WHERE "Status" = 'Closed' AND "IssueId__c" = ? AND "CreatedDate" >= (SELECT datetime(MAX("CreatedDate"), '-1 year') FROM "Case") GROUP BY 1`,
          [p(x, 'issueId')],
        ),
      ),
  },
  {
    name: 'product only: top closer of the (hidden) product',
    task: 'case_routing',
    answer: (x, ctx) => argBest(closedByProduct(ctx, p(x, 'productId'))),
  },
  {
    name: 'all-time instead of windowed',
    task: 'handle_time',
    answer: (x, ctx) => argBest(allTimeHandle(ctx, Number(x.params.n)), x.params.extrema as 'min' | 'max'),
  },
  {
    name: 'None cue (N ≥ 6 or window after the data), else all-time',
    task: 'handle_time',
    answer: (x, ctx) => (Number(x.params.n) >= 6 || afterData(x, ctx) ? NO_ANSWER : argBest(allTimeHandle(ctx, Number(x.params.n)), x.params.extrema as 'min' | 'max')),
  },
  {
    name: 'all-time instead of windowed',
    task: 'transfer_count',
    answer: (x, ctx) => argBest(allTimeTransfers(ctx), x.params.extrema as 'min' | 'max'),
  },
  {
    name: 'None cue (N ≥ 6 or window after the data), else all-time',
    task: 'transfer_count',
    answer: (x, ctx) => (Number(x.params.n) >= 6 || afterData(x, ctx) ? NO_ANSWER : argBest(allTimeTransfers(ctx), x.params.extrema as 'min' | 'max')),
  },
  {
    name: "keyword-nearest: the account's latest purchase sharing the noun",
    task: 'named_entity_disambiguation',
    answer: (x, ctx) => {
      const cands = new Set(memo(ctx, `ned|${p(x, 'noun')}`, () => candidateProducts(ctx.store, p(x, 'noun'))));
      const rows = ctx.store.all(
        `SELECT oi."Product2Id" AS pid FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId"
         WHERE o."AccountId" = ? AND o."Status" = 'Activated' AND o."EffectiveDate" <= ? ORDER BY o."EffectiveDate" DESC, oi."Id" DESC`,
        [p(x, 'accountId'), p(x, 'today')],
      ) as { pid: string }[];
      return rows.find((r) => cands.has(r.pid))?.pid ?? NO_ANSWER;
    },
  },
  {
    name: "partial: the account's purchase with the noun nearest the purchase date (date arithmetic done, exact-day check skipped)",
    task: 'named_entity_disambiguation',
    partial: true,
    answer: (x, ctx) => {
      const cands = new Set(memo(ctx, `ned|${p(x, 'noun')}`, () => candidateProducts(ctx.store, p(x, 'noun'))));
      const rows = ctx.store.all(
        `SELECT oi."Product2Id" AS pid, ABS(julianday(o."EffectiveDate") - julianday(?)) AS d FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId"
         WHERE o."AccountId" = ? AND o."Status" = 'Activated' ORDER BY d, oi."Id"`,
        [p(x, 'purchaseDate'), p(x, 'accountId')],
      ) as { pid: string; d: number }[];
      return rows.find((r) => cands.has(r.pid))?.pid ?? NO_ANSWER;
    },
  },
  {
    name: "issue only: the policy article of the case's issue",
    task: 'policy_violation_identification',
    answer: (x, ctx) => issuePolicyArticle(ctx, p(x, 'caseId')),
  },
  {
    name: "partial: the article of the action the agent's words take (thread read, limit check skipped)",
    task: 'policy_violation_identification',
    partial: true,
    answer: (x, ctx) => {
      const caseId = p(x, 'caseId');
      const text = [
        ...(ctx.store.all(`SELECT "Body" AS b FROM "LiveChatTranscript" WHERE "CaseId" = ?`, [caseId]) as { b: string }[]).flatMap((r) => r.b.split('\n').filter((l) => l.includes('(Agent):'))),
        ...(ctx.store.all(`SELECT "TextBody" AS b FROM "EmailMessage" WHERE "ParentId" = ? AND "Incoming" = 0`, [caseId]) as { b: string }[]).map((r) => r.b),
      ].join('\n');
      const action = detectActions(text)[0]?.action;
      const url = POLICY_ARTICLES.find((a) => a.rules.some((r) => r.action === action))?.urlName;
      const a = url ? (ctx.store.get(`SELECT "Id" AS id FROM "Knowledge__kav" WHERE "UrlName" = ?`, [url]) as { id: string } | undefined) : undefined;
      return a?.id ?? NO_ANSWER;
    },
  },
  {
    name: 'memorisation: gold of the same fact in the reference draw (by its phrasings)',
    task: 'knowledge_qa',
    answer: (x, ctx) => {
      const byFact = memo(ctx, 'kqa-facts', () => new Map(ctx.reference.filter((r) => r.task === 'knowledge_qa').map((r) => [String(r.params.factId), r.answer[0]!])));
      return byFact.get(String(x.params.factId)) ?? NO_ANSWER;
    },
  },
  {
    // The whole fact table of another org (as a harness that leaked another org's gold would allow).
    name: 'memorisation from another org: the same fact\'s answer in the next org seed',
    task: 'knowledge_qa',
    answer: (x, ctx) => {
      const other = memo(ctx, 'kqa-other-org', () => new Map(orgKnowledge(Number(ctx.store.getMeta('seed') ?? 0) + 1).facts.map((f) => [f.id, f.answer])));
      return other.get(String(x.params.factId)) ?? NO_ANSWER;
    },
  },
  {
    name: 'memorisation: gold of the most similar reference question',
    task: 'knowledge_qa',
    answer: (x, ctx) => {
      const q = words(x.query);
      let best: Instance | undefined;
      let bs = -1;
      for (const r of ctx.reference) {
        if (r.task !== 'knowledge_qa') continue;
        const s = jaccard(q, memo(ctx, `kqa|${r.id}|${r.query}`, () => words(r.query)));
        if (s > bs) {
          bs = s;
          best = r;
        }
      }
      return best?.answer[0] ?? NO_ANSWER;
    },
  },
  {
    name: "all-time top issue of the product",
    task: 'top_issue_identification',
    answer: (x, ctx) => argBest(productIssues(ctx, p(x, 'productId'))),
  },
  {
    name: "the issue of the product's latest case (None if the window starts after the data)",
    task: 'top_issue_identification',
    answer: (x, ctx) => {
      if (afterData(x, ctx)) return NO_ANSWER;
      return latestCaseIssue(x, ctx);
    },
  },
  {
    name: `None cue: None for a product with fewer than ${ASKED_PRODUCT_MIN_CASES} cases all time, else the latest case's issue`,
    task: 'top_issue_identification',
    answer: (x, ctx) => {
      const all = productIssues(ctx, p(x, 'productId'));
      if ([...all.values()].reduce((a, b) => a + b, 0) < ASKED_PRODUCT_MIN_CASES) return NO_ANSWER;
      return latestCaseIssue(x, ctx);
    },
  },
  {
    name: "partial: the issue of the product's latest case in the window, None if it has none (window filter done, counting skipped)",
    task: 'top_issue_identification',
    partial: true,
    answer: (x, ctx) => {
      const r = ctx.store.get(
        `SELECT c."IssueId__c" AS i FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" WHERE oi."Product2Id" = ? AND c."CreatedDate" >= ? AND c."CreatedDate" <= ? ORDER BY c."CreatedDate" DESC LIMIT 1`,
        [p(x, 'productId'), p(x, 'start'), p(x, 'end')],
      ) as { i: string } | undefined;
      return r?.i ?? NO_ANSWER;
    },
  },
  {
    name: 'second all-time issue of the product',
    task: 'top_issue_identification',
    answer: (x, ctx) => nthBest(productIssues(ctx, p(x, 'productId')), 1),
  },
  {
    name: "the product's top issue in the year before the window",
    task: 'top_issue_identification',
    answer: (x, ctx) => argBest(productIssuesBetween(ctx, p(x, 'productId'), shiftYear(p(x, 'start'), -1), p(x, 'start'))),
  },
  {
    name: "the window's top issue over all products",
    task: 'top_issue_identification',
    answer: (x, ctx) =>
      argBest(counts(ctx, 'tii-window', `SELECT "IssueId__c" AS k, COUNT(*) AS n FROM "Case" WHERE "CreatedDate" >= ? AND "CreatedDate" <= ? GROUP BY 1`, [p(x, 'start'), p(x, 'end')])),
  },
  {
    name: 'all-time top month of the product',
    task: 'monthly_trend_analysis',
    answer: (x, ctx) => monthName(argBest(productMonths(ctx, p(x, 'productId')))),
  },
  {
    name: "the window's top month over all products",
    task: 'monthly_trend_analysis',
    answer: (x, ctx) =>
      monthName(
        argBest(
          counts(ctx, 'mta-window', `SELECT CAST(substr("CreatedDate", 6, 2) AS INTEGER) AS k, COUNT(*) AS n FROM "Case" WHERE "CreatedDate" >= ? AND "CreatedDate" < ? GROUP BY 1`, [
            p(x, 'start'),
            p(x, 'end'),
          ]),
        ),
      ),
  },
  {
    name: "all-time top month of the product among the window's months",
    task: 'monthly_trend_analysis',
    answer: (x, ctx) => {
      const months = windowMonths(p(x, 'start'), p(x, 'end'));
      return monthName(argBest(new Map([...productMonths(ctx, p(x, 'productId'))].filter(([k]) => months.has(Number(k))))));
    },
  },
  {
    name: "the product's most recent case month in the window",
    task: 'monthly_trend_analysis',
    answer: (x, ctx) => {
      const r = ctx.store.get(
        `SELECT CAST(substr(c."CreatedDate", 6, 2) AS INTEGER) AS m FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c"
         WHERE oi."Product2Id" = ? AND c."CreatedDate" >= ? AND c."CreatedDate" < ? ORDER BY c."CreatedDate" DESC LIMIT 1`,
        [p(x, 'productId'), p(x, 'start'), p(x, 'end')],
      ) as { m: number } | undefined;
      return r ? MONTHS[r.m - 1]! : NO_ANSWER;
    },
  },
  {
    name: "the product's top month in the year before the window",
    task: 'monthly_trend_analysis',
    answer: (x, ctx) => monthName(argBest(productMonthsBetween(ctx, p(x, 'productId'), shiftYear(p(x, 'start'), -1), p(x, 'start')))),
  },
  {
    name: 'the state of the single fastest case in the window',
    task: 'best_region_identification',
    answer: (x, ctx) => {
      const r = ctx.store.get(
        `SELECT a."ShippingState" AS s FROM "Case" c JOIN "Account" a ON a."Id" = c."AccountId" WHERE c."Status" = 'Closed' AND c."CreatedDate" >= ? AND c."CreatedDate" < ?
         ORDER BY julianday(c."ClosedDate") - julianday(c."CreatedDate") LIMIT 1`,
        [p(x, 'start'), p(x, 'end')],
      ) as { s: string } | undefined;
      return r?.s ?? NO_ANSWER;
    },
  },
  {
    name: 'the all-time fastest state',
    task: 'best_region_identification',
    answer: (_x, ctx) =>
      argBest(
        counts(
          ctx,
          'bri-all',
          `SELECT a."ShippingState" AS k, AVG(julianday(c."ClosedDate") - julianday(c."CreatedDate")) AS n FROM "Case" c JOIN "Account" a ON a."Id" = c."AccountId" WHERE c."Status" = 'Closed' GROUP BY 1`,
        ),
        'min',
      ),
  },
];

export interface ShortcutScore {
  readonly task: TaskId;
  readonly code: string;
  readonly name: string;
  readonly partial: boolean;
  /** Mean reward (exact match 0/1, KQA token F1). */
  readonly score: number;
  readonly n: number;
}

/** Scores every applicable shortcut on every family of `instances`. */
export function scoreShortcuts(store: Store, instances: readonly Instance[], reference: readonly Instance[]): ShortcutScore[] {
  const ctx: ShortcutContext = { store, reference, memo: new Map() };
  const out: ShortcutScore[] = [];
  for (const task of TASK_IDS) {
    const xs = instances.filter((x) => x.task === task);
    if (xs.length === 0) continue;
    for (const s of SHORTCUTS) {
      if (s.task !== undefined && s.task !== task) continue;
      let sum = 0;
      for (const x of xs) sum += scoreAnswer(task, x.reward_metric, x.answer, s.answer(x, ctx)).reward;
      out.push({ task, code: TASK_CODES[task], name: s.name, partial: s.partial === true, score: sum / xs.length, n: xs.length });
    }
  }
  return out;
}

/** The best (non-partial) shortcut per family. */
export function bestShortcuts(scores: readonly ShortcutScore[]): Map<TaskId, ShortcutScore> {
  const best = new Map<TaskId, ShortcutScore>();
  for (const s of scores) if (!s.partial && (!best.has(s.task) || s.score > best.get(s.task)!.score)) best.set(s.task, s);
  return best;
}

/** Targets (issue 16): no family's best shortcut above these (exact match share; KQA token F1). */
export const SHORTCUT_CEILING: Readonly<Record<TaskId, number>> = {
  case_routing: 0.6,
  handle_time: 0.35,
  transfer_count: 0.35,
  named_entity_disambiguation: 0.35,
  policy_violation_identification: 0.35,
  knowledge_qa: 0.25,
  top_issue_identification: 0.35,
  monthly_trend_analysis: 0.35,
  best_region_identification: 0.35,
};

// ── Structure statistics (what the shortcuts exploit, measured on the draw) ─────────────────────

export interface StructureStats {
  /** TII: share of non-None instances whose gold differs from the product's all-time top issue. */
  readonly tiiWindowedDiffers: number;
  /** MTA: share of instances whose gold differs from the product's all-time top month. */
  readonly mtaAllTimeWrong: number;
  /** NCR: share of instances decided by routing step 1 / 2 / 3. */
  readonly ncrSteps: Readonly<Record<1 | 2 | 3, number>>;
}

export function structureStats(store: Store, instances: readonly Instance[]): StructureStats {
  const ctx: ShortcutContext = { store, reference: [], memo: new Map() };
  const tii = instances.filter((x) => x.task === 'top_issue_identification' && x.answer[0] !== NO_ANSWER);
  const mta = instances.filter((x) => x.task === 'monthly_trend_analysis');
  const ncr = instances.filter((x) => x.task === 'case_routing');
  const share = (xs: readonly Instance[], f: (x: Instance) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
  return {
    tiiWindowedDiffers: share(tii, (x) => argBest(productIssues(ctx, p(x, 'productId'))) !== x.answer[0]),
    mtaAllTimeWrong: share(mta, (x) => monthName(argBest(productMonths(ctx, p(x, 'productId')))) !== x.answer[0]),
    ncrSteps: { 1: share(ncr, (x) => x.params.step === 1), 2: share(ncr, (x) => x.params.step === 2), 3: share(ncr, (x) => x.params.step === 3) },
  };
}
