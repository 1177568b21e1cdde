// The motivating case: 30 Cases POSTed by one agent used to change everyone's ground truth.
// With episodes, they land in that agent's episode only: the reference solver, run in another episode
// and through the default token, gives the same answers as on the pristine org and meets its targets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../server/store/index.js';
import { generateTasks } from '../../tasks/generate.js';
import { evaluate, itemsFromTasks } from '../../tasks/report.js';
import { RestClient, solveAll, type SolverAnswer } from '../../tasks/solver/solve.js';
import type { Instance } from '../../tasks/types.js';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const V = '/services/data/v59.0';

describe('the reference solver is unaffected by writes in other episodes', () => {
  let s: TestServer;
  let instances: Instance[];
  let pristine: string;

  beforeAll(async () => {
    const store = Store.open(testOrgPath(), { readonly: true });
    instances = await generateTasks(store, { perTask: 6, seed: 11 });
    store.close();
    s = await startTestServer({ db: testOrgPath() });
    pristine = s.store.contentHash();
  }, 120_000);
  afterAll(async () => s?.close());

  async function episode(): Promise<string> {
    const r = await fetch(`${s.url}/localforce/sessions`, { method: 'POST', headers: { Authorization: `Bearer ${s.token}` } });
    return ((await r.json()) as { token: string }).token;
  }

  it('30 Cases written in episode A change nothing for episode B or the default token', async () => {
    const a = await episode();
    const accounts = (await (await fetch(`${s.url}${V}/query?q=${encodeURIComponent('SELECT Id FROM Account ORDER BY Id LIMIT 30')}`, { headers: { Authorization: `Bearer ${a}` } })).json()) as {
      records: Array<{ Id: string }>;
    };
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${s.url}${V}/sobjects/Case`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${a}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ Subject: `Refund request ${i}`, Status: 'New', Origin: 'Web', AccountId: accounts.records[i % accounts.records.length]!.Id }),
      });
      expect(r.status).toBe(201);
    }
    const count = async (token: string) =>
      ((await (await fetch(`${s.url}${V}/query?q=${encodeURIComponent('SELECT COUNT() FROM Case')}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { totalSize: number }).totalSize;
    const b = await episode();
    expect(await count(a)).toBe((await count(b)) + 30);
    expect(await count(s.token)).toBe(await count(b));
    const key = (xs: SolverAnswer[]) => xs.map((x) => [x.id, JSON.stringify(x.answer), x.error ?? null]).sort();
    const inB = await solveAll(new RestClient(s.url, b), instances, { concurrency: 4 });
    const viaDefault = await solveAll(new RestClient(s.url, s.token), instances, { concurrency: 4 });
    expect(inB.filter((x) => x.error)).toEqual([]);
    expect(key(inB)).toEqual(key(viaDefault));
    const report = evaluate(itemsFromTasks(instances, new Map(inB.map((x) => [x.id, x.answer]))));
    for (const t of ['handle_time', 'transfer_count', 'named_entity_disambiguation', 'top_issue_identification', 'monthly_trend_analysis', 'best_region_identification']) {
      expect(report.families[t]?.score, t).toBe(1);
    }
    expect(s.store.contentHash()).toBe(pristine);
  }, 120_000);
});
