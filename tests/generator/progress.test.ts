// The progress display's totals are known before an object's rows are written and never change
// mid-run (a total that grows, "OrderItem 14000 / 14063" → "14149 / 14149", misleads the reader).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrgSync } from '../../generator/index.js';

describe('generator progress', () => {
  it('reports one fixed total per object, equal to the rows written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-progress-'));
    try {
      const seen = new Map<string, { totals: Set<number>; last: number }>();
      const r = generateOrgSync({
        seed: 3,
        scale: 0.5,
        out: join(dir, 'org.db'),
        onProgress: (name, done, total) => {
          const s = seen.get(name) ?? { totals: new Set<number>(), last: -1 };
          s.totals.add(total);
          expect(done).toBeGreaterThan(s.last);
          expect(done).toBeLessThanOrEqual(total);
          s.last = done;
          seen.set(name, s);
        },
      });
      expect(seen.size).toBe(Object.keys(r.counts).length);
      for (const [name, s] of seen) {
        expect([...s.totals], name).toEqual([r.counts[name]]);
        expect(s.last, name).toBe(r.counts[name]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
