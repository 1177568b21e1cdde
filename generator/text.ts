// Text from fixtures: case subjects/descriptions, product paraphrases. Shared with tasks/ so a new
// ("unseen") case for case routing reads exactly like the org's cases.
import { CASE_TEMPLATES } from '../fixtures/index.js';
import { PRODUCT_FAMILIES, VARIANT_SUFFIXES } from '../fixtures/index.js';
import type { CaseTemplateFixture, ProductFamilyFixture } from '../fixtures/index.js';
import type { Rng } from './rng.js';

/** Replaces `{name}` placeholders; throws on a placeholder with no value (a fixture typo). */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`no value for ${m} in template: ${template}`);
    return String(v);
  });
}

let byIssue: Map<string, CaseTemplateFixture[]> | undefined;
function templatesFor(issueKey: string): CaseTemplateFixture[] {
  if (!byIssue) {
    byIssue = new Map();
    for (const t of CASE_TEMPLATES) {
      const list = byIssue.get(t.issueKey) ?? [];
      list.push(t);
      byIssue.set(t.issueKey, list);
    }
  }
  const list = byIssue.get(issueKey);
  if (!list || list.length === 0) throw new Error(`no case templates for issue ${issueKey}`);
  return list;
}

export interface CaseTextVars {
  /** Days between purchase and case creation (defaults to a plausible random value). */
  readonly days?: number;
  /** The order's OrderNumber (defaults to a plausible random value). */
  readonly orderNumber?: string;
}

/** Subject and description of a case about `productName` with issue `issueKey`. */
export function caseText(rng: Rng, issueKey: string, productName: string, vars: CaseTextVars = {}): { subject: string; description: string } {
  const t = rng.pick(templatesFor(issueKey));
  const values = {
    product: productName,
    days: vars.days ?? rng.int(1, 20),
    orderNumber: vars.orderNumber ?? String(rng.int(100, 9999)).padStart(8, '0'),
  };
  return { subject: fill(t.subject, values), description: fill(t.description, values) };
}

let familyByName: Map<string, { family: ProductFamilyFixture; base: string }> | undefined;

/** The catalogue family of a product name (with its base name, variant suffix removed). */
export function productFamilyOf(productName: string): { family: ProductFamilyFixture; base: string } | undefined {
  if (!familyByName) {
    familyByName = new Map();
    for (const family of PRODUCT_FAMILIES)
      for (const base of family.names) for (const s of VARIANT_SUFFIXES) familyByName.set(`${base}${s}`, { family, base });
  }
  return familyByName.get(productName);
}

/**
 * How a customer might refer to a product without its exact name: the leading model word plus a
 * paraphrase of the family noun ("Ridgeline trail runners"), or only the paraphrase.
 */
export function paraphrase(rng: Rng, productName: string, opts: { keepModel?: boolean } = {}): string {
  const hit = productFamilyOf(productName);
  if (!hit) return productName.toLowerCase();
  const para = rng.pick(hit.family.paraphrases);
  const keep = opts.keepModel ?? rng.chance(0.5);
  if (!keep) return para;
  const noun = hit.family.noun.toLowerCase();
  const idx = hit.base.toLowerCase().indexOf(noun);
  const model = idx > 0 ? hit.base.slice(0, idx).trim() : hit.base.split(' ')[0]!;
  return `${model} ${para}`;
}
