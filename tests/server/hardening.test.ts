// Hardening of what one client can do to a shared server: bounded query-locator memory (per user,
// per store and across stores), JSON nesting and unpaired surrogates refused before anything is
// written, and composite requests that never answer 500 after some of their writes were kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorBudget, CursorStore, estimateBytes } from '../../server/org/cursors.js';
import { SalesforceError } from '../../server/org/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const rows = (n: number, width = 1) => Array.from({ length: n }, (_, i) => ({ i, pad: 'x'.repeat(width) }));
const invalidLocator = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SalesforceError);
    expect((e as SalesforceError).errorCode).toBe('INVALID_QUERY_LOCATOR');
    return;
  }
  expect.unreachable('expected INVALID_QUERY_LOCATOR');
};

describe('query locators are bounded', () => {
  it('keeps at most 10 open cursors per user, releasing the least recently used', () => {
    const c = new CursorStore();
    const locs = Array.from({ length: 11 }, () => c.firstPage(rows(300), 300, 200, 'u1').nextLocator!);
    expect(c.size).toBe(10);
    invalidLocator(() => c.page(locs[0]!, 200, 'u1'));
    expect(c.page(locs[10]!, 200, 'u1').records).toHaveLength(100);
    // Another user's cursors are counted separately.
    c.firstPage(rows(300), 300, 200, 'u2');
    expect(c.size).toBe(11);
  });

  it('answers INVALID_QUERY_LOCATOR for a locator of another user or another store', () => {
    const budget = new CursorBudget();
    const a = new CursorStore({ budget });
    const b = new CursorStore({ budget });
    const la = a.firstPage(rows(300), 300, 200, 'u1').nextLocator!;
    const lb = b.firstPage(rows(300), 300, 200, 'u1').nextLocator!;
    expect(la).not.toBe(lb); // one counter per budget: locators are unique across stores
    invalidLocator(() => a.page(la, 200, 'u2'));
    invalidLocator(() => b.page(la, 200, 'u1'));
    expect(a.page(la, 200, 'u1').records).toHaveLength(100);
  });

  it('evicts across stores when the shared byte budget is exceeded, and accounts exactly', () => {
    const one = estimateBytes(rows(1000, 100));
    const budget = new CursorBudget(one * 3 + 10);
    const stores = Array.from({ length: 4 }, () => new CursorStore({ budget }));
    const locs = stores.map((s) => s.firstPage(rows(1000, 100), 1000, 200, 'u').nextLocator!);
    expect(budget.size).toBe(3);
    expect(budget.held).toBeLessThanOrEqual(budget.maxBytes);
    invalidLocator(() => stores[0]!.page(locs[0]!, 200, 'u'));
    for (let i = 1; i < 4; i++) expect(stores[i]!.page(locs[i]!, 200, 'u').records).toHaveLength(200);
    for (const s of stores) s.clear();
    expect(budget.held).toBe(0);
    expect(budget.size).toBe(0);
  });

  it('estimates bytes from samples within a factor of the real JSON size', () => {
    const r = rows(5000, 50);
    const real = JSON.stringify(r).length;
    const est = estimateBytes(r);
    expect(est / real).toBeGreaterThan(0.8);
    expect(est / real).toBeLessThan(1.25);
  });
});

