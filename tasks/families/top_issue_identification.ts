// TII — top issue identification (analyst): the most reported issue of a product in a window.
import type { Rng } from '../../generator/index.js';
import { phraseWindow, resolveWindow, ymd } from '../time.js';
import type { Draft } from '../types.js';
import {
  agreeSlots, caseRange, clearLead, PRODUCT_SPREAD, fitsAgreement, DOMAIN_DETAILS, drawLoop, drawWindow, fill, NO_ANSWER, noneQuota, todayLine, uniqueArg,
  type Family, type FamilyContext,
} from './common.js';
import { ALL_TIME, countCases, issueCounts, productCaseIndex, productsWithCases } from './products.js';

export const TOP_ISSUE_POLICY = [
  '# Top issue definition',
  "- The cases of a product are the cases whose order item (OrderItemId__c) is for that product (OrderItem.Product2Id).",
  '- Count the cases of the product whose CreatedDate lies in the period (start and end inclusive) by their issue (IssueId__c); the top issue is the issue with the most cases.',
  '- If the product has no case in the period, the answer is None.',
].join('\n');

/** Products asked about have at least this many cases all time. */
export const ASKED_PRODUCT_MIN_CASES = 20;

export const TEMPLATES = [
  'What is the most common issue reported for the {product} {when}? The associated product Id is {pid}. Return only the Id of the issue.',
  '{when}, which issue came up most often in cases about the {product}? The associated product Id is {pid}. Return only the issue Id of the most reported issue for this product.',
  'For the {product} (product Id {pid}), what was the most reported issue {when}? Return only the Id of the issue.',
  'Identify the top issue customers reported about the {product} {when}. The associated product Id is {pid}. Return only the Id of the issue.',
  'Which issue was raised the most for the {product} {when}? The product Id is {pid}. Return only the issue Id.',
  'Looking at {when2}, what is the most frequent issue in cases for the {product}? The associated product Id is {pid}. Return only the Id of the issue.',
  'Tell me the issue most often reported for the {product} {when}. The associated product Id is {pid}. Return only the Id of the issue.',
  'What problem did customers report most frequently with the {product} {when}? The associated product Id is {pid}. Return only the issue Id of the most reported issue.',
];

export const topIssueIdentification: Family = {
  task: 'top_issue_identification',
  draw(ctx: FamilyContext): Draft[] {
    const range = caseRange(ctx.store);
    // Answered and None instances ask about the same products: ones with a history worth counting
    // (a None instance about a product with a handful of cases would give itself away).
    const products = productsWithCases(ctx.store, ASKED_PRODUCT_MIN_CASES);
    if (products.length === 0) throw new Error('no product has cases');
    const agree = agreeSlots(ctx.rng.fork('agree'), ctx.count);
    const index = productCaseIndex(ctx.store);
    const byIssue = (c: { issue: string | null }) => c.issue;
    const allTime = new Map(products.map((x) => [x.id, countCases(index.get(x.id) ?? [], ALL_TIME, true, byIssue)]));
    return drawLoop(ctx.rng, ctx.count, noneQuota(ctx.count, 'top_issue_identification'), (wantNone: boolean, rng: Rng, i: number) => {
      const p = rng.weighted(products, products.map((x) => x.cases));
      const { spec, today } = drawWindow(rng, range, {
        relUnits: [{ unit: 'month', min: 2, max: 12 }, { unit: 'quarter', min: 1, max: 4 }, { unit: 'week', min: 4, max: 16 }, { unit: 'day', min: 30, max: 120 }],
        named: ['month', 'quarter', 'quarter', 'season', 'season'],
      });
      const w = resolveWindow(spec, today);
      // Pre-filter in memory (clear lead, all-time agreement of the slot), then the gold by SQL.
      const pre = countCases(index.get(p.id) ?? [], w, true, byIssue);
      const preBest = uniqueArg(pre, 'max');
      if ((preBest === undefined) !== wantNone) return undefined;
      if (preBest === 'tie' || (preBest !== undefined && (!clearLead(pre) || !fitsAgreement(preBest, allTime.get(p.id)!, agree.has(i))))) return undefined;
      const best = uniqueArg(issueCounts(ctx.store, p.id, w), 'max');
      if (best !== preBest) throw new Error(`TII: in-memory counts disagree with SQL for ${p.id}`);
      const when = phraseWindow(spec, (xs) => rng.pick(xs));
      return {
        query: fill(rng.pick(TEMPLATES), { when, when2: when.replace(/^(in|during|over) /, ''), product: p.name, pid: p.id }),
        metadata: { required: `${TOP_ISSUE_POLICY}\n\n${todayLine(today)}`, optional: DOMAIN_DETAILS },
        answer: [best ?? NO_ANSWER],
        params: { start: w.start.toISOString(), end: w.end.toISOString(), today: ymd(today), productId: p.id },
      };
    }, undefined, PRODUCT_SPREAD);
  },
};
