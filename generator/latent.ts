// Latent variables (docs/org.md "Hidden structure"): drawn from their own sub-streams, used to shape records, never written.
// Everything here is independent of --scale, so tasks can recompute it from the seed alone.
import { ISSUES } from '../fixtures/index.js';
import { makeId, keyPrefix } from '../schema/index.js';
import type { CatalogueProduct } from './catalogue.js';
import type { Rng } from './rng.js';
import { AGENT_COUNT, FIRST_AGENT_USER } from './users.js';

/** US states customers ship to, with rough population weights. */
export const STATES: readonly (readonly [string, number])[] = [
  ['CA', 12], ['TX', 9], ['FL', 7], ['NY', 6], ['PA', 4], ['IL', 4], ['OH', 3.5], ['GA', 3.3],
  ['NC', 3.2], ['MI', 3], ['NJ', 2.8], ['VA', 2.6], ['WA', 2.3], ['AZ', 2.2], ['MA', 2.1], ['TN', 2.1],
  ['IN', 2], ['MO', 1.9], ['MD', 1.9], ['WI', 1.8], ['CO', 1.8], ['MN', 1.7], ['SC', 1.6], ['AL', 1.5],
  ['LA', 1.4], ['KY', 1.4], ['OR', 1.3], ['OK', 1.2], ['CT', 1.1], ['UT', 1], ['IA', 1], ['NV', 1],
];

export interface AgentLatent {
  readonly position: number; // 0-based among agents
  readonly userId: string;
  /** Handle-time multiplier (log-normal, wide spread). */
  readonly skill: number;
  /** Probability that a case this agent owns is transferred to another agent. */
  readonly transferPropensity: number;
  /** Relative share of the general (non-expert) case load. */
  readonly load: number;
  /** Hire day (day number); agents already on staff when the data starts were hired 8 months to 6 years before. */
  readonly hireDay: number;
  /** Last day the agent works (day number), or null when still on staff. */
  readonly leaveDay: number | null;
}

/** One period of a product's defect profile (a revision, a defect introduced or fixed). */
export interface IssueEra {
  /** First purchase day (day number) the era applies to. */
  readonly fromDay: number;
  /** Index into ISSUES of the era's dominant issue. */
  readonly dominantIssue: number;
  /** Probability of each issue (by ISSUES index) for a case on an item bought in this era. */
  readonly issueWeights: readonly number[];
}

export interface ProductLatent {
  /** Index into ISSUES of the dominant issue of the product's first era. */
  readonly dominantIssue: number;
  /** The product's defect profile over time, by purchase day (first era from day 0). */
  readonly eras: readonly IssueEra[];
  /** Relative case rate of the product (mean 1 over the catalogue). */
  readonly defectRate: number;
  /** Defect episodes (a faulty batch, a recall, a promotion that went wrong), in time order. */
  readonly episodes: readonly DefectEpisode[];
}

/** A period in which items bought get cases at a raised rate, mostly of one issue. */
export interface DefectEpisode {
  /** Purchase days [fromDay, toDay] (day numbers). */
  readonly fromDay: number;
  readonly toDay: number;
  /** Index into ISSUES of the episode's issue. */
  readonly issue: number;
}

export interface Latent {
  readonly agents: readonly AgentLatent[];
  /** Per issue (ISSUES index): agent positions of its expert team (1–3 agents, equally senior). */
  readonly issueExperts: readonly (readonly number[])[];
  readonly products: readonly ProductLatent[];
  /** Closure-time multiplier per state code. */
  readonly stateSpeed: ReadonlyMap<string, number>;
  /** Product indexes of the catalogue's bestsellers (a share of all order lines, most of the cases). */
  readonly bestsellers: readonly number[];
  /** Per bestseller (same order): the order days on which it sells as one (launch .. successor). */
  readonly bestsellerLives: readonly BestsellerLife[];
}

/** A bestseller's selling life: launched on `fromDay`, replaced by a successor after `toDay`. */
export interface BestsellerLife {
  readonly product: number;
  readonly fromDay: number;
  readonly toDay: number;
  /** Promotions: order-day spans [from, to] in which it sells PROMOTION_BOOST times as often. */
  readonly promotions: readonly (readonly [number, number])[];
}

/** Shares of agents who join during the data and who leave before its end (never the same agent). */
export const JOINER_SHARE = 0.18;
export const LEAVER_SHARE = 0.12;
/** Experience: an agent's case load ramps from RAMP_START of the full load to all of it over RAMP_DAYS. */
export const RAMP_DAYS = 240;
export const RAMP_START = 0.25;
/** Joiners hired up to this many days into the data may be on an issue's expert team. */
const EXPERT_HIRED_BY_DAYS = 420;
const FIRST_DAY = Date.UTC(2020, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2024, 4, 31) / 86_400_000;

