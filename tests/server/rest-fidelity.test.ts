// REST fidelity details over a real listening server (issue 13, item 7): retired API versions,
// gzip, conditional describe requests, `query?explain=`, and `Accept: application/xml`.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let H: Record<string, string>;
beforeAll(async () => {
  s = await startTestServer({});
  H = { Authorization: `Bearer ${s.token}` };
});
afterAll(() => s.close());

const V = '/services/data/v59.0';
const enc = encodeURIComponent;
const get = (path: string, headers: Record<string, string> = {}) => fetch(s.url + path, { headers: { ...H, ...headers } });

describe('retired API versions (api_rest_eol.htm)', () => {
  it('7.0–30.0 answer 410 GONE on every resource, through Express and the fast path alike', async () => {
    for (const p of ['/services/data/v30.0/', '/services/data/v30.0/sobjects/Account/describe', `/services/data/v21.0/query?q=${enc('SELECT Id FROM Account')}`, '/services/data/v7.0/limits', '/services/data/v20.0/search?q=x']) {
      const r = await get(p);
      expect(r.status, p).toBe(410);
      const body = (await r.json()) as Array<{ message: string; errorCode: string }>;
      expect(body, p).toHaveLength(1);
      expect(body[0]!.errorCode, p).toBe('GONE');
      expect(body[0]!.message, p).toMatch(/retired/);
    }
  });

  it('POST to a retired version is 410 too; unknown versions stay 404; 31.0 is served', async () => {
    const post = await fetch(`${s.url}/services/data/v30.0/sobjects/Account`, { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: '{"Name":"x"}' });
    expect(post.status).toBe(410);
    for (const p of ['/services/data/v6.0/', '/services/data/v99.0/', '/services/data/v30.5/']) expect((await get(p)).status, p).toBe(404);
    expect((await get('/services/data/v31.0/limits')).status).toBe(200);
  });

  it('GET /services/data/ lists only supported versions', async () => {
    const list = (await (await get('/services/data/')).json()) as Array<{ version: string }>;
    const majors = list.map((v) => Number(v.version));
    expect(Math.min(...majors)).toBe(31);
    expect(majors).not.toContain(30);
  });

  it('without a session the 401 comes first, as for any other version', async () => {
    const r = await fetch(`${s.url}/services/data/v30.0/limits`);
    expect(r.status).toBe(401);
  });
});

