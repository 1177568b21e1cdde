// The SQL worker pool (server/sessions/pool.ts) behind a real server on the generated org: answers
// from the workers equal the main thread's, errors keep their Salesforce shape, an episode that has
// written is answered from its own fork, a query over the time limit is 400 QUERY_TIMEOUT and the
// worker is replaced, and other episodes are answered while a slow query runs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlPool } from '../../server/sessions/index.js';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { testOrgPath } from '../helpers/org.js';
import { call, episode, orgImage, q, shortPool, SLOW, V } from './pool-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let image: Buffer;
let pool: SqlPool; // default time limit
let s: TestServer; // episodes answered by the pool
let plain: TestServer; // the same org, no pool

beforeAll(async () => {
  image = orgImage();
  pool = new SqlPool({ image, size: 2, orgId: ORG_ID, userId: API_USER_ID });
  await pool.ready();
  s = await startTestServer({ db: testOrgPath(), app: { episodes: { image, pool } } });
  plain = await startTestServer({ db: testOrgPath() });
});
afterAll(async () => {
  await s.close();
  await plain.close();
  await pool.close();
});

const get = (srv: TestServer, token: string, path: string) => call(srv, token, 'GET', path);

describe('SQL worker pool', () => {
  it('the worker script is built (npm test builds first)', () => {
    expect(existsSync(resolve(import.meta.dirname, '../../dist/server/sessions/sql-worker.js'))).toBe(true);
  });

  it('answers SOQL, SOSL and their errors exactly as the main thread does', async () => {
    const [a, b] = [await episode(s), await episode(plain)];
    const paths = [
      q("SELECT Id, Subject, Account.Name, (SELECT Id FROM CaseHistories__r) FROM Case WHERE CreatedDate = LAST_N_DAYS:400 ORDER BY Id LIMIT 50"),
      q('SELECT Status, COUNT(Id) n FROM Case GROUP BY Status ORDER BY Status'),
      q('SELECT Id FROM PricebookEntry ORDER BY Id'),
      q('SELECT Id FROM Nope'),
      q('SELECT FROM Case'),
      `${V}/search?q=${encodeURIComponent('FIND {refund} IN ALL FIELDS RETURNING Case(Id ORDER BY Id), Knowledge__kav(Id ORDER BY Id)')}`,
      `${V}/search?q=${encodeURIComponent('FIND {a}')}`,
      `${V}/parameterizedSearch?q=${encodeURIComponent('refund')}&sobject=Case&Case.fields=Id`,
    ];
    for (const path of paths) {
      const viaPool = await get(s, a, path);
      const direct = await get(plain, b, path);
      expect(viaPool, path).toEqual(direct);
    }
    expect(s.app.localforce.episodes.byToken(a)!.info().queries).toBe(paths.length);
  });

  it('results serialised on a worker are spliced in byte for byte (also X-PrettyPrint, aggregates, paging)', async () => {
    const [a, b] = [await episode(s), await episode(plain)];
    const paths = [
      q("SELECT Id, Subject, Account.Name FROM Case ORDER BY Id LIMIT 300"),
      q('SELECT Status, COUNT(Id) n FROM Case GROUP BY Status ORDER BY Status'),
      q('SELECT COUNT() FROM Case'),
      q("SELECT Id FROM Case WHERE Subject = 'no such subject'"),
      `${V}/search?q=${encodeURIComponent('FIND {refund} IN ALL FIELDS RETURNING Case(Id, Subject ORDER BY Id)')}`,
    ];
    const text = async (srv: TestServer, token: string, path: string, headers: Record<string, string>) =>
      (await fetch(srv.url + path, { headers: { Authorization: `Bearer ${token}`, ...headers } })).text();
    const variants: Array<Record<string, string>> = [{}, { 'X-PrettyPrint': '1' }, { 'Sforce-Query-Options': 'batchSize=200' }];
    for (const headers of variants) {
      for (const path of paths) expect(await text(s, a, path, headers), path).toBe(await text(plain, b, path, headers));
    }
  });

  it('an episode that has written is answered from its own fork; unwritten ones still see the pristine org', async () => {
    const [a, b] = [await episode(s), await episode(s)];
    const w = await fetch(`${s.url}${V}/sobjects/Account`, { method: 'POST', headers: { Authorization: `Bearer ${a}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ Name: 'Pool Write Check' }) });
    expect(w.status).toBe(201);
    const soql = q("SELECT Id FROM Account WHERE Name = 'Pool Write Check'");
    expect(((await get(s, a, soql)).body as { totalSize: number }).totalSize).toBe(1);
    expect(((await get(s, b, soql)).body as { totalSize: number }).totalSize).toBe(0);
    const sosl = `${V}/search?q=${encodeURIComponent('FIND {"Pool Write Check"} IN NAME FIELDS RETURNING Account(Id)')}`;
    expect(((await get(s, a, sosl)).body as { searchRecords: unknown[] }).searchRecords).toHaveLength(1);
    expect(((await get(s, b, sosl)).body as { searchRecords: unknown[] }).searchRecords).toHaveLength(0);
  });

  it('a query past the time limit is 400 QUERY_TIMEOUT; other episodes are answered meanwhile; the worker is replaced', async () => {
    // The limit is a third of what the slow query takes on this machine right now (measured through
    // the default pool), so neither a fast machine nor a loaded one can make the test flaky.
    const short = await shortPool(pool, image);
    const t = await startTestServer({ db: testOrgPath(), app: { episodes: { image, pool: short } } });
    try {
      const [slowTok, fastTok] = [await episode(t), await episode(t)];
      const order: string[] = [];
      const slow = get(t, slowTok, q(SLOW)).then((r) => {
        order.push('slow');
        return r;
      });
      // While the slow query occupies one worker, the other answers a few trivial queries.
      for (let i = 0; i < 3; i++) {
        const r = await get(t, fastTok, q('SELECT Id FROM Account ORDER BY Id LIMIT 1'));
        expect(r.status).toBe(200);
      }
      order.push('fast');
      const r = await slow;
      expect(r).toEqual({ status: 400, body: [{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }] });
      expect(order).toEqual(['fast', 'slow']);
      expect(short.replaced).toBe(1);
      expect(short.size).toBe(2);
      // The episode and the pool carry on.
      expect((await get(t, slowTok, q('SELECT COUNT() FROM Case'))).status).toBe(200);
      expect((await get(t, fastTok, q('SELECT COUNT() FROM Case'))).status).toBe(200);
    } finally {
      await t.close();
      await short.close();
    }
  });
});
