// Runs the numbered REST corpus (rest-corpus.ts) against live servers over copies of the scale-1
// test org: each case directly (its expected status / errorCode / check), every parity case also as a
// `composite` subrequest and a `composite/batch` subrequest on servers that saw the same sequence —
// bodies, statuses and headers must be identical modulo the documented envelope — and the REST rows of
// docs/compatibility.md against the cases they cite.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REST_CORPUS, type Answer, type RestCase } from './rest-corpus.js';

type Via = 'direct' | 'composite' | 'batch';
const VIAS: readonly Via[] = ['direct', 'composite', 'batch'];

const servers = new Map<Via, TestServer>();
/** Answers per transport, by case number. */
const answers = new Map<Via, Map<number, Answer>>();
/** Parity cases sent through each transport. */
const sent = new Map<Via, Set<number>>();

/** One raw HTTP exchange (node:http does not decode, so the wire encoding is visible). */
function send(s: TestServer, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const h = { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) };
    const req = httpRequest(s.url + path, { method, headers: h }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let buf = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
        const text = buf.toString('utf8');
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: text === '' ? null : JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const earlierOf = (via: Via) => (n: number) => {
  const a = answers.get(via)!.get(n);
  if (!a) throw new Error(`case R${n} has no answer on ${via}`);
  return a;
};

/** Sends a case the way `via` says; a case without parity goes direct on every server (the sequences stay alike). */
async function run(via: Via, c: RestCase): Promise<Answer> {
  const s = servers.get(via)!;
  const earlier = earlierOf(via);
  const path = typeof c.path === 'function' ? c.path(earlier) : c.path;
  const body = typeof c.body === 'function' ? (c.body as (a: typeof earlier) => unknown)(earlier) : c.body;
  const auth: Record<string, string> = c.anonymous ? {} : { Authorization: `Bearer ${s.token}` };
  const through = via === 'direct' || c.parity === 'none' || (via === 'batch' && c.parity !== 'both') ? 'direct' : via;
  if (through === 'direct') {
    const text = c.raw ? c.raw.text : body === undefined ? undefined : JSON.stringify(body);
    const type = c.raw ? c.raw.type : 'application/json';
    return send(s, c.method, path, { ...auth, ...(c.headers ?? {}), ...(text === undefined ? {} : { 'Content-Type': type }) }, text);
  }
  sent.get(via)!.add(c.n);
  const V = '/services/data/v59.0';
  if (through === 'composite') {
    const sub = { method: c.method, url: path, referenceId: 'r', ...(body === undefined ? {} : { body }), ...(c.headers ? { httpHeaders: c.headers } : {}) };
    const r = await send(s, 'POST', `${V}/composite`, { ...auth, 'Content-Type': 'application/json' }, JSON.stringify({ compositeRequest: [sub] }));
    expect(r.status, `R${c.n} composite envelope`).toBe(200);
    const x = r.body.compositeResponse[0] as { httpStatusCode: number; httpHeaders: Record<string, string>; body: unknown; referenceId: string };
    expect(x.referenceId).toBe('r');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(x.httpHeaders)) headers[k.toLowerCase()] = v;
    return { status: x.httpStatusCode, headers, body: x.body };
  }
  // Batch subrequest URLs are relative to /services/data/.
  const url = path.startsWith('/services/data/') ? path.slice('/services/data/'.length) : path;
  const r = await send(s, 'POST', `${V}/composite/batch`, { ...auth, 'Content-Type': 'application/json' }, JSON.stringify({ batchRequests: [{ method: c.method, url, ...(body === undefined ? {} : { richInput: body }) }] }));
  expect(r.status, `R${c.n} batch envelope`).toBe(200);
  const x = r.body.results[0] as { statusCode: number; result: unknown };
  return { status: x.statusCode, headers: {}, body: x.result };
}

beforeAll(async () => {
  const db = testOrgPath();
  for (const via of VIAS) {
    servers.set(via, await startTestServer({ db }));
    answers.set(via, new Map());
    sent.set(via, new Set());
  }
  for (const c of REST_CORPUS) for (const via of VIAS) answers.get(via)!.set(c.n, await run(via, c));
}, 300_000);

afterAll(async () => {
  for (const s of servers.values()) await s.close();
});

