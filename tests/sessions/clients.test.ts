// Real clients against episodes: unmodified jsforce with an episode token (and with a '#episode'
// login), and 32 concurrent HTTP clients spread over 8 episodes keeping a ledger of acknowledged
// writes: every acknowledged create is there, every acknowledged delete is gone, nothing appears in
// an episode that another episode wrote (0 lost, 0 phantom).
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOrgPath } from '../helpers/org.js';
import { rng as seeded } from '../helpers/prng.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[k];

const V = '/services/data/v59.0';
let s: TestServer;
let pristine: string;

beforeAll(async () => {
  s = await startTestServer({ db: testOrgPath() });
  pristine = s.store.contentHash();
});
afterAll(() => s.close());

async function createEpisode(label: string): Promise<{ id: string; token: string; instanceUrl: string }> {
  const r = await fetch(`${s.url}/localforce/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ label }),
  });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string; token: string; instanceUrl: string };
}

describe('jsforce against an episode', () => {
  it('an episode token is an ordinary access token: query, queryMore, CRUD, search see only the episode', async () => {
    const e = await createEpisode('jsforce');
    const conn = new jsforce.Connection({ instanceUrl: e.instanceUrl, accessToken: e.token, version: '59.0' });
    const base = new jsforce.Connection({ instanceUrl: s.url, accessToken: s.token, version: '59.0' });
    const all = await conn.query('SELECT Id FROM PricebookEntry').run({ autoFetch: true, maxFetch: 100_000 });
    expect(all.records.length).toBe(all.totalSize);
    const created = await conn.sobject('Account').create({ Name: 'Jsforce Episode Account' });
    expect(created.success).toBe(true);
    const id = created.id!;
    await conn.sobject('Account').update({ Id: id, Name: 'Jsforce Episode Renamed' });
    const rec = (await conn.sobject('Account').retrieve(id)) as { Name: string };
    expect(rec.Name).toBe('Jsforce Episode Renamed');
    const found = await conn.search('FIND {Renamed} IN NAME FIELDS RETURNING Account(Id, Name)');
    expect(found.searchRecords.map((r) => r.Id)).toEqual([id]);
    expect((await base.query(`SELECT Id FROM Account WHERE Id = '${id}'`)).totalSize).toBe(0);
    await conn.sobject('Account').destroy(id);
    expect((await conn.query(`SELECT Id FROM Account WHERE Id = '${id}'`)).totalSize).toBe(0);
    expect(s.store.contentHash()).toBe(pristine);
  });

  it("jsforce's SOAP login with a '#episode' username gets a fresh episode", async () => {
    const conn = new jsforce.Connection({ loginUrl: s.url, version: '59.0' });
    await conn.login('api@localforce.dev#episode:jsforce-login', 'localforce');
    expect(s.app.localforce.episodes.byToken(conn.accessToken!)?.label).toBe('jsforce-login');
    await conn.sobject('Contact').create({ LastName: 'Login Minted' });
    expect((await conn.query("SELECT Id FROM Contact WHERE LastName = 'Login Minted'")).totalSize).toBe(1);
    await conn.logout();
    expect(s.app.localforce.episodes.byToken(conn.accessToken ?? '')).toBeUndefined();
  });
});

describe('32 concurrent clients across 8 episodes', () => {
  it('keep a ledger of acknowledged writes: 0 lost, 0 phantom, the org file untouched', async () => {
    const episodes = await Promise.all(Array.from({ length: 8 }, (_, i) => createEpisode(`ledger-${i}`)));
    // expected[episode] = names acknowledged as created and not acknowledged as deleted
    const expected = episodes.map(() => new Set<string>());
    const failures: string[] = [];
    const clientRun = async (k: number) => {
      const ep = episodes[k % 8]!;
      const rng = seeded(1000 + k);
      const mine: Array<{ id: string; name: string }> = [];
      const h = { Authorization: `Bearer ${ep.token}`, 'Content-Type': 'application/json' };
      for (let i = 0; i < 12; i++) {
        const op = rng();
        if (op < 0.6 || mine.length === 0) {
          const name = `Ledger ${k}-${i}`;
          const r = await fetch(`${s.url}${V}/sobjects/Account`, { method: 'POST', headers: h, body: JSON.stringify({ Name: name }) });
          if (r.status === 201) {
            mine.push({ id: ((await r.json()) as { id: string }).id, name });
            expected[k % 8]!.add(name);
          } else failures.push(`create ${r.status}`);
        } else if (op < 0.8) {
          const victim = mine.splice(Math.floor(rng() * mine.length), 1)[0]!;
          const r = await fetch(`${s.url}${V}/sobjects/Account/${victim.id}`, { method: 'DELETE', headers: h });
          if (r.status === 204) expected[k % 8]!.delete(victim.name);
          else failures.push(`delete ${r.status}`);
        } else {
          const r = await fetch(`${s.url}${V}/query?q=${encodeURIComponent("SELECT COUNT() FROM Account WHERE Name LIKE 'Ledger %'")}`, { headers: h });
          if (r.status !== 200) failures.push(`query ${r.status}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, k) => clientRun(k)));
    expect(failures).toEqual([]);
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${s.url}${V}/query?q=${encodeURIComponent("SELECT Name FROM Account WHERE Name LIKE 'Ledger %'")}`, {
        headers: { Authorization: `Bearer ${episodes[i]!.token}` },
      });
      const names = ((await r.json()) as { records: Array<{ Name: string }> }).records.map((x) => x.Name).sort();
      expect(names).toEqual([...expected[i]!].sort());
      // Every name belongs to one of this episode's four clients (k ≡ i mod 8).
      for (const n of names) expect(Number(/^Ledger (\d+)-/.exec(n)![1]) % 8).toBe(i);
    }
    const total = expected.reduce((a, e) => a + e.size, 0);
    expect(total).toBeGreaterThan(100);
    expect(s.store.contentHash()).toBe(pristine);
    for (const e of episodes) await fetch(`${s.url}/localforce/sessions/${e.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${s.token}` } });
  });
});
