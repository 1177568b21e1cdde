// Property: a request sent directly and the same request sent as a `composite` subrequest (and a
// `composite/batch` subrequest) get the same status, body and headers, modulo the documented envelope.
// 300 requests are drawn with a seeded PRNG from verbs × resources × objects × ids × bodies — sObject
// rows (GET/POST/PATCH/DELETE/PUT), describe, queries with paging and errors, unknown objects, bad
// ids, 501 sub-resources, replication, retired and unknown versions — and sent in the same order to
// three servers over copies of one org, so writes leave the three orgs alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../../schema/index.js';
import { rng } from '../helpers/prng.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildMiniOrg, MINI } from './fixtures/mini-org.js';

interface Req {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}
interface Ans {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

const SEED = Number(process.env.PARITY_SEED ?? 13);
const COUNT = 300;
const V = '/services/data/v59.0';
const enc = encodeURIComponent;

function corpus(seed: number): Req[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const objects = ['Account', 'Contact', 'Product2', 'Case', 'Nope__c', 'account'];
  const ids = [MINI.acmeId, MINI.lonelyAccountId, MINI.orphanContactId, MINI.productId, '001zz0000000001', 'not-an-id', '001000000000001AAA'];
  const versions = ['v59.0', 'v59.0', 'v59.0', 'v46.0', 'v45.0', 'v30.0', 'v99.0'];
  const bodies: unknown[] = [undefined, {}, { Name: 'Parity' }, { LastName: 'Parity' }, { Name: null }, { Bogus__c: 1 }, [1, 2], 'text', { Name: 'x'.repeat(300) }];
  const soql = [
    'SELECT Id, Name FROM Account ORDER BY Id',
    'SELECT Id FROM Product2',
    'SELECT COUNT() FROM Contact',
    'SELECT Id FROM Nope__c',
    'SELEC Id FROM Account',
    'SELECT Name, COUNT(Id) FROM Account GROUP BY Name',
    "SELECT Id FROM Account WHERE Name = 'Acme'",
  ];
  const window = `start=${enc('2024-01-01T00:00:00Z')}&end=${enc('2024-06-15T00:00:00Z')}`;
  const resources: ((v: string) => string)[] = [
    (v) => `/services/data/${v}/sobjects`,
    (v) => `/services/data/${v}/sobjects/${pick(objects)}`,
    (v) => `/services/data/${v}/sobjects/${pick(objects)}/describe`,
    (v) => `/services/data/${v}/sobjects/${pick(objects)}/${pick(ids)}`,
    (v) => `/services/data/${v}/sobjects/${pick(objects)}/${pick(ids)}?fields=Name,Id`,
    (v) => `/services/data/${v}/sobjects/${pick(objects)}/${pick(['listviews', 'quickActions', 'describe/layouts', 'layouts'])}`,
    (v) => `/services/data/${v}/sobjects/${pick(objects)}/${pick(['updated', 'deleted'])}${r() < 0.7 ? `?${window}` : ''}`,
    (v) => `/services/data/${v}/sobjects/Product2/External_ID__c/${pick(['P-1', 'P-2', 'none'])}`,
    (v) => `/services/data/${v}/${pick(['query', 'queryAll'])}?q=${enc(pick(soql))}`,
    (v) => `/services/data/${v}/query?explain=${enc(pick(soql))}`,
    (v) => `/services/data/${v}/search?q=${enc(pick(['FIND {Acme}', 'FIND {a}', 'FIND Acme']))}`,
    (v) => `/services/data/${v}/${pick(['limits', 'recent', '', 'tooling/sobjects', 'nothing', 'composite/sobjects/Account?ids=' + MINI.acmeId])}`,
  ];
  const out: Req[] = [];
  for (let i = 0; i < COUNT; i++) {
    const method = pick(['GET', 'GET', 'GET', 'POST', 'PATCH', 'DELETE', 'PUT']);
    // Creates are frequent enough to leave records that later requests read, update and delete.
    const create = method === 'POST' && r() < 0.5;
    const write = (method === 'PATCH' || method === 'DELETE' || method === 'GET') && r() < 0.3;
    const path = create
      ? `/services/data/${pick(versions)}/sobjects/${pick(['Account', 'Contact'])}`
      : write
        ? `${V}/sobjects/Account/${pick([MINI.acmeId, MINI.lonelyAccountId, makeId('001', 2), makeId('001', 3)])}${method === 'GET' && r() < 0.5 ? '?fields=Name,Id' : ''}`
        : pick(resources)(pick(versions));
    const valid = create ? pick([{ Name: 'Parity' }, { LastName: 'Parity' }]) : write && method === 'PATCH' ? { Name: 'Parity' } : undefined;
    const body = method === 'GET' || method === 'DELETE' ? undefined : (valid ?? pick(bodies));
    out.push(body === undefined ? { method, path } : { method, path, body });
  }
  // Paging: a query of more than 2,000 rows, then its next page.
  out.push({ method: 'GET', path: `${V}/query?q=${enc('SELECT Id FROM Product2')}` });
  return out;
}

const REQUESTS = corpus(SEED);
const KEEP = ['location', 'allow', 'last-modified'];
let direct: TestServer;
let viaComposite: TestServer;
let viaBatch: TestServer;
const answers = { direct: [] as Ans[], composite: [] as Ans[], batch: [] as Ans[] };

async function json(s: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }> {
  const r = await fetch(s.url + path, {
    method,
    headers: { Authorization: `Bearer ${s.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text === '' ? null : JSON.parse(text) };
}

const normalize = (s: TestServer, body: unknown) => JSON.parse(JSON.stringify(body).replaceAll(s.url, '<base>').replace(/01g\w{15}-(\d+)/g, '<locator>-$1'));

beforeAll(async () => {
  const org = buildMiniOrg();
  [direct, viaComposite, viaBatch] = await Promise.all([startTestServer({ db: org }), startTestServer({ db: org }), startTestServer({ db: org })]);
  for (const q of REQUESTS) {
    const d = await json(direct, q.method, q.path, q.body);
    const headers: Record<string, string> = {};
    for (const k of KEEP) if (d.headers.get(k) !== null) headers[k] = d.headers.get(k)!;
    answers.direct.push({ status: d.status, headers, body: normalize(direct, d.body) });

    const sub = { method: q.method, url: q.path, referenceId: 'p', ...(q.body === undefined ? {} : { body: q.body }) };
    const c = await json(viaComposite, 'POST', `${V}/composite`, { compositeRequest: [sub] });
    expect(c.status).toBe(200);
    const x = (c.body as { compositeResponse: { httpStatusCode: number; httpHeaders: Record<string, string>; body: unknown }[] }).compositeResponse[0]!;
    const ch: Record<string, string> = {};
    for (const [k, v] of Object.entries(x.httpHeaders)) if (KEEP.includes(k.toLowerCase())) ch[k.toLowerCase()] = v;
    answers.composite.push({ status: x.httpStatusCode, headers: ch, body: normalize(viaComposite, x.body) });

    const b = await json(viaBatch, 'POST', `${V}/composite/batch`, { batchRequests: [{ method: q.method, url: q.path.slice('/services/data/'.length), ...(q.body === undefined ? {} : { richInput: q.body }) }] });
    expect(b.status).toBe(200);
    const y = (b.body as { results: { statusCode: number; result: unknown }[] }).results[0]!;
    answers.batch.push({ status: y.statusCode, headers: {}, body: normalize(viaBatch, y.result) });
  }
}, 300_000);

afterAll(async () => {
  await Promise.all([direct?.close(), viaComposite?.close(), viaBatch?.close()]);
});

describe(`direct = composite = batch over ${COUNT + 1} seeded requests (seed ${SEED})`, () => {
  it('the corpus covers successes, 4xx, 501s, 410s, writes and paging', () => {
    const statuses = new Set(answers.direct.map((a) => a.status));
    for (const s of [200, 201, 204, 400, 404, 405, 410, 501]) expect(statuses, `status ${s}`).toContain(s);
    const picked = REQUESTS.filter((q, i) => q.path.includes('?fields=') && answers.direct[i]!.status === 200);
    expect(picked.length, 'record reads with ?fields=').toBeGreaterThan(3);
    expect(answers.direct.at(-1)!.body).toMatchObject({ done: false, nextRecordsUrl: expect.stringMatching(/-2000$/) });
  });

  it.each(REQUESTS.map((q, i) => [`#${i} ${q.method} ${q.path.slice(0, 90)}`, i] as const))('%s', (_name, i) => {
    expect(answers.composite[i], 'composite').toEqual(answers.direct[i]);
    expect({ ...answers.batch[i], headers: {} }, 'batch').toEqual({ ...answers.direct[i], headers: {} });
  });
});
