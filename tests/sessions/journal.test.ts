// Written episodes on the SQL pool (server/sessions/pool.ts): a store journals its committed write
// statements (server/store/store.ts) and the worker an episode is pinned to replays them into its
// own fork. Checked here: replaying a journal reproduces the data exactly (nested rollbacks,
// savepoints, failed statements included); lazy forks hold nothing until their first write;
// read-your-writes through the pool across concurrent episodes; answers equal the main thread's;
// reset is pristine again; a written episode's query past the time limit is QUERY_TIMEOUT while other
// episodes are answered, and the replaced worker loses nothing; an evicted fork is rebuilt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { SqlPool } from '../../server/sessions/index.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';
import { call, episode, orgImage, q, shortPool, SLOW, V } from './pool-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let image: Buffer;
let pool: SqlPool;
let s: TestServer;

beforeAll(async () => {
  image = orgImage();
  pool = new SqlPool({ image, size: 2, orgId: ORG_ID, userId: API_USER_ID });
  await pool.ready();
  s = await startTestServer({ db: testOrgPath(), app: { episodes: { image, pool } } });
});
afterAll(async () => {
  await s.close();
  await pool.close();
});

const total = async (srv: TestServer, token: string, soql: string) => {
  const r = await call(srv, token, 'GET', q(soql));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { totalSize: number }).totalSize;
};

