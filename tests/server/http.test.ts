// HTTP edges of the server: errors written by the one middleware, body handling, long URLs,
// routing rules (trailing slashes, case, versions, 405), identity/OAuth extras, internal dispatch.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { SalesforceError } from '../../server/org/errors.js';
import { createHttpServer, KEEP_ALIVE_TIMEOUT_MS } from '../../server/http/servers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const V = '/services/data/v59.0';
let s: TestServer;
let H: Record<string, string>;
const logged: string[] = [];

beforeAll(async () => {
  s = await startTestServer({
    app: {
      log: (m) => logged.push(m),
      services: {
        // A stand-in query service: lets these tests reach the paging and error paths on their own.
        query: {
          query(soql) {
            if (soql === 'BOOM') throw new Error('kaboom');
            if (soql === 'BAD') throw new SalesforceError('MALFORMED_QUERY', 'unexpected token: BAD', 400);
            const m = /^ROWS (\d+)( AGG)?$/.exec(soql);
            const n = m ? Number(m[1]) : 1;
            const records = Array.from({ length: n }, (_, i) => ({ attributes: { type: 'Account' }, i }));
            return { totalSize: n, records, aggregate: Boolean(m?.[2]) };
          },
        },
      },
    },
  });
  H = { Authorization: `Bearer ${s.token}` };
});
afterAll(() => s.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(s.url + path, { headers: { ...H, ...headers } });

describe('errors', () => {
  it('malformed JSON body → 400 JSON_PARSER_ERROR', async () => {
    const r = await fetch(`${s.url}${V}/parameterizedSearch`, { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: '{"q": x}' });
    expect(r.status).toBe(400);
    const body = (await r.json()) as Array<Record<string, string>>;
    expect(body[0]!.errorCode).toBe('JSON_PARSER_ERROR');
    expect(body[0]!.message).toMatch(/^Unexpected character \('x' \(code 120\)\).*\n at \[line:1, column:7\]$/s);
  });

  it('non-JSON body → 415', async () => {
    const r = await fetch(`${s.url}${V}/parameterizedSearch`, { method: 'POST', headers: { ...H, 'Content-Type': 'text/plain' }, body: 'q=x' });
    expect(r.status).toBe(415);
    expect(await r.json()).toEqual([{ message: "MediaType of 'text/plain' is not supported by this resource", errorCode: 'UNSUPPORTED_MEDIA_TYPE' }]);
  });

  it('oversized body → 413', async () => {
    const t = await startTestServer({ app: { bodyLimit: 1000, log: () => {} } });
    try {
      const r = await fetch(`${t.url}${V}/parameterizedSearch`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ q: 'x'.repeat(5000) }),
      });
      expect(r.status).toBe(413);
      expect(((await r.json()) as any)[0].errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
    } finally {
      await t.close();
    }
  });

  it('an unexpected exception → logged, 500 UNKNOWN_EXCEPTION wire body', async () => {
    const r = await get(`${V}/query?q=BOOM`);
    expect(r.status).toBe(500);
    const body = (await r.json()) as any;
    expect(body[0].errorCode).toBe('UNKNOWN_EXCEPTION');
    expect(logged.some((m) => m.includes('/query?q=BOOM'))).toBe(true);
  });

  it('a SalesforceError from a service is written with its status', async () => {
    const r = await get(`${V}/query?q=BAD`);
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('[{"message":"unexpected token: BAD","errorCode":"MALFORMED_QUERY"}]');
  });

  it('unknown routes → 404 NOT_FOUND wire body, inside and outside /services/data', async () => {
    for (const p of [`${V}/nope`, `${V}/query/x/y`, '/nope', '/services/data/v59.0x/', '/services/data/v99.0/query?q=x', '/services/data/v6.0/']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(await r.text(), p).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
    }
  });

  it('recent is an empty list; listed-but-not-emulated resources say so (501 NOT_EMULATED)', async () => {
    const recent = await get(`${V}/recent/`);
    expect(recent.status).toBe(200);
    expect(await recent.json()).toEqual([]);
    for (const p of [`${V}/tooling/query?q=x`, `${V}/chatter/users/me`, `${V}/theme`]) {
      const r = await get(p);
      expect(r.status, p).toBe(501);
      expect(((await r.json()) as any)[0].errorCode).toBe('NOT_EMULATED');
    }
  });

  it('wrong method → 405 with Allow', async () => {
    const r = await fetch(`${s.url}${V}/query?q=x`, { method: 'DELETE', headers: H });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET,HEAD');
    expect(((await r.json()) as any)[0].errorCode).toBe('METHOD_NOT_ALLOWED');
    const versions = await fetch(`${s.url}/services/data/`, { method: 'POST' });
    expect(versions.status).toBe(405);
  });
});

