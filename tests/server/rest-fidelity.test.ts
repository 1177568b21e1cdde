// REST fidelity details over a real listening server (issue 13, item 7): retired API versions,
// gzip, conditional describe requests, `query?explain=`, and `Accept: application/xml`.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
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
