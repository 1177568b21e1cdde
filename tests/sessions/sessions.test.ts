// Episodes over real HTTP: the admin API, isolation between episodes and from the org file, reset to
// the pristine content hash, delete, idle expiry on an injected clock, the episode cap, locators
// bound to their episode, and login-minted episodes (SOAP and the OAuth password flow).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { simpleSalesforceLogin } from '../helpers/soap.js';
import { testOrgPath } from '../helpers/org.js';
import { rng as seeded } from '../helpers/prng.js';

const V = '/services/data/v59.0';
const USER = 'api@localforce.dev';
const PASS = 'localforce';

interface Created {
  id: string;
  token: string;
  instanceUrl: string;
  now: string;
  createdAt: string;
  timeZone: string;
  label: string | null;
}
interface Info extends Created {
  queries: number;
  writes: number;
  bytes: number;
  ageSeconds: number;
  idleSeconds: number;
}
type Wire = Array<{ message: string; errorCode: string }>;

function client(s: TestServer) {
  const call = async (method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (token !== undefined) h.Authorization = `Bearer ${token}`;
    if (body !== undefined && h['Content-Type'] === undefined) h['Content-Type'] = 'application/json';
    const r = await fetch(s.url + path, { method, headers: h, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as unknown };
  };
  const admin = (method: string, path: string, body?: unknown) => call(method, `/localforce/sessions${path}`, s.token, body);
  const create = async (body: Record<string, unknown> = {}) => {
    const r = await admin('POST', '', body);
    expect(r.status).toBe(201);
    return r.body as Created;
  };
  const query = async (token: string, soql: string) => {
    const r = await call('GET', `${V}/query?q=${encodeURIComponent(soql)}`, token);
    expect(r.status).toBe(200);
    return r.body as { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Array<Record<string, unknown>> };
  };
  return { call, admin, create, query };
}

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('episodes over HTTP (mini org)', () => {
  let s: TestServer;
  let c: ReturnType<typeof client>;
  let pristine: string;
  let wall = 1_750_000_000_000;

  beforeAll(async () => {
    s = await startTestServer({ app: { episodes: { wall: () => wall, idleMs: 60_000, maxEpisodes: 4 } } });
    c = client(s);
    pristine = s.store.contentHash();
  });
  afterAll(() => s.close());

  it('POST creates an episode: 201 with an ordinary session-id token for this server', async () => {
    const e = await c.create({ label: 'task-1', now: '2024-03-01T10:00:00Z', timeZone: 'America/New_York' });
    expect(e.token).toMatch(/^00D[0-9A-Za-z]{12}![0-9A-Za-z.]+$/);
    expect(e.instanceUrl).toBe(s.url);
    expect(e.now).toBe('2024-03-01T10:00:00.000Z');
    expect(e).toMatchObject({ label: 'task-1', timeZone: 'America/New_York', createdAt: new Date(wall).toISOString() });
    expect((await c.call('GET', `${V}/limits`, e.token)).status).toBe(200);
    await c.admin('DELETE', `/${e.id}`);
  });

  it('a write in A is seen in A only: not in B, not through the default token, not in the org file', async () => {
    const a = await c.create();
    const b = await c.create();
    const w = await c.call('POST', `${V}/sobjects/Account`, a.token, { Name: 'Only In A' });
    expect(w.status).toBe(201);
    const id = (w.body as { id: string }).id;
    const soql = "SELECT Id, Name FROM Account WHERE Name = 'Only In A'";
    expect((await c.query(a.token, soql)).records.map((r) => r.Id)).toEqual([id]);
    expect((await c.query(b.token, soql)).totalSize).toBe(0);
    expect((await c.query(s.token, soql)).totalSize).toBe(0);
    expect((await c.call('GET', `${V}/sobjects/Account/${id}`, a.token)).status).toBe(200);
    expect((await c.call('GET', `${V}/sobjects/Account/${id}`, b.token)).status).toBe(404);
    expect(s.store.contentHash()).toBe(pristine);
    // An update and a delete in B leave A alone.
    const acc = (await c.query(b.token, 'SELECT Id, Name FROM Account ORDER BY Id LIMIT 1')).records[0]!;
    expect((await c.call('PATCH', `${V}/sobjects/Account/${String(acc.Id)}`, b.token, { Name: 'Renamed In B' })).status).toBe(204);
    expect((await c.query(a.token, `SELECT Name FROM Account WHERE Id = '${String(acc.Id)}'`)).records[0]!.Name).toBe(acc.Name);
    expect((await c.query(b.token, `SELECT Name FROM Account WHERE Id = '${String(acc.Id)}'`)).records[0]!.Name).toBe('Renamed In B');
    // Counters: A made 1 write and (at least) 1 query.
    const info = (await c.admin('GET', `/${a.id}`)).body as Info;
    expect(info.writes).toBeGreaterThanOrEqual(1);
    expect(info.queries).toBeGreaterThanOrEqual(1);
    expect(info.bytes).toBeGreaterThan(0);
    await c.admin('DELETE', `/${a.id}`);
    await c.admin('DELETE', `/${b.id}`);
  });

  it('SOSL in an episode finds records written in that episode only', async () => {
    const a = await c.create();
    const b = await c.create();
    // Search once first, so the fork's index exists before the write (its triggers must keep it in sync).
    expect((await c.call('GET', `${V}/search?q=${encodeURIComponent('FIND {Zyxwvut}')}`, a.token)).status).toBe(200);
    expect((await c.call('POST', `${V}/sobjects/Account`, a.token, { Name: 'Zyxwvut Holdings' })).status).toBe(201);
    const find = async (token: string) =>
      ((await c.call('GET', `${V}/search?q=${encodeURIComponent('FIND {Zyxwvut} RETURNING Account(Name)')}`, token)).body as { searchRecords: Array<{ Name: string }> }).searchRecords;
    expect((await find(a.token)).map((r) => r.Name)).toEqual(['Zyxwvut Holdings']);
    expect(await find(b.token)).toEqual([]);
    expect(await find(s.token)).toEqual([]);
    await c.admin('DELETE', `/${a.id}`);
    await c.admin('DELETE', `/${b.id}`);
  });

  it('reset restores the pristine content, keeps id and token, and invalidates the old state', async () => {
    const a = await c.create();
    await c.call('POST', `${V}/sobjects/Account`, a.token, { Name: 'Before Reset' });
    const episode = s.app.localforce.episodes.get(a.id)!;
    expect(episode.deps.store.contentHash()).not.toBe(pristine);
    const r = await c.admin('POST', `/${a.id}/reset`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: a.id, token: a.token });
    expect(episode.deps.store.contentHash()).toBe(pristine);
    expect((await c.query(a.token, "SELECT Id FROM Account WHERE Name = 'Before Reset'")).totalSize).toBe(0);
    expect((await c.admin('POST', '/nope/reset')).status).toBe(404);
    await c.admin('DELETE', `/${a.id}`);
  });

  it('DELETE ends the episode: its token is then INVALID_SESSION_ID; unknown ids are 404', async () => {
    const a = await c.create();
    expect((await c.admin('DELETE', `/${a.id}`)).status).toBe(204);
    const q = await c.call('GET', `${V}/query?q=SELECT+Id+FROM+Account`, a.token);
    expect(q.status).toBe(401);
    expect((q.body as Wire)[0]!.errorCode).toBe('INVALID_SESSION_ID');
    expect((await c.admin('DELETE', `/${a.id}`)).status).toBe(404);
    const g = await c.admin('GET', '/ep-9999');
    expect(g).toEqual({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: "No episode with id 'ep-9999'" }] });
    expect((await c.admin('DELETE', '/default')).status).toBe(400);
  });

  it('GET lists every live episode with its statistics', async () => {
    const a = await c.create({ label: 'listed' });
    await c.query(a.token, 'SELECT Id FROM Account');
    const r = await c.admin('GET', '');
    expect(r.status).toBe(200);
    const body = r.body as { size: number; maxEpisodes: number; idleTimeoutSeconds: number; sessions: Info[] };
    expect(body).toMatchObject({ size: 1, maxEpisodes: 4, idleTimeoutSeconds: 60 });
    expect(body.sessions.map((e) => e.id)).toEqual(['default', a.id]);
    expect(body.sessions[1]).toMatchObject({ label: 'listed', queries: 1, writes: 0 });
    await c.admin('DELETE', `/${a.id}`);
  });

  it('the admin API needs the admin token: none, an episode token or a minted session id is 401', async () => {
    const a = await c.create();
    for (const token of [undefined, a.token, 'nonsense']) {
      const r = await c.call('GET', '/localforce/sessions', token);
      expect(r.status).toBe(401);
      expect((r.body as Wire)[0]!.errorCode).toBe('INVALID_SESSION_ID');
    }
    await c.admin('DELETE', `/${a.id}`);
  });

  it('bad bodies are Salesforce-shaped 4xx before anything is created', async () => {
    const before = s.app.localforce.episodes.size;
    const cases: Array<[unknown, number, string]> = [
      [{ timeZone: 'Mars/Base' }, 400, 'INVALID_FIELD'],
      [{ now: 'yesterday-ish' }, 400, 'INVALID_FIELD'],
      [{ colour: 'red' }, 400, 'JSON_PARSER_ERROR'],
      [{ label: 7 }, 400, 'JSON_PARSER_ERROR'],
      [[1, 2], 400, 'JSON_PARSER_ERROR'],
      ['{"label": x}', 400, 'JSON_PARSER_ERROR'],
      [{ label: 'x'.repeat(201) }, 400, 'JSON_PARSER_ERROR'],
    ];
    for (const [body, status, code] of cases) {
      const r = await c.admin('POST', '', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect((r.body as Wire)[0]!.errorCode).toBe(code);
    }
    const plain = await c.call('POST', '/localforce/sessions', s.token, 'label=x', { 'Content-Type': 'text/plain' });
    expect(plain.status).toBe(415);
    const put = await c.call('PUT', '/localforce/sessions', s.token);
    expect(put.status).toBe(405);
    expect(s.app.localforce.episodes.size).toBe(before);
  });

  it('past the episode cap: 503 naming the limit; deleting one makes room', async () => {
    const made: Created[] = [];
    for (let i = 0; i < 4; i++) made.push(await c.create());
    const r = await c.admin('POST', '', {});
    expect(r.status).toBe(503);
    const [err] = r.body as Wire;
    expect(err!.errorCode).toBe('SERVER_UNAVAILABLE');
    expect(err!.message).toMatch(/MaxEpisodes limit reached: 4 live episodes \(serve --max-episodes\)/);
    await c.admin('DELETE', `/${made[0]!.id}`);
    made[0] = await c.create();
    for (const e of made) await c.admin('DELETE', `/${e.id}`);
  });

  it('idle episodes expire on the injected clock; use keeps them alive; the default never expires', async () => {
    const a = await c.create();
    const b = await c.create();
    wall += 40_000;
    await c.query(b.token, 'SELECT Id FROM Account LIMIT 1');
    wall += 40_000; // a: idle 80 s > 60 s; b: idle 40 s
    expect((await c.call('GET', `${V}/limits`, a.token)).status).toBe(401);
    expect((await c.call('GET', `${V}/limits`, b.token)).status).toBe(200);
    const ids = ((await c.admin('GET', '')).body as { sessions: Info[] }).sessions.map((e) => e.id);
    expect(ids).toEqual(['default', b.id]);
    wall += 10 * 60_000;
    expect((await c.call('GET', `${V}/limits`, s.token)).status).toBe(200);
    expect((await c.call('GET', `${V}/limits`, b.token)).status).toBe(401);
  });

  it("an episode's clock starts at its `now` and runs forward; its audit fields use it", async () => {
    const a = await c.create({ now: '2024-03-01T10:00:00Z' });
    wall += 5_000;
    const info = (await c.admin('GET', `/${a.id}`)).body as Info;
    expect(info.now).toBe('2024-03-01T10:00:05.000Z');
    const w = await c.call('POST', `${V}/sobjects/Account`, a.token, { Name: 'Clocked' });
    const id = (w.body as { id: string }).id;
    const rec = (await c.query(a.token, `SELECT CreatedDate FROM Account WHERE Id = '${id}'`)).records[0]!;
    expect(rec.CreatedDate).toBe('2024-03-01T10:00:05.000+0000');
    await c.admin('DELETE', `/${a.id}`);
  });

  it('SOAP login with a #episode username mints a new episode; logout ends it; a plain login stays on the default', async () => {
    const login = async (username: string) => {
      const r = await fetch(`${s.url}/services/Soap/u/59.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: 'login' }, body: simpleSalesforceLogin(username, PASS) });
      const xml = await r.text();
      return { status: r.status, sid: /<sessionId>([^<]+)<\/sessionId>/.exec(xml)?.[1], xml };
    };
    const before = s.app.localforce.episodes.size;
    const plain = await login(USER);
    expect(plain.status).toBe(200);
    expect(s.app.localforce.episodes.size).toBe(before);
    const ep = await login(`${USER}#episode:soap-task`);
    expect(ep.status).toBe(200);
    expect(ep.xml).toContain(`<userName>${USER}</userName>`);
    const minted = s.app.localforce.episodes.byToken(ep.sid!);
    expect(minted?.label).toBe('soap-task');
    await c.call('POST', `${V}/sobjects/Account`, ep.sid, { Name: 'Soap Episode' });
    expect((await c.query(ep.sid!, "SELECT Id FROM Account WHERE Name = 'Soap Episode'")).totalSize).toBe(1);
    expect((await c.query(plain.sid!, "SELECT Id FROM Account WHERE Name = 'Soap Episode'")).totalSize).toBe(0);
    expect((await login(`${USER}#episode`)).status).toBe(200);
    expect((await login(`nobody@example.com#episode`)).status).toBe(500); // INVALID_LOGIN, no episode made
    const out = await fetch(`${s.url}/services/Soap/u/59.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: `<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header><SessionHeader xmlns="urn:partner.soap.sforce.com"><sessionId>${ep.sid}</sessionId></SessionHeader></env:Header><env:Body><logout xmlns="urn:partner.soap.sforce.com"/></env:Body></env:Envelope>`,
    });
    expect(out.status).toBe(200);
    expect(s.app.localforce.episodes.byToken(ep.sid!)).toBeUndefined();
    for (const e of s.app.localforce.episodes.list()) if (e.id !== 'default') await c.admin('DELETE', `/${e.id}`);
  });

  it('the OAuth password flow mints an episode the same way; refresh keeps its token', async () => {
    const form = (fields: Record<string, string>, endpoint = 'token') =>
      fetch(`${s.url}/services/oauth2/${endpoint}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const r = await form({ grant_type: 'password', client_id: 'x', username: `${USER}#episode:oauth-task`, password: PASS });
    expect(r.status).toBe(200);
    const tok = (await r.json()) as { access_token: string; instance_url: string };
    expect(tok.instance_url).toBe(s.url);
    expect(s.app.localforce.episodes.byToken(tok.access_token)?.label).toBe('oauth-task');
    const again = await form({ grant_type: 'refresh_token', client_id: 'x', refresh_token: tok.access_token });
    expect(((await again.json()) as { access_token: string }).access_token).toBe(tok.access_token);
    const revoke = await form({ token: tok.access_token }, 'revoke');
    expect(revoke.status).toBe(200);
    expect(s.app.localforce.episodes.byToken(tok.access_token)).toBeUndefined();
  });

  it('a seeded fuzz of admin requests (paths, verbs, bodies, tokens) never answers 5xx', async () => {
    const rnd = seeded(8);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const paths = ['', '/', '/default', '/default/reset', '/ep-0001', '/ep-0001/reset', '/%zz', '/x/y/z', '/default/reset/again', `/${'a'.repeat(300)}`, '?x=1'];
    const bodies: Array<string | undefined> = [undefined, '', '{}', 'null', '[]', '"x"', '{"now":5}', '{"now":"2024-13-45"}', '{"timeZone":""}', '{"timeZone":"Etc/GMT+3"}', '{"label":null}', '{"a":{"b":{"c":1}}}', '{', '\u0000', '{"now":"2024-01-01","timeZone":"Asia/Tokyo","label":"ok"}'];
    const tokens = [s.token, s.token, s.token, undefined, 'x', `${s.token} extra`];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const method = pick(['GET', 'POST', 'DELETE', 'PATCH', 'PUT', 'HEAD']);
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies);
      const token = pick(tokens);
      const headers: Record<string, string> = {};
      if (token !== undefined) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers['Content-Type'] = pick(['application/json', 'application/json; charset=utf-8', 'text/plain']);
      const r = await fetch(`${s.url}/localforce/sessions${pick(paths)}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      await r.arrayBuffer();
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.status, `${method} ${body}`).toBeLessThan(500);
    }
    // The fuzz reaches the success paths too, not only the guards.
    expect(statuses.has(200) && statuses.has(201)).toBe(true);
    for (const e of s.app.localforce.episodes.list()) if (e.id !== 'default') await c.admin('DELETE', `/${e.id}`);
    expect(statuses.size).toBeGreaterThan(4);
  });

  it('the org file itself is untouched by everything above', () => {
    expect(s.store.contentHash()).toBe(pristine);
  });
});

describe('episodes over the generated org', () => {
  let s: TestServer;
  let c: ReturnType<typeof client>;
  let fileBefore: string;

  beforeAll(async () => {
    s = await startTestServer({ db: testOrgPath() });
    c = client(s);
    fileBefore = fileHash(s.store.path);
  });
  afterAll(() => s.close());

  it('query locators only work in the episode that created them', async () => {
    const a = await c.create();
    const b = await c.create();
    const first = await c.query(a.token, 'SELECT Id FROM PricebookEntry');
    expect(first.done).toBe(false);
    const next = first.nextRecordsUrl!;
    expect((await c.call('GET', next, a.token)).status).toBe(200);
    const other = await c.call('GET', next, b.token);
    expect(other.status).toBe(400);
    expect((other.body as Wire)[0]!.errorCode).toBe('INVALID_QUERY_LOCATOR');
    await c.admin('POST', `/${a.id}/reset`);
    expect((await c.call('GET', next, a.token)).status).toBe(400);
    await c.admin('DELETE', `/${a.id}`);
    await c.admin('DELETE', `/${b.id}`);
  });

  it('a fresh episode searches correctly (its SOSL index is rebuilt in the fork)', async () => {
    const a = await c.create();
    const sosl = 'FIND {refund} IN ALL FIELDS RETURNING Case(Id ORDER BY Id), Knowledge__kav(Id ORDER BY Id)';
    const url = `${V}/search?q=${encodeURIComponent(sosl)}`;
    const inA = await c.call('GET', url, a.token);
    const inDefault = await c.call('GET', url, s.token);
    expect(inA.status).toBe(200);
    expect(inA.body).toEqual(inDefault.body);
    expect((inA.body as { searchRecords: unknown[] }).searchRecords.length).toBeGreaterThan(0);
    await c.admin('DELETE', `/${a.id}`);
  });

  it('writes in episodes leave the org file byte-identical', async () => {
    const a = await c.create();
    for (let i = 0; i < 5; i++) expect((await c.call('POST', `${V}/sobjects/Case`, a.token, { Subject: `episode case ${i}` })).status).toBe(201);
    expect(fileHash(s.store.path)).toBe(fileBefore);
    await c.admin('DELETE', `/${a.id}`);
  });
});
