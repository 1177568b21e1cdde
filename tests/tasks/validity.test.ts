// Validity of the generated benchmark (tasks.md): gold answers score 1 and wrong ones 0, no ties
// (ground truth recomputed with tie detection), None shares, answer spread, determinism, and the
// same properties on a second org seed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrgSync } from '../../generator/index.js';
import { recoverTruth } from '../../generator/truth.js';
import { Store } from '../../server/store/index.js';
import { agentSchema, toCrmArena } from '../../tasks/export.js';
import { averageHandleTimes, transferCounts } from '../../tasks/families/agents.js';
import { regionClosureTimes } from '../../tasks/families/best_region_identification.js';
import { route } from '../../tasks/families/case_routing.js';
import { uniqueArg } from '../../tasks/families/common.js';
import { articlesByKey } from '../../tasks/families/knowledge_qa.js';
import { candidateProducts, purchasedOn } from '../../tasks/families/named_entity_disambiguation.js';
import { issueCounts, monthCounts } from '../../tasks/families/products.js';
import { generateTasks } from '../../tasks/generate.js';
import { scoreAnswer } from '../../tasks/score.js';
import { addUnits, parseYmd, ymd, type Unit } from '../../tasks/time.js';
import { NONE_FAMILIES, TASK_IDS, type Instance } from '../../tasks/types.js';
import { testOrgPath } from '../helpers/org.js';
import * as NCR from '../../tasks/families/case_routing.js';
import * as HTU from '../../tasks/families/handle_time.js';
import * as TCU from '../../tasks/families/transfer_count.js';
import * as NED from '../../tasks/families/named_entity_disambiguation.js';
import * as PVI from '../../tasks/families/policy_violation_identification.js';
import * as KQA from '../../tasks/families/knowledge_qa.js';
import * as TII from '../../tasks/families/top_issue_identification.js';
import * as MTA from '../../tasks/families/monthly_trend_analysis.js';
import * as BRI from '../../tasks/families/best_region_identification.js';

const PER_TASK = 130;

function w(p: Instance['params']) {
  return { start: new Date(String(p.start)), end: new Date(String(p.end)) };
}

/** Recomputes an instance's answer from its params with tie detection (eps 0). */
function recompute(store: Store, x: Instance, truth: ReturnType<typeof recoverTruth>): string | 'tie' {
  const p = x.params;
  const arg = (m: Map<string, number>, dir: 'min' | 'max') => uniqueArg(m, dir) ?? 'None';
  switch (x.task) {
    case 'handle_time':
      return arg(averageHandleTimes(store, w(p), Number(p.n)), p.extrema as 'min' | 'max');
    case 'transfer_count':
      return arg(transferCounts(store, w(p), Number(p.n)), p.extrema as 'min' | 'max');
    case 'top_issue_identification':
      return arg(issueCounts(store, String(p.productId), w(p)), 'max');
    case 'monthly_trend_analysis':
      return arg(monthCounts(store, String(p.productId), w(p)), 'max');
    case 'best_region_identification':
      return arg(regionClosureTimes(store, w(p)), 'min');
    case 'case_routing':
      return route(store, String(p.issueId), String(p.productId))?.agent ?? 'tie';
    case 'named_entity_disambiguation': {
      expect(ymd(addUnits(parseYmd(String(p.today)), -Number(p.n), p.unit as Unit))).toBe(p.purchaseDate);
      const bought = purchasedOn(store, String(p.accountId), String(p.purchaseDate), candidateProducts(store, String(p.noun)));
      return bought.length > 1 ? 'tie' : bought[0] ?? 'None';
    }
    case 'policy_violation_identification':
      return truth.violations.get(String(p.caseId)) ?? 'None';
    case 'knowledge_qa':
      return x.answer[0]!;
  }
}