/** Share of an issue's cases that go to one of its expert team as first owner. */
export const EXPERT_TEAM_SHARE = 0.5;
/** Weights of an issue's expert team size 1, 2, 3 (teams of 2–3 tie on Closed cases of the issue). */
export const TEAM_SIZE_WEIGHTS = [0.1, 0.3, 0.6] as const;
/** Share of an era's cases with the era's dominant issue, and with one other typical issue. */
export const DOMINANT_ISSUE_WEIGHT = 0.3;
export const SECOND_ISSUE_WEIGHT = 0.2;
/**
 * Number of bestsellers, their share of order lines (among those on sale that day), the floor of
 * their relative case rate, and the length of their selling life in days (launches staggered so
 * that a few are on sale at any time).
 */
export const BESTSELLER_COUNT = 16;
export const BESTSELLER_LINE_SHARE = 0.25;
export const BESTSELLER_MIN_DEFECT_RATE = 3;
export const BESTSELLER_LIFE_DAYS = [540, 720] as const;
/** Promotions: one per ~half year of a bestseller's life, 3–5 weeks, at this sales multiplier. */
export const PROMOTION_EVERY_DAYS = 150;
export const PROMOTION_BOOST = 6;
/** Case-rate factor of the other products (keeps ≈ 1,000 cases at scale 1). */
export const OTHER_DEFECT_SCALE = 0.6;
/** Case-rate multiplier of items bought during a defect episode, and the share of its cases with its issue. */
export const EPISODE_RATE = 4;
export const EPISODE_ISSUE_SHARE = 0.65;
/** Purchase days over which eras change (2020-01-01 .. 2024-05-31). */
const ERA_FIRST_DAY = Date.UTC(2020, 0, 1) / 86_400_000;
const ERA_LAST_DAY = Date.UTC(2024, 4, 31) / 86_400_000;

export function drawLatent(root: Rng, products: readonly CatalogueProduct[]): Latent {
  const ra = root.fork('latent', 'agents');
  const agents: AgentLatent[] = [];
  const rt = root.fork('latent', 'tenure');
  for (let i = 0; i < AGENT_COUNT; i++) {
    const u = rt.float();
    // Joiners start 3 months in at the earliest and at least 8 months before the data ends;
    // leavers work at least 8 months and leave at least 2 months before the end.
    const hireDay = u < JOINER_SHARE ? rt.int(FIRST_DAY + 90, LAST_DAY - 240) : FIRST_DAY - rt.int(RAMP_DAYS, 6 * 365);
    const leaveDay = u >= JOINER_SHARE && u < JOINER_SHARE + LEAVER_SHARE ? rt.int(FIRST_DAY + 240, LAST_DAY - 60) : null;
    agents.push({
      position: i,
      userId: makeId(keyPrefix('User'), FIRST_AGENT_USER + i),
      skill: ra.logNormal(1, 0.55),
      transferPropensity: Math.min(0.22, Math.max(0.02, ra.logNormal(0.085, 0.45))),
      load: ra.logNormal(1, 0.5),
      hireDay,
      leaveDay,
    });
  }

  // Expert teams: agents on staff to the end (leavers never), hired early enough to build a record.
  const re = root.fork('latent', 'expertise');
  const order = re.shuffle(agents.filter((a) => a.leaveDay === null && a.hireDay <= FIRST_DAY + EXPERT_HIRED_BY_DAYS).map((a) => a.position));
  let next = 0;
  const issueExperts: number[][] = ISSUES.map(() => {
    const size = re.weighted([1, 2, 3], TEAM_SIZE_WEIGHTS);
    return Array.from({ length: size }, () => order[next++]!);
  });

  const bestsellers = root.fork('latent', 'bestsellers').shuffle(products.map((p) => p.index)).slice(0, BESTSELLER_COUNT).sort((a, b) => a - b);
  const bestsellerLives = drawLives(root.fork('latent', 'bestseller-lives'), bestsellers);
  const issueIndex = new Map(ISSUES.map((s, i) => [s.key, i]));
  const productLatent: ProductLatent[] = products.map((p) => {
    const rp = root.fork('latent', 'product', p.index);
    const life = bestsellerLives.find((l) => l.product === p.index);
    // A bestseller's revisions fall inside its selling life (its cases do).
    const [eraLo, eraHi] = life ? [Math.max(ERA_FIRST_DAY, life.fromDay) + 90, Math.min(ERA_LAST_DAY, life.toDay) - 60] : [ERA_FIRST_DAY + 120, ERA_LAST_DAY - 120];
    const typical = p.family.typicalIssues.map((k) => {
      const i = issueIndex.get(k);
      if (i === undefined) throw new Error(`family ${p.family.key}: unknown issue ${k}`);
      return i;
    });
    // 1–3 eras: most products get a revision (or a defect introduced / fixed) that changes the mix.
    const changes = 1 + (rp.chance(0.6) ? 1 : 0);
    const starts = [0, ...Array.from({ length: changes }, () => rp.int(eraLo, Math.max(eraLo, eraHi))).sort((a, b) => a - b)];
    const eras: IssueEra[] = [];
    for (const fromDay of starts) {
      const prev = eras.at(-1)?.dominantIssue;
      const pool = typical.filter((i) => i !== prev);
      // A later era's dominant issue is sometimes outside the family's typical ones (a new defect).
      const dominantIssue = prev !== undefined && rp.chance(0.25) ? rp.pick(ISSUES.map((_, i) => i).filter((i) => i !== prev)) : rp.pick(pool);
      const second = rp.pick(typical.filter((i) => i !== dominantIssue).concat(prev !== undefined && prev !== dominantIssue ? [prev] : []));
      const rest = ISSUES.map((_, i) => i).filter((i) => i !== dominantIssue && i !== second);
      const weights = ISSUES.map(() => 0);
      weights[dominantIssue] = DOMINANT_ISSUE_WEIGHT;
      weights[second] = SECOND_ISSUE_WEIGHT;
      for (const i of rest) weights[i] = (1 - DOMINANT_ISSUE_WEIGHT - SECOND_ISSUE_WEIGHT) / rest.length;
      eras.push({ fromDay, dominantIssue, issueWeights: weights });
    }
    const episodes: DefectEpisode[] = Array.from({ length: rp.int(8, 12) }, () => {
      const fromDay = rp.int(ERA_FIRST_DAY, ERA_LAST_DAY - 20);
      return { fromDay, toDay: fromDay + rp.int(15, 45), issue: rp.int(0, ISSUES.length - 1) };
    }).sort((a, b) => a.fromDay - b.fromDay);
    return { dominantIssue: eras[0]!.dominantIssue, eras, defectRate: rp.logNormal(1, 0.9), episodes };
  });
  const mean = productLatent.reduce((s, p) => s + p.defectRate, 0) / productLatent.length;
  const normalised = productLatent.map((p, i) => ({
    ...p,
    defectRate: bestsellers.includes(i) ? Math.max(BESTSELLER_MIN_DEFECT_RATE, p.defectRate / mean) : (OTHER_DEFECT_SCALE * p.defectRate) / mean,
  }));

  const rs = root.fork('latent', 'states');
  const stateSpeed = new Map(STATES.map(([s]) => [s, rs.logNormal(1, 0.35)]));

  return { agents, issueExperts, products: normalised, stateSpeed, bestsellers, bestsellerLives };
}

