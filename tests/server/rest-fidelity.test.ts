// REST fidelity details over a real listening server (issue 13, item 7): retired API versions,
// gzip, conditional describe requests, `query?explain=`, and `Accept: application/xml`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let H: Record<string, string>;
beforeAll(async () => {
  s = await startTestServer({});
  H = { Authorization: `Bearer ${s.token}` };
});
afterAll(() => s.close());

export const V = '/services/data/v59.0';
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
