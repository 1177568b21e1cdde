// MTA — monthly trend analysis (analyst): the month (name, years merged) with strictly the most
// cases of a product in a window (start inclusive, end exclusive). Never None.
import type { Rng } from '../../generator/index.js';
import { phraseWindow, resolveWindow, ymd } from '../time.js';
import type { Draft } from '../types.js';
import { agreeSlots, caseRange, clearLead, PRODUCT_SPREAD, fitsAgreement, DOMAIN_DETAILS, drawLoop, drawWindow, fill, MIN_COUNTED_CASES, todayLine, uniqueArg, type Family, type FamilyContext } from './common.js';
import { ALL_TIME, caseMonth, countCases, monthCounts, monthNamesIn, productCaseIndex, productsWithCases } from './products.js';

export const MONTHLY_TREND_POLICY = [
  '# Monthly trend definition',
  "- The cases of a product are the cases whose order item (OrderItemId__c) is for that product (OrderItem.Product2Id).",
  '- Count the cases of the product whose CreatedDate lies in the period (start inclusive, end exclusive) by month name; months with the same name in different years are counted together.',
  '- The month with significantly more cases is the month whose count is strictly larger than the count of every other month.',
].join('\n');

/**
 * Share of instances whose month is also the store-wide peak month of the window (all products):
 * a product question whose answer is the store's overall peak asks little about the product, so
 * the other instances are drawn where the product's peak differs from the store's.
 */
export const STORE_WIDE_AGREE_SHARE = 0.25;

export const TEMPLATES = [
  'Is there a specific month {when} when the {product} cases we received were significantly higher than in other months? The associated product Id is {pid}. Return only the month name.',
  '{when}, in which month did we receive significantly more cases about the {product} than in any other month? The associated product Id is {pid}. Return only the month name.',
  'Which month shows a spike in cases for the {product} {when}? The product Id is {pid}. Return only the month name.',
  'For the {product} (product Id {pid}), which month had significantly more cases than the others {when}? Return only the month name.',
  'Looking at {when2}, identify the month with significantly more {product} cases than other months. The associated product Id is {pid}. Return only the month name.',
  'Did the {product} get noticeably more cases in one particular month {when}? Name that month. The associated product Id is {pid}. Return only the month name.',
  'Find the month {when} in which cases for the {product} were significantly more numerous than in any other month. The associated product Id is {pid}. Return only the month name.',
  'Which month stands out with the most cases for the {product} {when}? The associated product Id is {pid}. Return only the month name.',
];

export const monthlyTrendAnalysis: Family = {
  task: 'monthly_trend_analysis',
  draw(ctx: FamilyContext): Draft[] {
    const range = caseRange(ctx.store);
    const products = productsWithCases(ctx.store, MIN_COUNTED_CASES);
    if (products.length === 0) throw new Error('no product has cases');
    const agree = agreeSlots(ctx.rng.fork('agree'), ctx.count);
    const index = productCaseIndex(ctx.store);
    const allTime = new Map(products.map((x) => [x.id, countCases(index.get(x.id) ?? [], ALL_TIME, false, caseMonth)]));
    const storeWide = agreeSlots(ctx.rng.fork('store-wide'), ctx.count, STORE_WIDE_AGREE_SHARE);
    const allCases = [...index.values()].flat();
    return drawLoop(ctx.rng, ctx.count, 0, (_wantNone: boolean, rng: Rng, i: number) => {
      const p = rng.weighted(products, products.map((x) => x.cases));
      const { spec, today } = drawWindow(rng, range, {
        relShare: 0.7,
        fortnightShare: 0,
        relUnits: [{ unit: 'month', min: 4, max: 18 }, { unit: 'quarter', min: 2, max: 6 }],
        named: ['quarter', 'season'],
      });
      const w = resolveWindow(spec, today);
      // Pre-filter in memory (clear lead; agreement with the all-time counts of the window's month
      // names, as the slot requires), then the gold by SQL.
      const pre = countCases(index.get(p.id) ?? [], w, false, caseMonth);
      const preBest = uniqueArg(pre, 'max');
      if (preBest === undefined || preBest === 'tie' || !clearLead(pre)) return undefined;
      const names = monthNamesIn(w);
      if (!fitsAgreement(preBest, new Map([...allTime.get(p.id)!].filter(([m]) => names.has(m))), agree.has(i))) return undefined;
      if (!fitsAgreement(preBest, countCases(allCases, w, false, caseMonth), storeWide.has(i))) return undefined;
      const best = uniqueArg(monthCounts(ctx.store, p.id, w), 'max');
      if (best !== preBest || best === undefined || best === 'tie') throw new Error(`MTA: in-memory counts disagree with SQL for ${p.id}`);
      const when = phraseWindow(spec, (xs) => rng.pick(xs));
      return {
        query: fill(rng.pick(TEMPLATES), { when, when2: when.replace(/^(in|during|over) /, ''), product: p.name, pid: p.id }),
        metadata: { required: `${MONTHLY_TREND_POLICY}\n\n${todayLine(today)}`, optional: DOMAIN_DETAILS },
        answer: [best],
        params: { start: w.start.toISOString(), end: w.end.toISOString(), today: ymd(today), productId: p.id },
      };
    }, undefined, PRODUCT_SPREAD);
  },
};