/** The era of a product's defect profile that applies to an item bought on `day`. */
export function eraAt(p: ProductLatent, day: number): IssueEra {
  let era = p.eras[0]!;
  for (const e of p.eras) if (e.fromDay <= day) era = e;
  return era;
}

/** The defect episode (if any) covering an item bought on `day`. */
export function episodeAt(p: ProductLatent, day: number): DefectEpisode | undefined {
  return p.episodes.find((e) => e.fromDay <= day && day <= e.toDay);
}

/** Staggered selling lives: launches spread evenly (± a month) from half a year before the data. */
function drawLives(r: Rng, bestsellers: readonly number[]): BestsellerLife[] {
  const order = r.shuffle([...bestsellers]);
  const first = ERA_FIRST_DAY - 180;
  const step = (ERA_LAST_DAY - 240 - first) / Math.max(1, order.length - 1);
  return order
    .map((product, k) => {
      const fromDay = Math.round(first + k * step) + r.int(-30, 30);
      const toDay = fromDay + r.int(BESTSELLER_LIFE_DAYS[0], BESTSELLER_LIFE_DAYS[1]);
      const promotions: [number, number][] = [];
      for (let d = fromDay; d + PROMOTION_EVERY_DAYS <= toDay; d += PROMOTION_EVERY_DAYS) {
        const from = r.int(d, d + PROMOTION_EVERY_DAYS - 35);
        promotions.push([from, from + r.int(21, 35)]);
      }
      return { product, fromDay, toDay, promotions };
    })
    .sort((a, b) => a.product - b.product);
}

/** The bestsellers on sale on order day `day`, with their relative sales weight (promotions). */
export function bestsellersOnSale(latent: Latent, day: number): { products: number[]; weights: number[] } {
  const on = latent.bestsellerLives.filter((l) => l.fromDay <= day && day <= l.toDay);
  return {
    products: on.map((l) => l.product),
    weights: on.map((l) => (l.promotions.some(([a, b]) => a <= day && day <= b) ? PROMOTION_BOOST : 1)),
  };
}

/**
 * An agent's weight for a case created on `day`: 0 outside the tenure (before hire; after leaving,
 * or for a case still open at the end when the agent leaves), else the experience ramp.
 */
export function tenureWeight(a: AgentLatent, day: number, open: boolean): number {
  if (day < a.hireDay) return 0;
  if (a.leaveDay !== null && (open || day > a.leaveDay - 3)) return 0;
  return Math.min(1, RAMP_START + ((1 - RAMP_START) * (day - a.hireDay)) / RAMP_DAYS);
}
