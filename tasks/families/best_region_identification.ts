// BRI — best region identification (analyst): the shipping state with the lowest average closure
// time of cases created in a window (CRMArena's calculate_region_average_closure_times).
import type { Rng } from '../../generator/index.js';
import type { Store } from '../../server/store/index.js';
import { iso, phraseWindow, resolveWindow, ymd, type Window } from '../time.js';
import type { Draft } from '../types.js';
import { caseRange, DOMAIN_DETAILS, drawLoop, drawWindow, fill, todayLine, uniqueArg, type Family, type FamilyContext } from './common.js';

export const REGION_POLICY = [
  '# Closure time by region',
  "- Consider the cases with Status = 'Closed' whose CreatedDate lies in the period (start inclusive, end exclusive).",
  "- A case's region is the ShippingState of its account (Case.AccountId → Account.ShippingState); its closure time is ClosedDate minus CreatedDate.",
  '- The state with the quickest case closures is the state with the lowest average closure time.',
].join('\n');

export const TEMPLATES = [
  'Which state has the quickest case closures {when}? Return only the two-letter abbreviation of the state (e.g. CA).',
  '{when}, in which state were cases closed the fastest on average? Return only the two-letter abbreviation of the state (e.g. CA).',
  'Identify the region with the lowest average case closure time {when}. Return only the two-letter abbreviation of the state (e.g. CA).',
  'Where did we close customer cases most quickly {when}? Return only the two-letter state abbreviation (e.g. CA).',
  'Looking at {when2}, which shipping state had the shortest average time to close a case? Return only the two-letter abbreviation of the state (e.g. CA).',
  'Which states have the quickest case closures {when}? Return only the two-letter abbreviation of the most matching state (e.g. CA).',
  'Find the state whose cases were resolved fastest on average {when}. Return only the two-letter abbreviation of the state (e.g. CA).',
  'Which region stands out for the fastest case closures {when}? Return only the two-letter abbreviation of the state (e.g. CA).',
];

/** Average closure time in seconds per ShippingState. */
export function regionClosureTimes(store: Store, w: Window): Map<string, number> {
  return new Map([...regionStats(store, w)].map(([k, s]) => [k, s.t / s.n]));
}

/** Draws keep windows with at least this many closed cases (a comparison of regions needs a sample). */
export const MIN_WINDOW_CASES = 30;

/** Total closure seconds and closed case count per ShippingState. */
export function regionStats(store: Store, w: Window): Map<string, { t: number; n: number }> {
  const rows = store.all(
    `SELECT a."ShippingState" AS st, c."CreatedDate" AS created, c."ClosedDate" AS closed FROM "Case" c JOIN "Account" a ON a."Id" = c."AccountId"
     WHERE c."Status" = 'Closed' AND c."CreatedDate" >= ? AND c."CreatedDate" < ? AND c."ClosedDate" IS NOT NULL AND a."ShippingState" IS NOT NULL`,
    [iso(w.start), iso(w.end)],
  ) as { st: string; created: string; closed: string }[];
  const sums = new Map<string, { t: number; n: number }>();
  for (const r of rows) {
    const s = sums.get(r.st) ?? { t: 0, n: 0 };
    s.t += (Date.parse(r.closed) - Date.parse(r.created)) / 1000;
    s.n++;
    sums.set(r.st, s);
  }
  return sums;
}

export const bestRegionIdentification: Family = {
  task: 'best_region_identification',
  draw(ctx: FamilyContext): Draft[] {
    const range = caseRange(ctx.store);
    return drawLoop(ctx.rng, ctx.count, 0, (_wantNone: boolean, rng: Rng) => {
      const { spec, today } = drawWindow(rng, range, {
        relUnits: [{ unit: 'month', min: 1, max: 12 }, { unit: 'quarter', min: 1, max: 4 }, { unit: 'week', min: 2, max: 12 }, { unit: 'day', min: 14, max: 90 }],
      });
      const w = resolveWindow(spec, today);
      const stats = regionStats(ctx.store, w);
      const best = uniqueArg(new Map([...stats].map(([k, s]) => [k, s.t / s.n])), 'min', 1);
      if (best === undefined || best === 'tie' || [...stats.values()].reduce((a, s) => a + s.n, 0) < MIN_WINDOW_CASES) return undefined;
      const when = phraseWindow(spec, (xs) => rng.pick(xs));
      return {
        query: fill(rng.pick(TEMPLATES), { when, when2: when.replace(/^(in|during|over) /, '') }),
        metadata: { required: `${REGION_POLICY}\n\n${todayLine(today)}`, optional: DOMAIN_DETAILS },
        answer: [best],
        params: { start: w.start.toISOString(), end: w.end.toISOString(), today: ymd(today) },
      };
    });
  },
};
