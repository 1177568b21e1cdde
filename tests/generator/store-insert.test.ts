// The generator's trusted bulk-insert path stores exactly what the validating path stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OBJECTS } from '../../schema/index.js';
import { q, Store, type Row } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

const dir = mkdtempSync(join(tmpdir(), 'localforce-insert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Store.insertMany trusted path', () => {
  it('gives the same content hash as the validating path on every object of a generated org', () => {
    const src = Store.open(testOrgPath(), { readonly: true });
    const checked = Store.create(join(dir, 'checked.db'));
    const trusted = Store.create(join(dir, 'trusted.db'));
    for (const o of OBJECTS) {
      const bools = o.fields.filter((f) => f.type === 'boolean').map((f) => f.name);
      // Odd row counts exercise the tail after the last full batch.
      const rows = src.all(`SELECT * FROM ${q(o.name)} ORDER BY "Id" LIMIT 2999`).map((r): Row => {
        const out: Row = { ...r };
        for (const b of bools) out[b] = r[b] === 1;
        return out;
      });
      expect(checked.insertMany(o.name, rows)).toBe(rows.length);
      expect(trusted.insertMany(o.name, rows, { trusted: true })).toBe(rows.length);
    }
    expect(trusted.contentHash()).toBe(checked.contentHash());
    src.close();
    checked.close();
    trusted.close();
  });
});
