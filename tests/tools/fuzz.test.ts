// Seeded fuzz: every tool of every set with arguments of every JSON shape (right names with wrong
// types, wrong names, nesting, huge and odd values). Each call must come back as a result with a
// non-empty observation: no exception, no hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, inputJsonSchema, toolsOf } from '../../server/tools/registry.js';
import { rng } from '../helpers/prng.js';
import { openOrg, type OpenOrg } from './orgs.js';

let org: OpenOrg;
beforeAll(() => {
  org = openOrg(1);
});
afterAll(() => org.store.close());

function valueGen(r: () => number) {
  const atoms: unknown[] = [
    null, true, false, 0, -1, 1.5, 1e300, -1e-300, '', ' ', "O'Brien", '"', '\\', '{', '}', '```', 'FIND {x}', 'SELECT Id FROM Case',
    '2024-02-30T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000+0000', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
    'Winter', 'Q9', 'month', '005000000000001AAA', '500000000000001AAA', '01t000000000001AAA', 'é✓\u0000\u2028', 'x'.repeat(5000),
  ];
  const gen = (depth: number): unknown => {
    const k = r();
    if (depth > 2 || k < 0.55) return atoms[Math.floor(r() * atoms.length)];
    if (k < 0.8) return Array.from({ length: Math.floor(r() * 4) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (const key of ['OwnerId', 'CreatedDate', 'ClosedDate', 'AccountId', 'ShippingState', 'a', 'None']) if (r() < 0.5) o[key] = gen(depth + 1);
    return o;
  };
  return gen;
}

describe('fuzzed arguments', () => {
  for (const set of ['crmarena-full', 'generic'] as const) {
    it(`every ${set} tool answers every shape of argument with an observation`, async () => {
      const r = rng(set === 'generic' ? 11 : 7);
      const gen = valueGen(r);
      let calls = 0;
      for (const tool of toolsOf(set)) {
        const params = Object.keys((inputJsonSchema(tool).properties ?? {}) as object);
        for (let i = 0; i < 40; i++) {
          const args: Record<string, unknown> = {};
          for (const p of params) if (r() < 0.8) args[p] = gen(0);
          if (r() < 0.1) args[`extra${i}`] = gen(0);
          const shaped: unknown = r() < 0.05 ? gen(0) : args;
          const res = await callTool(org.episode, tool.name, shaped, set);
          calls++;
          expect(typeof res.observation, `${tool.name} ${JSON.stringify(shaped)?.slice(0, 200)}`).toBe('string');
          expect(res.observation.length).toBeGreaterThan(0);
          expect(() => JSON.stringify(res.value)).not.toThrow();
        }
      }
      expect(calls).toBe(toolsOf(set).length * 40);
    });
  }
});
