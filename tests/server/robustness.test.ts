// Robustness: seeded random malformed requests (paths, verbs, headers, bodies, queries) never get a
// 500 and always get a Salesforce-shaped body; the server keeps serving afterwards.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
const unexpected: string[] = [];
beforeAll(async () => {
  s = await startTestServer({ app: { log: (m, e) => unexpected.push(`${m}: ${e instanceof Error ? e.message : String(e)}`) } });
});
afterAll(() => s.close());

/** mulberry32: a tiny seeded PRNG, so every run sends the same requests. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const V = '/services/data/v59.0';
const PATHS = [
  `${V}/query?q=`, `${V}/queryAll?q=`, `${V}/query/`, `${V}/search?q=`, `${V}/parameterizedSearch?q=`, `${V}/sobjects/`, `${V}/sobjects/Account/`,
  `${V}/sobjects/Account/describe/`, `${V}/sobjects/Account/001000000000001AAA`, `${V}/composite/sobjects`, `${V}/composite`, `${V}/limits`,
  `${V}/`, '/services/data/', '/services/oauth2/token', '/services/oauth2/userinfo', '/services/Soap/u/59.0', '/id/x/y', '/services/data/v5x/',
];
const FRAGMENTS = ['SELECT', 'Id', 'FROM', 'Account', 'WHERE', "'", '(', ')', ',', '%', '%25', '%zz', '{', '}', 'FIND', '\u00e9', '\\', '"', 'LIMIT', '-1', 'NULL', 'IN', '::', '<', '>', '*', '🙂', '+', '&', '=', '#'];
const BODIES = ['{', '[]', '{"Name":', 'null', '"x"', '{"records":"x"}', '{"allOrNone":1,"records":[{}]}', '<xml/>', '\u0000', '{"compositeRequest":[{"method":"GET","url":"/x","referenceId":"r"}]}', '{"q":"x","sobjects":[{}]}'];
const TYPES = ['application/json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'text/xml', 'application/json; charset=latin1'];
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'];

it('300 random malformed requests: no 500, Salesforce-shaped bodies, server still up', async () => {
  const r = rng(Number(process.env.FUZZ_SEED ?? 42));
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const bad: string[] = [];
  for (let i = 0; i < Number(process.env.FUZZ_N ?? 300); i++) {
    const method = pick(METHODS);
    let path = pick(PATHS);
    const n = Math.floor(r() * 6);
    for (let k = 0; k < n; k++) path += (r() < 0.5 ? '+' : '') + encodeURIComponent(pick(FRAGMENTS)).replace(/%25/g, r() < 0.5 ? '%' : '%25');
    const headers: Record<string, string> = {};
    const auth = r();
    if (auth < 0.7) headers.Authorization = `Bearer ${s.token}`;
    else if (auth < 0.8) headers.Authorization = pick(['Bearer', 'Basic x', 'OAuth  ', 'Bearer a b', 'bearer nope']);
    let body: string | undefined;
    if (method !== 'GET' && method !== 'HEAD' && r() < 0.8) {
      body = pick(BODIES);
      headers['Content-Type'] = pick(TYPES);
    }
    if (r() < 0.2) headers['Sforce-Query-Options'] = pick(['batchSize=0', 'batchSize=x', 'batchSize=999999', '']);
    if (r() < 0.2) headers['X-PrettyPrint'] = '1';
    let res: Response;
    try {
      res = await fetch(s.url + path, { method, headers, body });
    } catch (e) {
      bad.push(`${method} ${path}: ${(e as Error).message}`);
      continue;
    }
    const text = await res.text();
    // SOAP faults are HTTP 500 by protocol (INVALID_LOGIN, UNSUPPORTED_API_VERSION); 501 = NOT_EMULATED.
    if (res.status >= 500 && res.status !== 501 && !(path.startsWith('/services/Soap') && text.includes('<soapenv:Fault>'))) bad.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    if (res.status >= 400 && method !== 'HEAD' && !path.startsWith('/services/oauth2/token') && !path.startsWith('/services/Soap')) {
      try {
        const j = JSON.parse(text) as Array<{ errorCode?: unknown; message?: unknown }>;
        if (!Array.isArray(j) || typeof j[0]?.errorCode !== 'string' || typeof j[0]?.message !== 'string') bad.push(`${method} ${path} → ${res.status} not a wire error: ${text.slice(0, 200)}`);
      } catch {
        bad.push(`${method} ${path} → ${res.status} non-JSON: ${text.slice(0, 200)}`);
      }
    }
  }
  expect(bad).toEqual([]);
  expect(unexpected).toEqual([]);
  const ok = await fetch(`${s.url}${V}/limits`, { headers: { Authorization: `Bearer ${s.token}` } });
  expect(ok.status).toBe(200);
});