function checkProperties(store: Store, instances: Instance[]) {
  const truth = recoverTruth(store);
  expect(instances).toHaveLength(PER_TASK * TASK_IDS.length);
  for (const task of TASK_IDS) {
    const xs = instances.filter((x) => x.task === task);
    expect(xs, task).toHaveLength(PER_TASK);
    const nones = xs.filter((x) => x.answer[0] === 'None').length;
    if (NONE_FAMILIES.includes(task)) expect(Math.abs(nones - Math.round(0.3 * PER_TASK)), task).toBeLessThanOrEqual(1);
    else expect(nones, task).toBe(0);
    // Distinct drawn parameters.
    expect(new Set(xs.map((x) => JSON.stringify(x.params))).size, task).toBe(PER_TASK);
  }
  for (const x of instances) {
    expect(recompute(store, x, truth), `${x.id} ${x.query}`).toBe(x.answer[0]);
    expect(x.answer).toHaveLength(1);
  }
}

describe('benchmark validity (seed-1 test org)', () => {
  let store: Store;
  let instances: Instance[];
  beforeAll(async () => {
    store = Store.open(testOrgPath(), { readonly: true });
    instances = await generateTasks(store, { perTask: PER_TASK, seed: 1 });
  });
  afterAll(() => store?.close());

  it('draws 130 instances per family with exact None shares, no ties, and ground truth that recomputes', () => {
    checkProperties(store, instances);
  });

  it('gold answers score 1; empty and wrong answers score 0', () => {
    const otherId = (gold: string) => (gold.startsWith('005') ? '005000000000999AAA' : gold.slice(0, 3) + '000000000999AAA');
    for (const x of instances) {
      const gold = x.answer[0]!;
      expect(scoreAnswer(x.task, x.reward_metric, x.answer, gold).reward, x.id).toBe(1);
      expect(scoreAnswer(x.task, x.reward_metric, x.answer, '').reward, x.id).toBe(0);
      let wrong: string;
      if (x.task === 'knowledge_qa') wrong = 'I do not know';
      else if (x.task === 'monthly_trend_analysis') wrong = gold === 'July' ? 'August' : 'July';
      else if (x.task === 'best_region_identification') wrong = gold === 'ZZ' ? 'CA' : gold === 'WY' ? 'CA' : 'WY';
      else if (gold === 'None') wrong = otherId(x.task === 'policy_violation_identification' ? 'ka0' : x.task === 'top_issue_identification' ? 'a1M' : x.task === 'named_entity_disambiguation' ? '01t' : '005');
      else wrong = x.answer[0] === 'None' ? otherId('005') : 'None';
      expect(scoreAnswer(x.task, x.reward_metric, x.answer, wrong).reward, `${x.id} ${wrong}`).toBe(0);
    }
  });

  it('answers are not degenerate', () => {
    const answers = (t: string) => instances.filter((x) => x.task === t && x.answer[0] !== 'None').map((x) => x.answer[0]!);
    expect(new Set(answers('case_routing')).size).toBeGreaterThanOrEqual(5);
    expect(new Set(answers('best_region_identification')).size).toBeGreaterThanOrEqual(10);
    expect(new Set(answers('monthly_trend_analysis')).size).toBeGreaterThanOrEqual(5);
    expect(new Set(answers('handle_time')).size).toBeGreaterThanOrEqual(10);
    expect(new Set(answers('top_issue_identification')).size).toBeGreaterThanOrEqual(5);
    expect(new Set(answers('named_entity_disambiguation')).size).toBeGreaterThanOrEqual(30);
    expect(new Set(answers('policy_violation_identification')).size).toBeGreaterThanOrEqual(5);
    expect(new Set(answers('knowledge_qa')).size).toBeGreaterThanOrEqual(60);
  });

  it('every family has at least 8 templates', () => {
    for (const m of [NCR, HTU, TCU, NED, PVI, KQA, TII, MTA, BRI]) expect(m.TEMPLATES.length).toBeGreaterThanOrEqual(8);
  });

  it('queries use several phrasings, end in the answer format and hide the parameters', () => {
    for (const task of TASK_IDS) {
      const xs = instances.filter((x) => x.task === task);
      // Phrasings: the query with Ids, numbers, names and time expressions blanked out.
      const shapes = new Set(xs.map((x) => x.query.split('\n')[0]!.replace(/\b\w*\d\w*\b/g, '#').split(/[,.?;:]/)[0]!.slice(0, 25)));
      expect(shapes.size, task).toBeGreaterThanOrEqual(task === 'knowledge_qa' ? 4 : 6);
      for (const x of xs) {
        if (task !== 'knowledge_qa') expect(x.query, x.id).toMatch(/Return only the[^.]*\.|Return only the[^.]*$/);
        expect(x.query).not.toMatch(/params|undefined|\{\w+\}/);
        expect(x.metadata.required.length).toBeGreaterThan(20);
        expect(x.metadata.optional).toContain('Winter');
      }
    }
    expect(instances.filter((x) => x.task === 'handle_time' || x.task === 'transfer_count' || x.task === 'top_issue_identification').every((x) => /Today's date: \d{4}-\d{2}-\d{2}/.test(x.metadata.required))).toBe(true);
    expect(instances.filter((x) => x.task === 'named_entity_disambiguation').every((x) => /Contact Id interacting: 003\w{15}/.test(x.metadata.required))).toBe(true);
    expect(instances.filter((x) => x.task === 'policy_violation_identification').every((x) => /Case Id to be considered is: 500\w{15}/.test(x.metadata.required))).toBe(true);
  });

  it('covers varied time expressions', () => {
    const q = instances.map((x) => x.query).join('\n');
    for (const re of [/in the past \d+ months/, /over the last \w+ quarters/, /during Winter \d{4}/, /in Q[1-4] of \d{4}/, /a fortnight ago/, /past fortnight|last fortnight/])
      expect(q).toMatch(re);
  });

  it('new routing cases are not in the org', () => {
    for (const x of instances.filter((i) => i.task === 'case_routing')) {
      const subject = /Case Subject: (.*)/.exec(x.query)![1]!;
      const description = /Case Description: (.*)/.exec(x.query)![1]!;
      expect(store.get(`SELECT 1 AS x FROM "Case" WHERE "Subject" = ? AND "Description" = ?`, [subject, description])).toBeUndefined();
    }
  });

  it('knowledge QA gold answers are stated by their article', () => {
    const byId = new Map([...articlesByKey(store).values()].map((a) => [a.id, a.text]));
    for (const x of instances.filter((i) => i.task === 'knowledge_qa')) expect(byId.get(String(x.params.articleId))).toContain(x.answer[0]!.toLowerCase().replace(/&/g, '&'));
  });

  it('is deterministic for the same org and seed, and differs for another task seed', async () => {
    const again = await generateTasks(store, { perTask: PER_TASK, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(instances));
    const other = await generateTasks(store, { perTask: 20, seed: 2, tasks: ['handle_time'] });
    expect(other.map((x) => x.query)).not.toEqual(instances.filter((x) => x.task === 'handle_time').slice(0, 20).map((x) => x.query));
  });

  it('exports CRMArena records without the hidden parameters', () => {
    const recs = toCrmArena(instances);
    expect(recs[0]).toEqual({ idx: 0, answer: instances[0]!.answer, task: instances[0]!.task, reward_metric: 'exact_match', query: instances[0]!.query, metadata: instances[0]!.metadata });
    expect(JSON.stringify(recs)).not.toContain('"params"');
    const none = recs.find((r) => r.answer[0] === null);
    expect(none?.answer).toEqual([null]);
    expect(recs.every((r) => r.answer.every((a) => a !== 'None'))).toBe(true);
    const schema = agentSchema();
    expect(schema.map((o) => o.object)).toHaveLength(16);
    expect(schema.find((o) => o.object === 'Case')!.fields.OwnerId).toMatch(/latest owner/);
  });
});

describe('a second org seed', () => {
  it('gives different instances with the same properties', async () => {
    const dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'tasks-seed2-'));
    const path = join(dir, 'org.db');
    generateOrgSync({ seed: 2, scale: 1, out: path, force: true });
    const store = Store.open(path, { readonly: true });
    try {
      const xs = await generateTasks(store, { perTask: PER_TASK, seed: 1 });
      checkProperties(store, xs);
      const first = Store.open(testOrgPath(), { readonly: true });
      const base = await generateTasks(first, { perTask: 10, seed: 1, tasks: ['best_region_identification', 'case_routing'] });
      first.close();
      const mine = xs.filter((x) => x.task === 'best_region_identification' || x.task === 'case_routing');
      expect(mine.slice(0, 10).map((x) => x.query)).not.toEqual(base.slice(0, 10).map((x) => x.query));
    } finally {
      store.close();
    }
  }, 120_000);
});
