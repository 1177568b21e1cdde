// Latent variables (docs/org.md "Hidden structure"): drawn from their own sub-streams, used to shape records, never written.
// Everything here is independent of --scale, so tasks can recompute it from the seed alone.
import { ISSUES } from '../fixtures/issues.js';
import { makeId } from '../schema/index.js';
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
}

export interface ProductLatent {
  /** Index into ISSUES of the product's dominant issue. */
  readonly dominantIssue: number;
  /** Probability of each issue (by ISSUES index) for a case on this product. */
  readonly issueWeights: readonly number[];
  /** Relative case rate of the product (mean 1 over the catalogue). */
  readonly defectRate: number;
}

export interface Latent {
  readonly agents: readonly AgentLatent[];
  /** Per issue (ISSUES index): agent positions of its experts, primary first (1 or 2). */
  readonly issueExperts: readonly (readonly number[])[];
  readonly products: readonly ProductLatent[];
  /** Closure-time multiplier per state code. */
  readonly stateSpeed: ReadonlyMap<string, number>;
}

/** Share of an issue's cases that go to its primary / secondary expert as first owner. */
export const PRIMARY_EXPERT_SHARE = 0.4;
export const SECONDARY_EXPERT_SHARE = 0.15;
export const DOMINANT_ISSUE_WEIGHT = 0.85;

export function drawLatent(root: Rng, products: readonly CatalogueProduct[]): Latent {
  const ra = root.fork('latent', 'agents');
  const agents: AgentLatent[] = [];
  for (let i = 0; i < AGENT_COUNT; i++) {
    agents.push({
      position: i,
      userId: makeId('005', FIRST_AGENT_USER + i),
      skill: ra.logNormal(1, 0.55),
      transferPropensity: Math.min(0.4, Math.max(0.01, ra.logNormal(0.085, 0.7))),
      load: ra.logNormal(1, 0.5),
    });
  }

  const re = root.fork('latent', 'expertise');
  const order = re.shuffle(agents.map((a) => a.position));
  let next = 0;
  const issueExperts: number[][] = ISSUES.map(() => [order[next++]!]);
  for (const experts of issueExperts) if (re.chance(0.5)) experts.push(order[next++]!);

  const issueIndex = new Map(ISSUES.map((s, i) => [s.key, i]));
  const productLatent: ProductLatent[] = products.map((p) => {
    const rp = root.fork('latent', 'product', p.index);
    const typical = p.family.typicalIssues.map((k) => {
      const i = issueIndex.get(k);
      if (i === undefined) throw new Error(`family ${p.family.key}: unknown issue ${k}`);
      return i;
    });
    const dominantIssue = rp.pick(typical);
    const others = typical.filter((i) => i !== dominantIssue);
    const rest = ISSUES.map((_, i) => i).filter((i) => i !== dominantIssue && !others.includes(i));
    const weights = ISSUES.map(() => 0);
    weights[dominantIssue] = DOMINANT_ISSUE_WEIGHT;
    const typicalShare = 0.12;
    for (const i of others) weights[i] = typicalShare / others.length;
    for (const i of rest) weights[i] = (1 - DOMINANT_ISSUE_WEIGHT - typicalShare) / rest.length;
    return { dominantIssue, issueWeights: weights, defectRate: rp.logNormal(1, 0.6) };
  });
  const mean = productLatent.reduce((s, p) => s + p.defectRate, 0) / productLatent.length;
  const normalised = productLatent.map((p) => ({ ...p, defectRate: p.defectRate / mean }));

  const rs = root.fork('latent', 'states');
  const stateSpeed = new Map(STATES.map(([s]) => [s, rs.logNormal(1, 0.35)]));

  return { agents, issueExperts, products: normalised, stateSpeed };
}
