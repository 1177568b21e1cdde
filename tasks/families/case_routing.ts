// NCR — new case routing (manager). The given case is new (not in the org): its subject and
// description come from the generator's case templates with a hidden issue and product. Ground
// truth follows the routing policy (steps 1–3); instances that still tie after step 3 are redrawn.
import { ISSUES } from '../../fixtures/index.js';
import type { Rng } from '../../generator/index.js';
import { caseText } from '../../generator/index.js';
import type { Store } from '../../server/store/index.js';
import type { Draft } from '../types.js';
import { DOMAIN_DETAILS, drawLoop, fill, uniqueArg, type Family, type FamilyContext } from './common.js';

export const ROUTING_POLICY = [
  '# Case routing policy',
  '1. Determine the issue of the new case (the Issue__c record that best matches its subject and description) and the product it is about.',
  "2. The case goes to the agent (Case.OwnerId) with the most cases of that issue whose Status is 'Closed' (all time).",
  "3. If several agents tie, it goes to the one among them with the most Closed cases about that product (cases whose order item, OrderItemId__c, is for the product).",
  "4. If they still tie, it goes to the one among them with the fewest cases whose Status is not 'Closed'.",
].join('\n');

/** Acceptance rate of draws decided by routing step 3. */
export const STEP3_KEEP = 0.5;

export const TEMPLATES = [
  'Use the case routing policy to determine the most suitable agent for the given case. Return only the Id of the agent.',
  'A new case just came in. Following the case routing policy, which agent should handle it? Return only the Id of the agent.',
  'Apply our case routing policy to the case below and tell me which agent to assign it to. Return only the Id of the agent.',
  'Who is the best agent for this new case according to the routing policy? Return only the Id of the agent.',
  'Route the following new case to the most suitable agent under the case routing policy. Return only the Id of the agent.',
  'Which agent should take over this incoming case, based on the case routing policy? Return only the Id of the agent.',
  'Please determine, using the case routing policy, which agent this new case should be assigned to. Return only the Id of the agent.',
  'I need to assign the case below. Per the routing policy, who is the most suitable agent? Return only the Id of the agent.',
];

/** Step 1: Closed cases of the issue per OwnerId (all time). */
export function closedByIssue(store: Store, issueId: string): Map<string, number> {
  const rows = store.all(`SELECT "OwnerId" AS o, COUNT(*) AS n FROM "Case" WHERE "Status" = 'Closed' AND "IssueId__c" = ? GROUP BY "OwnerId"`, [issueId]) as { o: string; n: number }[];
  return new Map(rows.map((r) => [r.o, r.n]));
}

/** Step 2: Closed cases about the product per OwnerId. */
export function closedByProduct(store: Store, productId: string): Map<string, number> {
  const rows = store.all(
    `SELECT c."OwnerId" AS o, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c"
     WHERE c."Status" = 'Closed' AND oi."Product2Id" = ? GROUP BY c."OwnerId"`,
    [productId],
  ) as { o: string; n: number }[];
  return new Map(rows.map((r) => [r.o, r.n]));
}

/** Step 3: cases whose Status is not 'Closed' per OwnerId. */
export function openByOwner(store: Store): Map<string, number> {
  const rows = store.all(`SELECT "OwnerId" AS o, COUNT(*) AS n FROM "Case" WHERE "Status" != 'Closed' GROUP BY "OwnerId"`) as { o: string; n: number }[];
  return new Map(rows.map((r) => [r.o, r.n]));
}

const tiedBest = (m: ReadonlyMap<string, number>, dir: 'min' | 'max'): string[] => {
  const best = dir === 'max' ? Math.max(...m.values()) : Math.min(...m.values());
  return [...m].filter(([, n]) => n === best).map(([a]) => a);
};

/** The routing decision: the agent and the step that decided it; undefined when step 3 still ties. */
export function route(store: Store, issueId: string, productId: string): { agent: string; step: 1 | 2 | 3 } | undefined {
  const byIssue = closedByIssue(store, issueId);
  if (byIssue.size === 0) return undefined;
  const tied = tiedBest(byIssue, 'max');
  if (tied.length === 1) return { agent: tied[0]!, step: 1 };
  const byProduct = closedByProduct(store, productId);
  const tied2 = tiedBest(new Map(tied.map((a) => [a, byProduct.get(a) ?? 0])), 'max');
  if (tied2.length === 1) return { agent: tied2[0]!, step: 2 };
  const open = openByOwner(store);
  const best = uniqueArg(new Map(tied2.map((a) => [a, open.get(a) ?? 0])), 'min');
  return best && best !== 'tie' ? { agent: best, step: 3 } : undefined;
}

export const caseRouting: Family = {
  task: 'case_routing',
  draw(ctx: FamilyContext): Draft[] {
    const { store } = ctx;
    const issues = store.all(`SELECT "Id" AS id, "Name" AS name FROM "Issue__c" ORDER BY "Id"`) as { id: string; name: string }[];
    const keyByName = new Map(ISSUES.map((i) => [i.name, i.key]));
    const products = store.all(
      `SELECT DISTINCT p."Id" AS id, p."Name" AS name FROM "Product2" p JOIN "OrderItem" oi ON oi."Product2Id" = p."Id" ORDER BY p."Id"`,
    ) as { id: string; name: string }[];
    if (issues.length === 0 || products.length === 0) throw new Error('the org has no issues or products');
    const productsByIssue = new Map<string, { id: string; name: string }[]>();
    for (const r of store.all(
      `SELECT c."IssueId__c" AS issue, p."Id" AS id, p."Name" AS name FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Product2" p ON p."Id" = oi."Product2Id" ORDER BY c."Id"`,
    ) as { issue: string; id: string; name: string }[]) {
      const list = productsByIssue.get(r.issue) ?? [];
      list.push({ id: r.id, name: r.name });
      productsByIssue.set(r.issue, list);
    }
    return drawLoop(ctx.rng, ctx.count, 0, (_wantNone: boolean, rng: Rng) => {
      const issue = rng.pick(issues);
      const key = keyByName.get(issue.name);
      if (!key) return undefined;
      // New cases about an issue mostly concern products that already had it (a case's product
      // drawn from the issue's past cases), sometimes any product bought.
      const fromIssue = productsByIssue.get(issue.id) ?? [];
      const product = fromIssue.length > 0 && rng.chance(0.9) ? rng.pick(fromIssue) : rng.pick(products);
      const decided = route(store, issue.id, product.id);
      if (!decided) return undefined;
      // Step 3 (open workload) depends on the issue alone, so its instances are kept at a lower rate.
      if (decided.step === 3 && !rng.chance(STEP3_KEEP)) return undefined;
      const text = caseText(rng.fork('text'), key, product.name);
      // The new case must be new: no past case reads exactly the same.
      if (store.get(`SELECT 1 AS x FROM "Case" WHERE "Subject" = ? AND "Description" = ?`, [text.subject, text.description])) return undefined;
      const query = `${fill(rng.pick(TEMPLATES), {})}\n\n## Given Case\n- Case Subject: ${text.subject}\n- Case Description: ${text.description}`;
      return {
        query,
        metadata: { required: ROUTING_POLICY, optional: DOMAIN_DETAILS },
        answer: [decided.agent],
        params: { issueId: issue.id, productId: product.id, step: decided.step },
      };
    });
  },
};
