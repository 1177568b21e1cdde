// Same seed + scale → same content hash; another seed → another org; volumes scale linearly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../generator/index.js';
import { Rng } from '../../generator/rng.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

const dir = mkdtempSync(join(tmpdir(), 'localforce-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('determinism', () => {
  it('same seed and scale give the same hash; a different seed gives a different one', async () => {
    const a = await generateOrg({ seed: 5, scale: 0.2, out: join(dir, 'a.db') });
    const b = await generateOrg({ seed: 5, scale: 0.2, out: join(dir, 'b.db') });
    const c = await generateOrg({ seed: 6, scale: 0.2, out: join(dir, 'c.db') });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(b.counts).toEqual(a.counts);
    expect(c.hash).not.toBe(a.hash);
    const s = Store.open(join(dir, 'b.db'), { readonly: true });
    expect(s.contentHash()).toBe(a.hash);
    expect(s.getMeta('hash')).toBe(a.hash);
    s.close();
  });

  it('the shared test org (seed 1, scale 1) regenerates to the same hash', async () => {
    const shared = Store.open(testOrgPath(), { readonly: true });
    const hash = shared.getMeta('hash');
    shared.close();
    const again = await generateOrg({ seed: 1, scale: 1, out: join(dir, 'again.db') });
    expect(again.hash).toBe(hash);
  });

  it('refuses to overwrite without force and leaves no temporary file behind', async () => {
    await expect(generateOrg({ seed: 5, scale: 0.2, out: join(dir, 'a.db') })).rejects.toThrow(/already exists/);
    await expect(generateOrg({ seed: -1, scale: 1, out: join(dir, 'x.db') })).rejects.toThrow(/seed/);
    await expect(generateOrg({ seed: 1, scale: 0, out: join(dir, 'x.db') })).rejects.toThrow(/scale/);
    await expect(generateOrg({ seed: 1, scale: 1, out: join(dir, 'missing', 'x.db') })).rejects.toThrow();
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('sub-streams are independent and reproducible', () => {
    const r = Rng.root(1);
    const a1 = r.fork('orders').float();
    r.fork('users').float();
    expect(Rng.root(1).fork('orders').float()).toBe(a1);
    expect(Rng.root(2).fork('orders').float()).not.toBe(a1);
  });
});

describe('scale', () => {
  it('scale 2 doubles transactional volumes and keeps the catalogue and users fixed', async () => {
    const one = Store.open(testOrgPath(), { readonly: true });
    const r2 = await generateOrg({ seed: 1, scale: 2, out: join(dir, 'scale2.db') });
    for (const name of ['Account', 'Order', 'OrderItem', 'Case', 'CaseHistory__c', 'EmailMessage', 'LiveChatTranscript']) {
      const ratio = r2.counts[name]! / one.count(name);
      expect(ratio, name).toBeGreaterThan(1.8);
      expect(ratio, name).toBeLessThan(2.2);
    }
    for (const name of ['User', 'Product2', 'ProductCategory', 'ProductCategoryProduct', 'Pricebook2', 'PricebookEntry', 'Issue__c', 'Knowledge__kav', 'Organization'])
      expect(r2.counts[name], name).toBe(one.count(name));
    one.close();
  });
});