describe('over HTTP', () => {
  let s: TestServer;
  const unexpected: string[] = [];
  const V = '/services/data/v59.0';
  beforeAll(async () => {
    s = await startTestServer({ app: { log: (m, e) => unexpected.push(`${m}: ${String(e)}`) } });
  });
  afterAll(() => s.close());
  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  const accountCount = async () => ((await call('GET', `${V}/query?q=${encodeURIComponent('SELECT COUNT() FROM Account')}`)).body as { totalSize: number }).totalSize;

  it('refuses JSON nested deeper than 1000 levels with JSON_PARSER_ERROR, before any write', async () => {
    const before = await accountCount();
    for (const depth of [1001, 5000, 100_000]) {
      const body = `{"records":[{"attributes":{"type":"Account"},"Name":"deep","x":${'['.repeat(depth)}${']'.repeat(depth)}}]}`;
      for (const path of [`${V}/sobjects/Account`, `${V}/composite/sobjects`, `${V}/composite`]) {
        const r = await call('POST', path, body);
        expect(r.status, `${path} depth ${depth}`).toBe(400);
        const err = (r.body as { errorCode: string; message: string }[])[0]!;
        expect(err.errorCode).toBe('JSON_PARSER_ERROR');
        expect(err.message).toMatch(/nesting depth \(\d+\) exceeds the maximum allowed \(1000\)/);
      }
    }
    // Depth inside strings does not count.
    expect(await accountCount()).toBe(before);
    const ok = await call('POST', `${V}/sobjects/Product2`, JSON.stringify({ Name: 'brackets', Description: '['.repeat(3000) }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('refuses unpaired surrogates (never stored as invalid UTF-8); valid pairs round-trip', async () => {
    const before = await accountCount();
    for (const raw of ['{"Name":"sur\\ud800x"}', '{"Name":"\\udc00"}', '{"Na\\ud800me":"x"}']) {
      const r = await call('POST', `${V}/sobjects/Account`, raw);
      expect(r.status, raw).toBe(400);
      expect((r.body as { errorCode: string }[])[0]!.errorCode).toBe('JSON_PARSER_ERROR');
    }
    expect(await accountCount()).toBe(before);
    const created = await call('POST', `${V}/sobjects/Account`, '{"Name":"ok \\ud83d\\ude42"}');
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const got = await call('GET', `${V}/sobjects/Account/${id}?fields=Name`);
    expect((got.body as { Name: string }).Name).toBe('ok 🙂');
  });

  it('does not run composite resources as composite sub-requests (no nested batch hangs)', async () => {
    const r = await call(
      'POST',
      `${V}/composite`,
      JSON.stringify({
        compositeRequest: [
          { method: 'POST', url: `${V}/composite/batch`, referenceId: 'b', body: { batchRequests: [{ method: 'GET', url: 'v59.0/limits' }] } },
          { method: 'POST', url: `${V}/composite`, referenceId: 'c', body: { compositeRequest: [] } },
        ],
      }),
    );
    expect(r.status).toBe(200);
    const subs = (r.body as { compositeResponse: { httpStatusCode: number }[] }).compositeResponse;
    expect(subs.map((x) => x.httpStatusCode)).toEqual([404, 404]);
    const batch = await call('POST', `${V}/composite/batch`, JSON.stringify({ batchRequests: [{ method: 'POST', url: 'v59.0/composite/batch', richInput: { batchRequests: [] } }] }));
    expect(batch.status).toBe(200);
    expect((batch.body as { results: { statusCode: number }[] }).results[0]!.statusCode).toBe(404);
  });

  it('serves concurrent composite requests one at a time without losing writes', async () => {
    const before = await accountCount();
    const reqs = Array.from({ length: 12 }, (_, i) =>
      call(
        'POST',
        `${V}/composite`,
        JSON.stringify({
          allOrNone: i % 2 === 0,
          compositeRequest: [
            { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'a', body: { Name: `conc ${i}` } },
            { method: 'GET', url: `${V}/limits`, referenceId: 'l' },
            { method: 'GET', url: `${V}/sobjects/Account/@{a.id}?fields=Name`, referenceId: 'g' },
          ],
        }),
      ),
    );
    const out = await Promise.all(reqs);
    for (const r of out) expect((r.body as { compositeResponse: { httpStatusCode: number }[] }).compositeResponse.map((x) => x.httpStatusCode)).toEqual([201, 200, 200]);
    expect(await accountCount()).toBe(before + 12);
  });

  it('composite/tree refuses child records that are not objects, writing nothing', async () => {
    const before = await accountCount();
    const r = await call(
      'POST',
      `${V}/composite/tree/Account`,
      JSON.stringify({ records: [{ attributes: { type: 'Account', referenceId: 'a' }, Name: 'tree', Contacts: { records: [null, 1, 'x'] } }] }),
    );
    expect(r.status).toBe(400);
    const body = r.body as { hasErrors: boolean; results: { errors: { statusCode: string }[] }[] };
    expect(body.hasErrors).toBe(true);
    expect(body.results.map((x) => x.errors[0]!.statusCode)).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
    expect(await accountCount()).toBe(before);
  });

  it('logged no unexpected errors', () => {
    expect(unexpected).toEqual([]);
  });
});
