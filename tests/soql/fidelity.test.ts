// Runs the fidelity corpus (tests/soql/fidelity-corpus.ts): every numbered case against the real
// engine over a real SQLite org — SOQL on the generated test org, SOSL on the SOSL fixture org.
import { afterAll, describe, expect, it } from 'vitest';
import { runFidelityCase, closeFidelityOrgs } from './fidelity-run.js';
import { FIDELITY } from './fidelity-corpus.js';

afterAll(() => closeFidelityOrgs());

describe('fidelity corpus', () => {
  it('numbers are unique and every case names its documentation source', () => {
    const ns = FIDELITY.map((c) => c.n);
    expect(new Set(ns).size).toBe(ns.length);
    for (const c of FIDELITY) expect(c.doc.length, `F${c.n}`).toBeGreaterThan(10);
  });

  it.each(FIDELITY.map((c) => [`F${c.n}`, c] as const))('%s', (_name, c) => {
    const r = runFidelityCase(c);
    expect(r.problem, r.detail).toBeNull();
  });
});