/** One raw HTTP GET (node:http does not decode, so the encoding on the wire is visible). */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(s.url + path, { method, headers: { ...H, ...headers, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('gzip (Accept-Encoding: gzip)', () => {
  const big = `${V}/query?q=${enc('SELECT Id, Name, CreatedDate, LastModifiedDate, OwnerId, Owner.Name FROM Account')}`;

  it('fast-path query answers are gzipped and decode to the identity answer', async () => {
    const plain = await raw(big);
    const zipped = await raw(big, { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(zipped.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
  });

  it('Express routes (describe) are gzipped too; small bodies and errors stay plain', async () => {
    const describePath = `${V}/sobjects/Account/describe`;
    const plain = await raw(describePath);
    const zipped = await raw(describePath, { 'Accept-Encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
    const small = await raw(`${V}/query?q=${enc('SELECT COUNT() FROM Account')}`, { 'Accept-Encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toHaveProperty('totalSize');
    const bad = await raw(`${V}/query?q=${enc('SELECT Nope FROM Account')}`, { 'Accept-Encoding': 'gzip' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8'))[0].errorCode).toBe('INVALID_FIELD');
  });

  it('identity only (or no header) → never encoded', async () => {
    const r = await raw(big, { 'Accept-Encoding': 'identity' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(r.body.toString('utf8')).records.length).toBeGreaterThan(0);
  });

  it('a gzipped request body (Content-Encoding: gzip) is inflated', async () => {
    const r = await fetch(`${s.url}${V}/sobjects/Account`, { method: 'POST', headers: { ...H, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync('{"Name":"Zipped Co"}') });
    expect(r.status).toBe(201);
    const id = ((await r.json()) as { id: string }).id;
    const back = (await (await get(`${V}/sobjects/Account/${id}?fields=Name`)).json()) as { Name: string };
    expect(back.Name).toBe('Zipped Co');
  });

  it('composite sub-requests still read plain JSON when the caller accepts gzip', async () => {
    const body = JSON.stringify({ compositeRequest: [{ method: 'GET', url: big, referenceId: 'q' }] });
    const r = await raw(`${V}/composite`, { 'Accept-Encoding': 'gzip' }, 'POST', body);
    expect(r.status).toBe(200);
    const text = r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body).toString('utf8') : r.body.toString('utf8');
    const out = JSON.parse(text) as { compositeResponse: Array<{ httpStatusCode: number; body: { records: unknown[] } }> };
    expect(out.compositeResponse[0]!.httpStatusCode).toBe(200);
    expect(out.compositeResponse[0]!.body.records.length).toBeGreaterThan(0);
  });
});

describe('If-Modified-Since on describe resources', () => {
  const paths = [`${V}/sobjects`, `${V}/sobjects/Account`, `${V}/sobjects/Account/describe`, `${V}/sobjects/contact/describe/`];

  it('answers carry Last-Modified; sending it back (or any later date) → 304 with no body', async () => {
    for (const p of paths) {
      const first = await get(p);
      expect(first.status, p).toBe(200);
      const lm = first.headers.get('last-modified');
      expect(lm, p).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      await first.arrayBuffer();
      for (const since of [lm!, 'Tue, 23 Mar 2021 00:00:00 GMT', 'Mon, 30 Nov 2020 08:34:54 MST']) {
        const again = await raw(p, { 'If-Modified-Since': since, 'Accept-Encoding': 'gzip' });
        expect(again.status, `${p} ${since}`).toBe(304);
        expect(again.body.length, p).toBe(0);
        expect(again.headers['last-modified'], p).toBe(lm);
      }
    }
  });

  it('an earlier date or an unparseable header → the full 200 answer', async () => {
    for (const since of ['Tue, 31 Dec 2019 23:59:59 GMT', 'yesterday', '']) {
      const r = await get(`${V}/sobjects/Account/describe`, { 'If-Modified-Since': since });
      expect(r.status, since).toBe(200);
      expect(((await r.json()) as { name: string }).name).toBe('Account');
    }
  });

  it('an unknown object is still 404, whatever the header; other resources ignore it', async () => {
    const r = await get(`${V}/sobjects/Nope__c/describe`, { 'If-Modified-Since': 'Tue, 23 Mar 2100 00:00:00 GMT' });
    expect(r.status).toBe(404);
    const q = await get(`${V}/query?q=${enc('SELECT Id FROM Account')}`, { 'If-Modified-Since': 'Tue, 23 Mar 2100 00:00:00 GMT' });
    expect(q.status).toBe(200);
    expect(q.headers.get('last-modified')).toBeNull();
  });
});

describe('query?explain= (plans from SQLite EXPLAIN QUERY PLAN)', () => {
  type Plans = { plans: Array<{ cardinality: number; fields: string[]; leadingOperationType: string; notes: Array<{ description: string; fields: string[]; tableEnumOrId: string }>; relativeCost: number; sobjectCardinality: number; sobjectType: string }> };
  const explain = async (soql: string, resource = 'query') => {
    const r = await get(`${V}/${resource}?explain=${enc(soql)}`);
    return { status: r.status, body: (await r.json()) as Plans & Array<{ errorCode: string; message: string }> };
  };

  it('an Id lookup is an Index plan on Id; a filter on an unindexed field is a TableScan', async () => {
    const byId = await explain("SELECT Id, Name FROM Account WHERE Id = '001000000000001AAA'");
    expect(byId.status).toBe(200);
    expect(Object.keys(byId.body)).toEqual(['plans']);
    const [p] = byId.body.plans;
    expect(Object.keys(p!)).toEqual(['cardinality', 'fields', 'leadingOperationType', 'notes', 'relativeCost', 'sobjectCardinality', 'sobjectType']);
    // Other tests here insert accounts: the table size is read back (queryAll counts deleted rows too).
    const n = ((await (await get(`${V}/queryAll?q=${enc('SELECT COUNT() FROM Account')}`)).json()) as { totalSize: number }).totalSize;
    expect(n).toBeGreaterThanOrEqual(5);
    expect(p).toMatchObject({ leadingOperationType: 'Index', fields: ['Id'], sobjectType: 'Account', cardinality: 1, sobjectCardinality: n, relativeCost: Math.round(1000 / n) / 1000 });
    expect(p!.notes[0]!.description).toMatch(/^SQLite: SEARCH/);
    const scan = await explain("SELECT Id FROM Account WHERE Name LIKE 'A%'");
    expect(scan.body.plans[0]).toMatchObject({ leadingOperationType: 'TableScan', fields: [], relativeCost: 1, sobjectCardinality: n });
  });

  it('cardinality is the number of rows the query returns', async () => {
    const all = await explain('SELECT Id FROM Contact');
    const rows = (await (await get(`${V}/query?q=${enc('SELECT Id FROM Contact')}`)).json()) as { totalSize: number };
    expect(all.body.plans[0]!.cardinality).toBe(rows.totalSize);
    expect(all.body.plans[0]!.sobjectType).toBe('Contact');
    const withChildren = await explain('SELECT Id, (SELECT Id FROM Contacts) FROM Account');
    expect(withChildren.body.plans[0]!.notes.some((n) => n.description.startsWith('SQLite (subquery Contacts):'))).toBe(true);
  });

  it('bad SOQL is the query error, an empty explain is MALFORMED_QUERY (not "cannot be empty"), an id is NOT_EMULATED', async () => {
    const bad = await explain('SELECT Nope FROM Account');
    expect(bad.status).toBe(400);
    expect(bad.body[0]!.errorCode).toBe('INVALID_FIELD');
    const empty = await explain('');
    expect(empty.status).toBe(400);
    expect(empty.body[0]!.errorCode).toBe('MALFORMED_QUERY');
    expect(empty.body[0]!.message).not.toMatch(/cannot be empty/);
    const id = await explain('00O000000000001AAA');
    expect(id.status).toBe(400);
    expect(id.body[0]!.errorCode).toBe('NOT_EMULATED');
  });

  it('the Express route answers exactly as the fast path', async () => {
    const path = `${V}/query/?explain=${enc("SELECT Id FROM Contact WHERE AccountId = '001000000000001AAA'")}`;
    const fast = await (await get(path)).text();
    const slow = await s.app.localforce.dispatch({ method: 'GET', url: path, headers: { authorization: `Bearer ${s.token}` } });
    expect(slow.status).toBe(200);
    expect(JSON.stringify(slow.body)).toBe(fast);
  });

  it('jsforce Query#explain() reads it', async () => {
    const conn = new jsforce.Connection({ instanceUrl: s.url, accessToken: s.token, version: '59.0' });
    const res = await conn.query("SELECT Id FROM Account WHERE Id = '001000000000002AAA'").explain();
    expect(res.plans[0]!.leadingOperationType).toBe('Index');
    expect(res.plans[0]!.sobjectType).toBe('Account');
  });
});

describe('Accept: application/xml (JSON only)', () => {
  const q = `${V}/query?q=${enc('SELECT Id FROM Account')}`;
  const paths = [q, `${V}/sobjects/Account/describe`, `${V}/limits`, '/services/data/'];

  it('XML asked for (header or .xml suffix) → 406 NOT_EMULATED as JSON, on the fast path and Express alike', async () => {
    for (const p of paths) {
      for (const accept of ['application/xml', 'text/xml', 'application/xml, application/json;q=0.5']) {
        const r = await get(p, { Accept: accept });
        expect(r.status, `${p} ${accept}`).toBe(406);
        expect(r.headers.get('content-type')).toBe('application/json;charset=UTF-8');
        const body = (await r.json()) as Array<{ errorCode: string; message: string }>;
        expect(body[0]!.errorCode, p).toBe('NOT_EMULATED');
        expect(body[0]!.message).toMatch(/XML/);
      }
    }
    const suffix = await get(`${V}/sobjects/Account/describe.xml`);
    expect(suffix.status).toBe(406);
  });

  it('JSON, wildcards, JSON preferred over XML, or no Accept header → JSON as before', async () => {
    for (const p of paths) {
      for (const accept of ['application/json', '*/*', 'application/*', 'application/json, application/xml;q=0.9', 'text/html, */*;q=0.1', 'application/xml;q=0.5, application/json']) {
        const r = await get(p, { Accept: accept });
        expect(r.status, `${p} ${accept}`).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/json;charset=UTF-8');
        await r.arrayBuffer();
      }
    }
  });

  it('an Accept that allows neither → 406 NOT_ACCEPTABLE', async () => {
    for (const p of [q, `${V}/sobjects`]) {
      const r = await get(p, { Accept: 'text/html' });
      expect(r.status, p).toBe(406);
      expect(((await r.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBe('NOT_ACCEPTABLE');
      const zero = await get(p, { Accept: 'application/json;q=0' });
      expect(zero.status, p).toBe(406);
      await zero.arrayBuffer();
    }
  });
});