describe('the write journal', () => {
  it('replayed on another copy of the image gives the same content (rollbacks, savepoints, failed statements)', () => {
    const a = Store.fromImage(image);
    a.startJournal();
    const name = (n: string) => [`001J0000000${n}AAA`, `Journal ${n}`];
    const ins = 'INSERT INTO "Account" ("Id", "Name", "IsDeleted") VALUES (?, ?, 0)';
    a.transaction(() => a.run(ins, name('0001')));
    // A nested transaction that throws is rolled back; the outer one commits.
    a.transaction(() => {
      a.run(ins, name('0002'));
      expect(() =>
        a.transaction(() => {
          a.run(ins, name('0003'));
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    // A failing statement (duplicate primary key) changes nothing.
    expect(() => a.run(ins, name('0001'))).toThrow();
    // Raw savepoints (composite requests): one rolled back, one released.
    a.run('SAVEPOINT lf_t');
    a.run(ins, name('0004'));
    a.run('ROLLBACK TO lf_t');
    a.run('RELEASE lf_t');
    a.run('SAVEPOINT lf_t');
    a.run('UPDATE "Account" SET "Name" = ? WHERE "Id" = ?', ['Journal renamed', '001J00000000001AAA']);
    a.run('RELEASE lf_t');
    // A transaction that throws is not journaled at all.
    expect(() =>
      a.transaction(() => {
        a.run(ins, name('0005'));
        throw new Error('outer');
      }),
    ).toThrow('outer');
    const names = (st: Store) => st.all(`SELECT "Name" FROM "Account" WHERE "Id" LIKE '001J%' ORDER BY "Id"`).map((r) => r.Name);
    expect(names(a)).toEqual(['Journal renamed', 'Journal 0002']);

    const b = Store.fromImage(image);
    b.transaction(() => {
      for (const e of a.journal()) b.run(e.sql, e.params);
    });
    expect(names(b)).toEqual(names(a));
    expect(b.contentHash()).toBe(a.contentHash());
    a.close();
    b.close();
  });

  it('a lazy fork holds no pages until its first write, which never reaches the shared copy', () => {
    const base = Store.fromImage(image);
    const before = base.contentHash();
    const f = Store.lazyFork(base, image);
    expect(f.shared).toBe(true);
    expect(f.bytes()).toBe(0);
    expect(f.count('Account')).toBe(base.count('Account'));
    f.transaction(() => f.run('UPDATE "Account" SET "Name" = ? WHERE "Id" = (SELECT MIN("Id") FROM "Account")', ['Lazy write']));
    expect(f.shared).toBe(false);
    expect(f.bytes()).toBeGreaterThan(image.length / 2);
    expect(f.all(`SELECT COUNT(*) AS n FROM "Account" WHERE "Name" = 'Lazy write'`)).toEqual([{ n: 1 }]);
    expect(base.contentHash()).toBe(before);
    f.close();
    base.close();
  });
});

describe('written episodes on the SQL pool', () => {
  it('read-your-writes: 8 episodes write and query immediately, concurrently, many times', async () => {
    const tokens = await Promise.all(Array.from({ length: 8 }, () => episode(s)));
    const pinnedBefore = pool.pinnedRuns;
    await Promise.all(
      tokens.map(async (t, e) => {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          const w = await call(s, t, 'POST', `${V}/sobjects/Account`, { Name: `RYW ${e} ${i}` });
          expect(w.status).toBe(201);
          ids.push((w.body as { id: string }).id);
          expect(await total(s, t, `SELECT COUNT() FROM Account WHERE Name LIKE 'RYW ${e} %'`)).toBe(i + 1);
          if (i % 4 === 3) {
            expect((await call(s, t, 'PATCH', `${V}/sobjects/Account/${ids[0]}`, { Name: `RYW ${e} renamed ${i}` })).status).toBe(204);
            expect(await total(s, t, `SELECT COUNT() FROM Account WHERE Name = 'RYW ${e} renamed ${i}'`)).toBe(1);
          }
        }
        expect((await call(s, t, 'DELETE', `${V}/sobjects/Account/${ids[1]}`)).status).toBe(204);
        expect(await total(s, t, `SELECT COUNT() FROM Account WHERE Name LIKE 'RYW ${e} %'`)).toBe(11);
        // Other episodes' writes are invisible.
        expect(await total(s, t, `SELECT COUNT() FROM Account WHERE Name LIKE 'RYW %'`)).toBe(11);
      }),
    );
    expect(pool.pinnedRuns - pinnedBefore).toBeGreaterThanOrEqual(8 * 14);
    // The default token and a fresh episode see none of it.
    expect(await total(s, s.token, `SELECT COUNT() FROM Account WHERE Name LIKE 'RYW %'`)).toBe(0);
    expect(await total(s, await episode(s), `SELECT COUNT() FROM Account WHERE Name LIKE 'RYW %'`)).toBe(0);
  });

  it('answers of a written episode (SOQL, SOSL, explain, composite outcomes) equal its own store on the main thread', async () => {
    const t = await episode(s);
    const ep = s.app.localforce.episodes.byToken(t)!;
    expect((await call(s, t, 'POST', `${V}/sobjects/Account`, { Name: 'Zebrafinch Journal Co' })).status).toBe(201);
    // allOrNone composite with a failing second sub-request: nothing of it stays.
    const composite = (allOrNone: boolean) =>
      call(s, t, 'POST', `${V}/composite`, {
        allOrNone,
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'a', body: { Name: `Zebrafinch composite ${allOrNone}` } },
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'b', body: { NoSuchField__c: 1 } },
        ],
      });
    expect((await composite(true)).status).toBe(200);
    expect((await composite(false)).status).toBe(200);
    const soqls = [
      "SELECT Id, Name FROM Account WHERE Name LIKE 'Zebrafinch%' ORDER BY Name",
      'SELECT COUNT() FROM Account',
      "SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Name LIKE 'Zebrafinch%' ORDER BY Id",
    ];
    const svc = ep.services();
    const ctx = { now: ep.now(), timeZone: ep.timeZone, apiVersion: '59.0', includeDeleted: false };
    for (const soql of soqls) {
      const viaPool = (await call(s, t, 'GET', q(soql))).body as { totalSize: number; records: unknown[] };
      const here = svc.query.query(soql, ctx);
      expect({ totalSize: viaPool.totalSize, records: viaPool.records }, soql).toEqual(JSON.parse(JSON.stringify({ totalSize: here.totalSize, records: here.records })));
    }
    const names = ((await call(s, t, 'GET', q(soqls[0]!))).body as { records: Array<{ Name: string }> }).records.map((r) => r.Name);
    expect(names).toEqual(['Zebrafinch composite false', 'Zebrafinch Journal Co']);
    const sosl = 'FIND {Zebrafinch} IN NAME FIELDS RETURNING Account(Name ORDER BY Name)';
    const found = (await call(s, t, 'GET', `${V}/search?q=${encodeURIComponent(sosl)}`)).body;
    expect(found).toEqual(JSON.parse(JSON.stringify(svc.search.search(sosl, ctx))));
    expect((found as { searchRecords: unknown[] }).searchRecords).toHaveLength(2);
    const explained = (await call(s, t, 'GET', `${V}/query?explain=${encodeURIComponent(soqls[0]!)}`)).body as { plans: Array<{ cardinality: number }> };
    expect(explained.plans[0]!.cardinality).toBe(2);
  });

  it('reset: the next query sees the pristine org again', async () => {
    const t = await episode(s);
    const pristine = await total(s, t, 'SELECT COUNT() FROM Case');
    for (let i = 0; i < 3; i++) expect((await call(s, t, 'POST', `${V}/sobjects/Case`, { Subject: `reset check ${i}` })).status).toBe(201);
    expect(await total(s, t, 'SELECT COUNT() FROM Case')).toBe(pristine + 3);
    const id = s.app.localforce.episodes.byToken(t)!.id;
    expect((await call(s, s.token, 'POST', `/localforce/sessions/${id}/reset`)).status).toBe(200);
    expect(await total(s, t, 'SELECT COUNT() FROM Case')).toBe(pristine);
    expect(await total(s, t, "SELECT COUNT() FROM Case WHERE Subject LIKE 'reset check%'")).toBe(0);
    // And it can write again, seen through the pool.
    expect((await call(s, t, 'POST', `${V}/sobjects/Case`, { Subject: 'reset check again' })).status).toBe(201);
    expect(await total(s, t, "SELECT COUNT() FROM Case WHERE Subject LIKE 'reset check%'")).toBe(1);
  });

  it("a written episode's query past the time limit is QUERY_TIMEOUT; other written episodes are answered meanwhile; no data is lost", async () => {
    // The limit is a third of what the slow query takes on this machine right now, so neither a fast
    // machine nor a loaded one makes the test flaky.
    const short = await shortPool(pool, image);
    const t = await startTestServer({ db: testOrgPath(), app: { episodes: { image, pool: short } } });
    try {
      const tokens = await Promise.all(Array.from({ length: 4 }, () => episode(t)));
      for (const [i, tok] of tokens.entries()) expect((await call(t, tok, 'POST', `${V}/sobjects/Account`, { Name: `Timeout keeper ${i}` })).status).toBe(201);
      const [slowTok, ...others] = tokens as [string, ...string[]];
      // Pinned round-robin on their first query: episodes 0 and 2 share a worker, 1 and 3 the other.
      for (const [i, tok] of tokens.entries()) expect(await total(t, tok, `SELECT COUNT() FROM Account WHERE Name = 'Timeout keeper ${i}'`)).toBe(1);
      const slow = call(t, slowTok, 'GET', q(SLOW));
      while (short.busy === 0) await new Promise((r) => setTimeout(r, 2));
      // Meanwhile the others answer: episode 2's queries, queued behind the slow one, move to the other
      // worker (which rebuilds its fork from the journal).
      const fast = await Promise.all(others.map((tok, i) => total(t, tok, `SELECT COUNT() FROM Account WHERE Name = 'Timeout keeper ${i + 1}'`)));
      expect(fast).toEqual([1, 1, 1]);
      const r = await slow;
      expect(short.steals).toBeGreaterThanOrEqual(1);
      expect(r).toEqual({ status: 400, body: [{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }] });
      expect(short.replaced).toBe(1);
      // The terminated worker held only caches: every episode's writes are still there.
      for (const [i, tok] of tokens.entries()) {
        expect(await total(t, tok, "SELECT COUNT() FROM Account WHERE Name LIKE 'Timeout keeper%'")).toBe(1);
        expect(await total(t, tok, `SELECT COUNT() FROM Account WHERE Name = 'Timeout keeper ${i}'`)).toBe(1);
      }
    } finally {
      await t.close();
      await short.close();
    }
  });

  it('a fork evicted from its worker is rebuilt from the journal', async () => {
    // One worker that keeps a single fork: two written episodes take turns evicting each other.
    const tiny = new SqlPool({ image, size: 1, forkBytes: image.length, orgId: ORG_ID, userId: API_USER_ID });
    await tiny.ready();
    expect(tiny.forksPerWorker).toBe(1);
    const t = await startTestServer({ db: testOrgPath(), app: { episodes: { image, pool: tiny } } });
    try {
      const [a, b] = [await episode(t), await episode(t)];
      for (let i = 0; i < 4; i++) {
        for (const [tok, who] of [[a, 'A'], [b, 'B']] as const) {
          expect((await call(t, tok, 'POST', `${V}/sobjects/Contact`, { LastName: `Evict ${who} ${i}` })).status).toBe(201);
          expect(await total(t, tok, "SELECT COUNT() FROM Contact WHERE LastName LIKE 'Evict%'")).toBe(i + 1);
          expect(await total(t, tok, `SELECT COUNT() FROM Contact WHERE LastName LIKE 'Evict ${who}%'`)).toBe(i + 1);
        }
      }
      expect(tiny.pinnedRuns).toBeGreaterThanOrEqual(16);
      expect(tiny.staleResends).toBeGreaterThanOrEqual(6);
    } finally {
      await t.close();
      await tiny.close();
    }
  });
});
