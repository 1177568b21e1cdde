// SOSL through the real HTTP server: records created / updated / deleted with the REST API are
// searchable at once (TEMP triggers), and search errors have Salesforce's wire shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildSoslOrg } from './fixture-org.js';

let s: TestServer;
const V = '/services/data/v59.0';

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${s.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const search = (sosl: string) => call('GET', `${V}/search/?q=${encodeURIComponent(sosl)}`);

beforeAll(async () => {
  s = await startTestServer({ db: buildSoslOrg() });
});
afterAll(() => s.close());

describe('SOSL over HTTP', () => {
  it('REST DML is searchable at once', async () => {
    expect((await search('FIND {Zebra} RETURNING Product2(Id, Name)')).json).toEqual({ searchRecords: [] });
    const created = await call('POST', `${V}/sobjects/Product2`, { Name: 'Zebra Trail Socks', Description: 'Merino socks for trail runs.', IsActive: true });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const found = await search('FIND {zebra} RETURNING Product2(Id, Name)');
    expect(found.json.searchRecords).toEqual([{ attributes: { type: 'Product2', url: `${V}/sobjects/Product2/${id}` }, Id: id, Name: 'Zebra Trail Socks' }]);
    expect((await call('PATCH', `${V}/sobjects/Product2/${id}`, { Name: 'Okapi Trail Socks' })).status).toBe(204);
    expect((await search('FIND {zebra} RETURNING Product2(Id)')).json.searchRecords).toEqual([]);
    expect((await search('FIND {okapi} RETURNING Product2(Id)')).json.searchRecords.map((r: any) => r.Id)).toEqual([id]);
    expect((await call('DELETE', `${V}/sobjects/Product2/${id}`)).status).toBe(204);
    expect((await search('FIND {okapi} RETURNING Product2(Id)')).json.searchRecords).toEqual([]);
  });

  it('errors: 400 with [{message, errorCode}]', async () => {
    const r = await search("FIND {Women's Fitness Leggings} IN ALL FIELDS RETURNING Product2(Id, Name, Description)");
    expect(r.status).toBe(400);
    expect(r.json).toEqual([{ message: "\nFIND {Women's Fitness Leggings} IN ALL FIELDS\n           ^\nERROR at Row:1:Column:12\nline 1:11 mismatched character ''' expecting '}'", errorCode: 'MALFORMED_SEARCH' }]);
    const n = await search('FIND {x} WITH SNIPPET');
    expect(n.status).toBe(400);
    expect(n.json[0].errorCode).toBe('INVALID_SEARCH');
  });

  it('parameterizedSearch GET and POST', async () => {
    const g = await call('GET', `${V}/parameterizedSearch/?q=leggings&sobject=Product2&Product2.fields=Id,Name&Product2.limit=1`);
    expect(g.status).toBe(200);
    expect(g.json.searchRecords).toHaveLength(1);
    const p = await call('POST', `${V}/parameterizedSearch`, { q: 'leggings', sobjects: [{ name: 'Product2', fields: ['Name'] }], in: 'ALL' });
    expect(p.json.searchRecords.map((x: any) => x.Name).sort()).toEqual(['Compression Leggings Pro', "Women's Fitness Leggings"]);
  });
});