describe('REST corpus (sent directly)', () => {
  it('numbers cases uniquely and cites a REST API Developer Guide page for each', () => {
    const ns = REST_CORPUS.map((c) => c.n);
    expect(new Set(ns).size).toBe(ns.length);
    for (const c of REST_CORPUS) expect(c.doc, `R${c.n}`).toMatch(/^https:\/\/developer\.salesforce\.com\/docs\/atlas\.en-us\.api_rest\.meta\/api_rest\/\w+\.htm$/);
  });

  it.each(REST_CORPUS.map((c) => [`R${c.n} ${c.method} ${typeof c.path === 'string' ? c.path.slice(0, 80) : '(computed)'}`, c] as const))('%s', (_name, c) => {
    const r = earlierOf('direct')(c.n);
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(c.status);
    if (c.code !== undefined) expect(r.body[0].errorCode).toBe(c.code);
    if (c.status >= 400) expect(Array.isArray(r.body) && typeof r.body[0].message === 'string').toBe(true);
    c.check?.(r, earlierOf('direct'));
  });
});

/** What a subrequest answer is compared on: the server's own base URL and query locators vary. */
function normalized(via: Via, a: Answer, headers: boolean): unknown {
  const text = JSON.stringify(a.body).replaceAll(servers.get(via)!.url, '<base>').replace(/01g\w{15}-(\d+)/g, '<locator>-$1');
  const keep = ['location', 'allow', 'last-modified'];
  const h = headers ? Object.fromEntries(keep.filter((k) => a.headers[k] !== undefined).map((k) => [k, a.headers[k]])) : {};
  return { status: a.status, headers: h, body: JSON.parse(text) };
}

describe.each(['composite', 'batch'] as const)('the same requests through %s', (via) => {
  const cases = REST_CORPUS.filter((c) => c.parity === 'both' || (via === 'composite' && c.parity === 'composite'));
  it('covers records, describe, queries with paging and errors, 501s, versions', () => {
    expect(cases.length).toBeGreaterThan(via === 'composite' ? 38 : 34);
    for (const c of cases) expect(sent.get(via)!.has(c.n), `R${c.n}`).toBe(true);
  });
  it.each(cases.map((c) => [`R${c.n}`, c] as const))('%s answers as sent directly', (_n, c) => {
    const direct = normalized('direct', earlierOf('direct')(c.n), via === 'composite');
    const sub = normalized(via, earlierOf(via)(c.n), via === 'composite');
    expect(sub).toEqual(direct);
  });
});

// ── docs/compatibility.md ────────────────────────────────────────────────────────────────────────

const DOC = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');

interface Row {
  readonly feature: string;
  readonly status: string;
  readonly cases: readonly number[];
  readonly noCase: boolean;
}

function restRows(): Row[] {
  const start = DOC.indexOf('## REST API');
  const end = DOC.indexOf('\n## ', start + 3);
  const rows: Row[] = [];
  for (const line of DOC.slice(start, end).split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| feature') || line.startsWith('|---')) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const notes = cells[2] ?? '';
    const cited = /\[(R\d+(?: R\d+)*)\]/.exec(notes);
    rows.push({ feature: cells[0] ?? '', status: cells[1] ?? '', cases: cited ? cited[1]!.split(' ').map((r) => Number(r.slice(1))) : [], noCase: /\[no case: [^\]]+\]/.test(notes) });
  }
  return rows;
}

type Kind = 'emulated' | 'rejected' | 'notEmulated';
const kindOf = (c: RestCase): Kind => (c.code === 'NOT_EMULATED' ? 'notEmulated' : c.status >= 400 ? 'rejected' : 'emulated');

function allowed(status: string): readonly Kind[] {
  if (status.startsWith('✅') || status.startsWith('⚠️')) return ['emulated', 'rejected'];
  if (status.startsWith('☑️')) return ['emulated'];
  if (status.startsWith('❌')) return ['notEmulated', 'rejected'];
  throw new Error(`unknown status ${status}`);
}

describe('docs/compatibility.md REST rows', () => {
  const rows = restRows();
  const byN = new Map(REST_CORPUS.map((c) => [c.n, c]));

  it('every row cites cases (or says why none can exist), and every case is cited', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(r.cases.length > 0 || r.noCase, r.feature).toBe(true);
    const cited = new Set(rows.flatMap((r) => r.cases));
    expect(REST_CORPUS.filter((c) => !cited.has(c.n)).map((c) => `R${c.n}`)).toEqual([]);
  });

  it.each(rows.filter((r) => r.cases.length > 0).map((r) => [r.feature.slice(0, 80), r] as const))('%s', (_f, r) => {
    for (const n of r.cases) {
      const c = byN.get(n);
      expect(c, `R${n} is cited but not in the corpus`).toBeDefined();
      expect(allowed(r.status), `R${n} (${kindOf(c!)}) contradicts status ${r.status}`).toContain(kindOf(c!));
      const a = earlierOf('direct')(n);
      expect(a.status, `R${n}`).toBe(c!.status);
      if (c!.code !== undefined) expect(a.body[0].errorCode, `R${n}`).toBe(c!.code);
    }
  });
});
