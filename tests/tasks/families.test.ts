// The per-family descriptors (tasks/types.ts TASK_FAMILIES) against what the generator actually draws
// on the shared test org, and the field-type traits (schema/field-types.ts) against the stored org.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeField, OBJECTS, schema, traitsOf } from '../../schema/index.js';
import { q, Store } from '../../server/store/index.js';
import { generateTasks } from '../../tasks/generate.js';
import { idPrefixes, scoreAnswer } from '../../tasks/score.js';
import { NONE_FAMILIES, TASK_CODES, TASK_FAMILIES, TASK_IDS, taskIdOf, type Instance } from '../../tasks/types.js';
import { testOrgPath } from '../helpers/org.js';

const PER_TASK = 20;
let store: Store;
let instances: Instance[];

beforeAll(async () => {
  store = Store.open(testOrgPath(), { readonly: true });
  instances = await generateTasks(store, { perTask: PER_TASK, seed: 3 });
});
afterAll(() => store.close());

describe('task family descriptors', () => {
  it('codes are unique three-letter codes, and taskIdOf accepts codes and ids in any case', () => {
    const codes = TASK_IDS.map((t) => TASK_CODES[t]);
    expect(new Set(codes).size).toBe(TASK_IDS.length);
    for (const t of TASK_IDS) {
      expect(TASK_CODES[t]).toMatch(/^[A-Z]{3}$/);
      expect(taskIdOf(TASK_FAMILIES[t].code)).toBe(t);
      expect(taskIdOf(TASK_FAMILIES[t].code.toLowerCase())).toBe(t);
      expect(taskIdOf(t.toUpperCase())).toBe(t);
    }
    expect(taskIdOf('KQA')).toBe('knowledge_qa');
    expect(taskIdOf('XYZ')).toBeUndefined();
  });

  it('every drawn instance carries its family persona, metric and code', () => {
    for (const x of instances) {
      const f = TASK_FAMILIES[x.task];
      expect(x.persona, x.id).toBe(f.persona);
      expect(x.reward_metric, x.id).toBe(f.metric);
      expect(x.id.startsWith(`${f.code.toLowerCase()}-`), x.id).toBe(true);
    }
  });

  it('gold Ids start with the key prefix of the family idObject, and None shares match', () => {
    for (const t of TASK_IDS) {
      const f = TASK_FAMILIES[t];
      const xs = instances.filter((x) => x.task === t);
      expect(xs).toHaveLength(PER_TASK);
      const nones = xs.filter((x) => x.answer[0] === 'None').length;
      expect(nones, t).toBe(Math.round(f.noneShare * PER_TASK));
      expect(NONE_FAMILIES.includes(t)).toBe(f.noneShare > 0);
      if (!f.idObject) continue;
      const prefix = schema.object(f.idObject)!.def.keyPrefix;
      for (const x of xs) for (const a of x.answer) if (a !== 'None') expect(a.slice(0, 3), x.id).toBe(prefix);
      expect([...idPrefixes(t, [])]).toEqual([prefix]);
    }
  });

  it('the scorer gives the gold answer 1 and an Id of another object 0', () => {
    for (const x of instances) {
      const gold = x.answer.join(', ');
      expect(scoreAnswer(x.task, x.reward_metric, x.answer, gold).reward, x.id).toBe(1);
    }
    const ncr = instances.find((x) => x.task === 'case_routing')!;
    const caseId = String(store.get('SELECT Id FROM "Case" LIMIT 1')!.Id);
    expect(scoreAnswer(ncr.task, ncr.reward_metric, ncr.answer, `The case ${caseId} should go to nobody`).reward).toBe(0);
  });
});

describe('field type traits', () => {
  it('each column is declared with its storage type and every stored value has it', () => {
    const sqliteTypeOf = { TEXT: 'text', INTEGER: 'integer', REAL: 'real' } as const;
    for (const o of OBJECTS) {
      const declared = new Map(store.all(`PRAGMA table_info(${q(o.name)})`).map((r) => [String(r.name), String(r.type)]));
      for (const f of o.fields) {
        const t = traitsOf(f.type);
        expect(declared.get(f.name), `${o.name}.${f.name}`).toBe(t.storage);
        const kinds = store.allRaw(`SELECT DISTINCT typeof(${q(f.name)}) FROM ${q(o.name)}`).map((r) => r[0]);
        for (const k of kinds) expect(['null', sqliteTypeOf[t.storage]], `${o.name}.${f.name}`).toContain(k);
      }
    }
  });

  it('describe reports the soapType and text lengths of the table', () => {
    for (const o of OBJECTS) {
      for (const f of o.fields) {
        const d = describeField(f);
        const t = traitsOf(f.type);
        expect(d.soapType, `${o.name}.${f.name}`).toBe(t.soapType);
        if (t.textual) expect(d.byteLength).toBe(3 * f.length);
        if (!t.textual && t.compare !== 'id') expect(d.length).toBe(0);
      }
    }
  });
});
