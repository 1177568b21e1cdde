// Invariants of the structural fixtures (catalogue, issues) that generator and tasks rely on.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, PRODUCT_COUNT, PRODUCT_FAMILIES } from '../../fixtures/catalogue.js';
import { ISSUES } from '../../fixtures/issues.js';
import { POLICY_ARTICLES } from '../../fixtures/policies.js';
import { expandPricebooks, expandProducts } from '../../generator/catalogue.js';
import { Rng } from '../../generator/rng.js';
import { caseText, paraphrase, productFamilyOf } from '../../generator/text.js';

describe('catalogue fixtures', () => {
  const products = expandProducts(Rng.root(1));

  it('expands into exactly 500 uniquely named products in 12 categories', () => {
    expect(products).toHaveLength(PRODUCT_COUNT);
    expect(new Set(products.map((p) => p.name)).size).toBe(PRODUCT_COUNT);
    expect(CATEGORIES).toHaveLength(12);
    const links = products.reduce((s, p) => s + p.categories.length, 0);
    expect(links).toBeGreaterThan(700);
    expect(links).toBeLessThan(820);
  });

  it('every product name contains its family key noun (what NED candidates match on)', () => {
    for (const p of products) expect(p.name.toLowerCase(), p.name).toContain(p.family.noun.toLowerCase());
  });

  it('families have look-alikes: several products share a noun, model words recur across families', () => {
    for (const f of PRODUCT_FAMILIES) {
      expect(f.names.length, f.key).toBeGreaterThanOrEqual(6);
      expect(f.paraphrases.length, f.key).toBeGreaterThanOrEqual(3);
      expect(f.priceRange[0]).toBeLessThan(f.priceRange[1]);
      for (const c of f.categories) expect(CATEGORIES.some((x) => x.name === c && x.parent !== null), c).toBe(true);
      for (const i of f.typicalIssues) expect(ISSUES.some((x) => x.key === i), i).toBe(true);
    }
    const models = new Map<string, number>();
    for (const f of PRODUCT_FAMILIES) for (const n of f.names) models.set(n.split(' ')[0]!, (models.get(n.split(' ')[0]!) ?? 0) + 1);
    expect([...models.values()].filter((n) => n >= 3).length).toBeGreaterThan(10);
  });

  it('every issue is typical of some family and has a policy article with a limited rule', () => {
    for (const s of ISSUES) {
      expect(PRODUCT_FAMILIES.some((f) => f.typicalIssues.includes(s.key)), s.key).toBe(true);
      const p = POLICY_ARTICLES.find((a) => a.key === s.policyKey);
      expect(p?.issueKey, s.key).toBe(s.key);
      expect(p!.rules.some((r) => r.maxDaysSincePurchase !== undefined || r.maxAmount !== undefined)).toBe(true);
    }
  });

  it('45 price books, 44 with entries for every product', () => {
    const books = expandPricebooks(Rng.root(1));
    expect(books).toHaveLength(45);
    expect(books.filter((b) => b.discount > 0)).toHaveLength(44);
    expect(books.filter((b) => b.isStandard)).toHaveLength(1);
  });

  it('text helpers: caseText names the product; paraphrase keeps the family recognisable', () => {
    const r = Rng.root(3).fork('test');
    for (const s of ISSUES) {
      const t = caseText(r, s.key, 'Ridgeline Trail Jacket');
      expect(`${t.subject} ${t.description}`).toContain('Ridgeline Trail Jacket');
      expect(`${t.subject} ${t.description}`).not.toMatch(/\{\w+\}/);
    }
    const fam = productFamilyOf('Ridgeline Trail Jacket Pro')!;
    expect(fam.family.key).toBe('trail_jacket');
    expect(fam.base).toBe('Ridgeline Trail Jacket');
    const p = paraphrase(r, 'Ridgeline Trail Jacket Pro', { keepModel: true });
    expect(p.startsWith('Ridgeline ')).toBe(true);
    expect(fam.family.paraphrases.some((x) => p.endsWith(x))).toBe(true);
  });
});
