// End to end: a real Localforce server on the shared test org, the reference solver answering
// through the REST API only, and the scorer — per-family targets of tasks.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../server/store/index.js';
import { generateTasks } from '../../tasks/generate.js';
import { evaluate, itemsFromTasks, type Report } from '../../tasks/report.js';
import { RestClient, solveAll, type SolverAnswer } from '../../tasks/solver/solve.js';
import type { Instance } from '../../tasks/types.js';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('reference solver through the REST API', () => {
  let server: TestServer;
  let instances: Instance[];
  let answers: SolverAnswer[];
  let report: Report;

  beforeAll(async () => {
    const store = Store.open(testOrgPath(), { readonly: true });
    instances = await generateTasks(store, { perTask: 20, seed: 7 });
    store.close();
    server = await startTestServer({ db: testOrgPath() });
    answers = await solveAll(new RestClient(server.url, server.token), instances, { concurrency: 8 });
    report = evaluate(itemsFromTasks(instances, new Map(answers.map((a) => [a.id, a.answer]))));
  }, 120_000);
  afterAll(async () => server?.close());

  it('answers every instance without API errors', () => {
    expect(answers.filter((a) => a.error)).toEqual([]);
  });

  it('meets the per-family targets', () => {
    const score = (t: string) => report.families[t]?.score;
    const detail = JSON.stringify(report.failures.slice(0, 10));
    for (const t of ['handle_time', 'transfer_count', 'named_entity_disambiguation', 'top_issue_identification', 'monthly_trend_analysis', 'best_region_identification'])
      expect(score(t), `${t} ${detail}`).toBe(1);
    for (const t of ['case_routing', 'policy_violation_identification']) expect(score(t), `${t} ${detail}`).toBeGreaterThanOrEqual(0.95);
    expect(score('knowledge_qa'), detail).toBeGreaterThanOrEqual(0.95);
  });
});
