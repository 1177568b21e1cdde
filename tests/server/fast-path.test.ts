// The fast path (server/http/fast.ts) must answer exactly as the Express routes do: the same
// requests go once over HTTP (fast path) and once through dispatchInternal (Express only), and
// status, content type and body must match (locator ids and usage counters normalised).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({});
});
afterAll(() => s.close());

const V = '/services/data/v59.0';
const enc = encodeURIComponent;
const CASES: Array<[string, Record<string, string>?]> = [
  [`${V}/query?q=${enc('SELECT Id, Name FROM Account ORDER BY Name')}`],
  [`${V}/query/?q=SELECT+Id%2C+Name+FROM+Account+LIMIT+2`, { 'X-PrettyPrint': '1', 'Content-Type': 'application/json' }],
  [`${V}/QUERYALL/?q=${enc('SELECT Id FROM Account')}`],
  [`/services/data/v31.0/query?q=${enc('SELECT COUNT() FROM Account')}`],
  [`${V}/query?q=${enc('SELECT Id, Foo FROM Account')}`],
  [`${V}/query?q=${enc('SELECT Id FROM Product2')}`],
  [`${V}/query?q=${enc('SELECT Id FROM Product2')}`, { 'Sforce-Query-Options': 'batchSize=500' }],
  [`${V}/query?q=`],
  [`${V}/query`],
  [`${V}/query?Q=${enc('SELECT Id FROM Account LIMIT 1')}`],
  [`${V}/query?q=a&q=b`],
  [`${V}/query/01g000000000999AAA-2000`],
  [`${V}/query/nonsense`],
  [`${V}/queryAll/01g000000000999AAA-2000/`],
  [`/services/data/v99.0/query?q=${enc('SELECT Id FROM Account')}`],
  [`/services/data/v30.0/query?q=${enc('SELECT Id FROM Account')}`],
  [`/services/data/vfoo/query?q=x`],
  [`${V}/search?q=${enc('FIND {Acme} IN NAME FIELDS RETURNING Account(Id, Name)')}`],
  [`${V}/search/?q=${enc('FIND {a}')}`],
  [`${V}/search`],
  [`${V}/query?q=${enc('SELECT Id FROM Account')}`, { Authorization: 'Bearer nope' }],
  [`${V}/query?q=${enc('SELECT Id FROM Account')}`, { Authorization: 'Basic eDp5' }],
  [`${V}/query?q=${enc('SELECT Id FROM Account')}`, { Authorization: '' }],
];

const normalise = (text: string) => text.replace(/01g[0-9A-Za-z]{15}/g, '01g<id>');

it('fast path and Express path give identical answers', async () => {
  for (const [path, extra] of CASES) {
    const headers: Record<string, string> = { Authorization: `Bearer ${s.token}`, ...extra };
    if (headers.Authorization === '') delete headers.Authorization;
    const fast = await fetch(s.url + path, { headers });
    const fastText = await fast.text();
    const lower: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
    const slow = await s.app.localforce.dispatch({ method: 'GET', url: path, headers: lower });
    const slowText = typeof slow.body === 'string' ? slow.body : JSON.stringify(slow.body, null, lower['x-prettyprint'] === '1' ? 2 : undefined);
    expect(fast.status, path).toBe(slow.status);
    expect(fast.headers.get('content-type'), path).toBe(slow.headers['content-type']);
    expect(fast.headers.get('sforce-limit-info'), path).toMatch(/^api-usage=\d+\/15000$/);
    expect(normalise(fastText), path).toBe(normalise(slowText));
  }
});

it('the fast path really answers the hot endpoints (Express never sees them)', async () => {
  const handled: string[] = [];
  const fp = s.app.localforce.fastPath;
  const probe = (url: string, method = 'GET', headers: Record<string, string> = {}) => {
    const fakeRes = { setHeader() {}, getHeader() {}, removeHeader() {}, writeHead() {}, write() {}, on() {}, end() {}, statusCode: 0 } as never;
    if (fp({ method, url, headers } as never, fakeRes)) handled.push(`${method} ${url}`);
  };
  probe(`${V}/query?q=x`);
  probe(`${V}/queryAll/?q=x`);
  probe(`${V}/query/01g000000000001AAA-2000`);
  probe(`${V}/search?q=x`);
  probe(`${V}/sobjects/Account`);
  probe(`${V}/query?q=x`, 'POST');
  probe(`${V}/query?q=x`, 'GET', { 'content-length': '5' });
  probe(`${V}/search/abc`);
  probe('/services/data/v59%2E0/query?q=x');
  expect(handled).toEqual([`GET ${V}/query?q=x`, `GET ${V}/queryAll/?q=x`, `GET ${V}/query/01g000000000001AAA-2000`, `GET ${V}/search?q=x`]);
});
