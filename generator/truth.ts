// recoverTruth: the latent ground truth of a generated org, recomputed from its seed WITHOUT writing
// and without re-generating it. Violations come from each case's thread plan, which is a pure
// function of (seed, the case's OrderItem counter, its issue) — see policy.ts.
import { ISSUES } from '../fixtures/index.js';
import { POLICY_ARTICLES } from '../fixtures/index.js';
import type { PolicyAction } from '../fixtures/index.js';
import type { Store } from '../server/store/index.js';
import { ids } from './builders.js';
import { expandProducts } from './catalogue.js';
import { idCounter } from './ids.js';
import { drawLatent } from './latent.js';
import { threadPlan, type Outcome } from './policy.js';
import { Rng } from './rng.js';
import { dateOfDay } from './time.js';

export interface CaseThreadTruth {
  readonly action: PolicyAction;
  readonly outcome: Outcome;
  /** Key of the issue's policy article, e.g. 'policy_return_policy'. */
  readonly policyKey: string;
  /** Case CreatedDate date − Order.EffectiveDate, in days. */
  readonly daysSincePurchase: number;
  /** Amount named by the agent (amount-limited rules only). */
  readonly amount: number | null;
}

export interface OrgTruth {
  readonly seed: number;
  readonly scale: number;
  /** Cases whose chat/email thread breaks a policy → the violated policy article's Knowledge__kav Id. */
  readonly violations: ReadonlyMap<string, string>;
  /** Cases with a chat or email thread and no violation (PVI "None" candidates), in Id order. */
  readonly compliantThreadCaseIds: readonly string[];
  /** Per case with a thread: what the agent did in it. */
  readonly threads: ReadonlyMap<string, CaseThreadTruth>;
  /** Issue__c Id → its expert agents' User Ids (primary first). */
  readonly issueExperts: ReadonlyMap<string, readonly string[]>;
  /** Product2 Id → Issue__c Id of the dominant issue of the product's first era. */
  readonly productDominantIssue: ReadonlyMap<string, string>;
  /** Product2 Id → its defect-profile eras: from which purchase date ('YYYY-MM-DD'), which dominant Issue__c Id. */
  readonly productEras: ReadonlyMap<string, readonly { readonly from: string; readonly issueId: string }[]>;
  /** Product2 Id → its defect episodes: purchase dates [from, to] ('YYYY-MM-DD') and the episode's Issue__c Id. */
  readonly productEpisodes: ReadonlyMap<string, readonly { readonly from: string; readonly to: string; readonly issueId: string }[]>;
  /** Policy article key → Knowledge__kav Id. */
  readonly policyArticleIds: ReadonlyMap<string, string>;
  /** Bestseller Product2 Id → its selling life and promotions (order dates 'YYYY-MM-DD', inclusive). */
  readonly bestsellerLives: ReadonlyMap<string, { readonly from: string; readonly to: string; readonly promotions: readonly (readonly [string, string])[] }>;
  /** Agent User Id → hire date and leave date ('YYYY-MM-DD'; leave null while on staff). */
  readonly agentTenure: ReadonlyMap<string, { readonly hired: string; readonly left: string | null }>;
}

export function recoverTruth(store: Store): OrgTruth {
  const seedText = store.getMeta('seed');
  const scaleText = store.getMeta('scale');
  if (seedText === undefined || scaleText === undefined) throw new Error(`${store.path} has no generator metadata (seed/scale)`);
  const seed = Number(seedText);
  const scale = Number(scaleText);

  const root = Rng.root(seed);
  const products = expandProducts(root);
  const latent = drawLatent(root, products);

  const byUrl = new Map((store.all('SELECT "Id", "UrlName" FROM "Knowledge__kav"') as { Id: string; UrlName: string }[]).map((r) => [r.UrlName, r.Id]));
  const policyArticleIds = new Map<string, string>();
  for (const p of POLICY_ARTICLES) {
    const id = byUrl.get(p.urlName);
    if (id) policyArticleIds.set(p.key, id);
  }
  const issueKeyById = new Map(
    (store.all('SELECT "Id", "Name" FROM "Issue__c"') as { Id: string; Name: string }[]).map((r) => [r.Id, ISSUES.find((s) => s.name === r.Name)?.key]),
  );

  const rows = store.allRaw(
    `SELECT c."Id", c."OrderItemId__c", c."IssueId__c", c."CreatedDate", o."EffectiveDate"
       FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Order" o ON o."Id" = oi."OrderId"
      ORDER BY c."Id"`,
  ) as [string, string, string, string, string][];
  // Only cases whose thread is really there (an org edited through the API may have new cases).
  const withChat = new Set(store.allRaw('SELECT DISTINCT "CaseId" FROM "LiveChatTranscript"').map((r) => r[0] as string));
  const withEmail = new Set(store.allRaw('SELECT DISTINCT "ParentId" FROM "EmailMessage"').map((r) => r[0] as string));
  const violations = new Map<string, string>();
  const compliant: string[] = [];
  const threads = new Map<string, CaseThreadTruth>();
  for (const [caseId, itemId, issueId, created, effective] of rows) {
    const issueKey = issueKeyById.get(issueId);
    if (!issueKey) continue;
    const plan = threadPlan(seed, idCounter(itemId), issueKey);
    if (!plan.primary || !plan.rule || !plan.outcome) continue;
    if (!(plan.primary === 'chat' ? withChat : withEmail).has(caseId)) continue;
    const days = Math.round((Date.parse(`${created.slice(0, 10)}T00:00:00Z`) - Date.parse(`${effective}T00:00:00Z`)) / 86_400_000);
    threads.set(caseId, { action: plan.rule.action, outcome: plan.outcome, policyKey: plan.policy.key, daysSincePurchase: days, amount: plan.amount });
    if (plan.outcome === 'violate') {
      const article = policyArticleIds.get(plan.policy.key);
      if (!article) throw new Error(`policy article ${plan.policy.key} is missing from Knowledge__kav`);
      violations.set(caseId, article);
    } else compliant.push(caseId);
  }

  const issueExperts = new Map(latent.issueExperts.map((experts, i) => [ids.issue(i), experts.map((pos) => latent.agents[pos]!.userId)]));
  const productDominantIssue = new Map(latent.products.map((p, i) => [ids.product(i), ids.issue(p.dominantIssue)]));
  const productEras = new Map(latent.products.map((p, i) => [ids.product(i), p.eras.map((e) => ({ from: dateOfDay(e.fromDay), issueId: ids.issue(e.dominantIssue) }))]));
  const productEpisodes = new Map(
    latent.products.map((p, i) => [ids.product(i), p.episodes.map((e) => ({ from: dateOfDay(e.fromDay), to: dateOfDay(e.toDay), issueId: ids.issue(e.issue) }))]),
  );
  const bestsellerLives = new Map(
    latent.bestsellerLives.map((l) => [ids.product(l.product), { from: dateOfDay(l.fromDay), to: dateOfDay(l.toDay), promotions: l.promotions.map(([a, b]) => [dateOfDay(a), dateOfDay(b)] as const) }]),
  );
  const agentTenure = new Map(latent.agents.map((a) => [a.userId, { hired: dateOfDay(a.hireDay), left: a.leaveDay === null ? null : dateOfDay(a.leaveDay) }]));
  return {
    seed, scale, violations, compliantThreadCaseIds: compliant, threads, issueExperts, productDominantIssue, productEras, productEpisodes, policyArticleIds, bestsellerLives, agentTenure,
  };
}