describe('routing and wire format', () => {
  it('sObject sub-resources Localforce does not emulate get a distinct 501, not an id lookup', async () => {
    for (const sub of ['describe/layouts', 'describe/compactLayouts/primary', 'listviews', 'listviews/00B/results', 'quickActions']) {
      const r = await get(`${V}/sobjects/Case/${sub}`);
      expect(r.status, sub).toBe(501);
      const [e] = (await r.json()) as Array<{ errorCode: string; message: string }>;
      expect(e!.errorCode).toBe('NOT_EMULATED');
      expect(e!.message).toContain(sub.split('/').slice(0, sub.startsWith('describe') ? 2 : 1).join('/'));
    }
    expect((await get(`${V}/sobjects/NoSuchObject/listviews`)).status).toBe(404);
  });

  it('trailing slashes and case-insensitive resource names', async () => {
    for (const p of [`${V}/limits`, `${V}/limits/`, `${V}/LIMITS`, '/services/data/V59.0/limits']) {
      expect((await get(p)).status, p).toBe(200);
    }
  });

  it('every listed version answers; paths echo the version', async () => {
    for (const v of ['31.0', '50.0', '59.0', '67.0']) {
      const r = await get(`/services/data/v${v}/`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).query).toBe(`/services/data/v${v}/query`);
    }
  });

  it('X-PrettyPrint: 1 indents; content type is exact', async () => {
    const r = await get(`${V}/limits`, { 'X-PrettyPrint': '1', 'Content-Type': 'application/json' });
    expect(r.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const text = await r.text();
    expect(text).toContain('\n  "ActiveScratchOrgs": {');
    const plain = await (await get(`${V}/limits`)).text();
    expect(plain).not.toContain('\n');
  });

  it('paging by locator, batchSize clamped to 200…2000, aggregates are not paged', async () => {
    const r = (await (await get(`${V}/query?q=ROWS+4500`)).json()) as any;
    expect(r.records).toHaveLength(2000);
    expect(r.nextRecordsUrl).toMatch(/^\/services\/data\/v59\.0\/query\/01g[0-9A-Za-z]{15}-2000$/);
    const p2 = (await (await get(r.nextRecordsUrl)).json()) as any;
    expect(p2.records[0].i).toBe(2000);
    expect(p2.nextRecordsUrl).toMatch(/-4000$/);
    const p3 = (await (await get(p2.nextRecordsUrl)).json()) as any;
    expect(p3).toEqual({ totalSize: 4500, done: true, records: expect.any(Array) });
    expect(p3.records).toHaveLength(500);
    // Re-reading a page works (jsforce may retry a GET).
    expect(((await (await get(r.nextRecordsUrl)).json()) as any).records[0].i).toBe(2000);
    const small = (await (await get(`${V}/query?q=ROWS+500`, { 'Sforce-Query-Options': 'batchSize=10' })).json()) as any;
    expect(small.records).toHaveLength(200);
    const agg = await get(`${V}/query?q=ROWS+2001+AGG`);
    expect(agg.status).toBe(400);
    expect(((await agg.json()) as any)[0].message).toBe('Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch');
    const agg2000 = (await (await get(`${V}/query?q=ROWS+2000+AGG`)).json()) as any;
    expect(agg2000.done).toBe(true);
  });

  it('idle keep-alive connections outlive agent think time', () => {
    const server = createHttpServer(s.app);
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('a 100 KB query string works (CRMArena IN lists)', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `'500${String(i).padStart(15, '0')}'`).join(',');
    const soql = `SELECT Id FROM Case WHERE Id IN (${ids})`;
    const url = `${V}/query?q=${encodeURIComponent(soql)}`;
    expect(url.length).toBeGreaterThan(100_000);
    const r = await get(url);
    expect(r.status).toBe(200);
  });

  it('a request line over the header limit → 431 wire body (not a dropped socket)', async () => {
    const port = Number(new URL(s.url).port);
    const response = await new Promise<string>((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      let out = '';
      sock.on('data', (d) => (out += d.toString()));
      sock.on('end', () => resolve(out));
      sock.on('error', reject);
      sock.write(`GET ${V}/query?q=${'x'.repeat(1_100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    expect(response.startsWith('HTTP/1.1 431 ')).toBe(true);
    expect(response).toContain('Content-Type: application/json;charset=UTF-8');
    expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))[0].errorCode).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
  });

  it('a malformed request line → 400 JSON body', async () => {
    const port = Number(new URL(s.url).port);
    const response = await new Promise<string>((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      let out = '';
      sock.on('data', (d) => (out += d.toString()));
      sock.on('end', () => resolve(out));
      sock.on('error', reject);
      sock.write('BLAH\r\n\r\n');
    });
    expect(response.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(response).toContain('"errorCode"');
  });
});

describe('identity and OAuth extras', () => {
  it('GET /id/{org}/{user} with Bearer or ?oauth_token=', async () => {
    const viaHeader = await get(`/id/${ORG_ID}/${API_USER_ID}`);
    expect(viaHeader.status).toBe(200);
    const id = (await viaHeader.json()) as any;
    expect(id).toMatchObject({
      id: `${s.url}/id/${ORG_ID}/${API_USER_ID}`,
      user_id: API_USER_ID,
      organization_id: ORG_ID,
      username: 'api@localforce.dev',
      display_name: 'API User',
      user_type: 'STANDARD',
      active: true,
    });
    expect(id.urls.rest).toBe(`${s.url}/services/data/v{version}/`);
    const viaQuery = await fetch(`${s.url}/id/${ORG_ID.slice(0, 15)}/${API_USER_ID}?format=json&oauth_token=${s.token}`);
    expect(viaQuery.status).toBe(200);
    const anon = await fetch(`${s.url}/id/${ORG_ID}/${API_USER_ID}`);
    expect(anon.status).toBe(401);
  });

  it('userinfo, client_credentials (HTTP Basic), refresh_token, revoke', async () => {
    const info = (await (await get('/services/oauth2/userinfo')).json()) as any;
    expect(info).toMatchObject({ user_id: API_USER_ID, organization_id: ORG_ID, preferred_username: 'api@localforce.dev', name: 'API User' });
    expect(info.urls).toMatchObject({
      rest: `${s.url}/services/data/v{version}/`,
      query: `${s.url}/services/data/v{version}/query/`,
      sobjects: `${s.url}/services/data/v{version}/sobjects/`,
      partner: `${s.url}/services/Soap/u/{version}/${ORG_ID.slice(0, 15)}`,
    });
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const cc = await fetch(`${s.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { ...form, Authorization: `Basic ${Buffer.from('cid:secret').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(cc.status).toBe(200);
    const token = ((await cc.json()) as any).access_token as string;
    const refreshed = await fetch(`${s.url}/services/oauth2/token`, { method: 'POST', headers: form, body: `grant_type=refresh_token&client_id=cid&refresh_token=${encodeURIComponent(token)}` });
    expect(refreshed.status).toBe(200);
    const revoke = await fetch(`${s.url}/services/oauth2/revoke`, { method: 'POST', headers: form, body: `token=${encodeURIComponent(token)}` });
    expect(revoke.status).toBe(200);
    expect((await get(`${V}/limits`, { Authorization: `Bearer ${token}` })).status).toBe(401);
    const unsupported = await fetch(`${s.url}/services/oauth2/token`, { method: 'POST', headers: form, body: 'grant_type=magic' });
    expect(unsupported.status).toBe(400);
    expect(((await unsupported.json()) as any).error).toBe('unsupported_grant_type');
  });

  it('configured client id and security token are enforced', async () => {
    const t = await startTestServer({ app: { auth: { clientId: 'cid', clientSecret: 'sec', securityToken: 'TOK' }, log: () => {} } });
    try {
      const post = (p: Record<string, string>) =>
        fetch(`${t.url}/services/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(p) });
      const base = { grant_type: 'password', username: 'api@localforce.dev' };
      expect((await post({ ...base, client_id: 'cid', client_secret: 'sec', password: 'localforceTOK' })).status).toBe(200);
      expect(((await (await post({ ...base, client_id: 'cid', client_secret: 'sec', password: 'localforce' })).json()) as any).error).toBe('invalid_grant');
      expect(((await (await post({ ...base, client_id: 'other', client_secret: 'sec', password: 'localforceTOK' })).json()) as any).error).toBe('invalid_client_id');
      expect(((await (await post({ ...base, client_id: 'cid', client_secret: 'bad', password: 'localforceTOK' })).json()) as any).error).toBe('invalid_client');
    } finally {
      await t.close();
    }
  });
});

describe('dispatchInternal', () => {
  it('runs a sub-request through the app and returns status, headers and parsed body', async () => {
    const r = await s.app.localforce.dispatch({ method: 'GET', url: `${V}/query?q=ROWS+3`, headers: { authorization: `Bearer ${s.token}` } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(r.body).toEqual({ totalSize: 3, done: true, records: expect.any(Array) });
    const unauth = await s.app.localforce.dispatch({ method: 'GET', url: `${V}/limits` });
    expect(unauth.status).toBe(401);
    const withBody = await s.app.localforce.dispatch({ method: 'POST', url: `${V}/limits`, body: { a: 1 }, headers: { authorization: `Bearer ${s.token}` } });
    expect(withBody.status).toBe(405);
  });
});
