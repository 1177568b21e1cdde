// Records, describe and composite through the real app (createApp + a listening server) on a copy of
// the generated test org, including compat cases 33–40 and jsforce's CRUD / collection calls.
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTestOrg } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
const V = '/services/data/v59.0';

beforeAll(async () => {
  srv = await startTestServer({ db: copyTestOrg(), copy: false });
});
afterAll(async () => {
  await srv?.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
  const r = await fetch(`${srv.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${srv.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, text, json, headers: r.headers };
}

const soql = (q: string, all = false) => call('GET', `${V}/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(q)}`);

describe('compat cases 33–40 on the generated org', () => {
  it('#33 create, #34 required, #35 unknown field', async () => {
    const a = await call('POST', `${V}/sobjects/Account/`, { Name: 'X' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ success: true, errors: [] });
    expect((a.json as { id: string }).id).toMatch(/^001[A-Za-z0-9]{15}$/);
    expect(Object.keys(a.json as object)).toEqual(['id', 'success', 'errors']);
    const b = await call('POST', `${V}/sobjects/Account`, {});
    expect(b.status).toBe(400);
    expect(b.text).toBe('[{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}]');
    const c = await call('POST', `${V}/sobjects/Account`, { Name: 'X', Foo: 1 });
    expect(c.status).toBe(400);
    expect(c.text).toBe(`[{"message":"No such column 'Foo' on sobject of type Account","errorCode":"INVALID_FIELD"}]`);
  });

  it('#36 PATCH + DELETE, then GET 404 and queryAll still returns the row', async () => {
    const created = await call('POST', `${V}/sobjects/Account`, { Name: 'To delete' });
    const id = (created.json as { id: string }).id;
    const p = await call('PATCH', `${V}/sobjects/Account/${id}`, { Name: 'Y' });
    expect([p.status, p.text]).toEqual([204, '']);
    const d = await call('DELETE', `${V}/sobjects/Account/${id}`);
    expect([d.status, d.text]).toEqual([204, '']);
    const g = await call('GET', `${V}/sobjects/Account/${id}`);
    expect(g.status).toBe(404);
    expect(g.text).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
    const q = await soql(`SELECT Id, Name, IsDeleted FROM Account WHERE Id = '${id}'`);
    expect((q.json as { totalSize: number }).totalSize).toBe(0);
    const qa = await soql(`SELECT Id, Name, IsDeleted FROM Account WHERE Id = '${id}'`, true);
    expect((qa.json as { totalSize: number; records: unknown[] }).records).toEqual([
      { attributes: { type: 'Account', url: `${V}/sobjects/Account/${id}` }, Id: id, Name: 'Y', IsDeleted: true },
    ]);
  });

  it('#37 non-id string', async () => {
    const r = await call('GET', `${V}/sobjects/Account/xyz`);
    expect(r.status).toBe(404);
    expect(r.text).toBe('[{"errorCode":"NOT_FOUND","message":"Provided external ID field does not exist or is not accessible: xyz"}]');
  });

  it('#38 upsert twice on Product2.External_ID__c', async () => {
    const a = await call('PATCH', `${V}/sobjects/Product2/External_ID__c/E1`, { Name: 'Upserted product' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ success: true, errors: [], created: true });
    const b = await call('PATCH', `${V}/sobjects/Product2/External_ID__c/E1`, { Name: 'Upserted product 2' });
    expect(b.status).toBe(200);
    expect(b.json).toEqual({ id: (a.json as { id: string }).id, success: true, errors: [], created: false });
    const existing = await soql('SELECT Id, External_ID__c FROM Product2 WHERE External_ID__c != null LIMIT 1');
    const rec = (existing.json as { records: Array<{ Id: string; External_ID__c: string }> }).records[0]!;
    const u = await call('PATCH', `${V}/sobjects/Product2/External_ID__c/${encodeURIComponent(rec.External_ID__c)}`, { IsActive: true });
    expect(u.json).toEqual({ id: rec.Id, success: true, errors: [], created: false });
  });

  it('#39 describeGlobal and Account describe', async () => {
    const g = await call('GET', `${V}/sobjects`);
    expect(g.json).toMatchObject({ encoding: 'UTF-8', maxBatchSize: 200 });
    const d = (await call('GET', `${V}/sobjects/Account/describe`)).json as { name: string; fields: Array<Record<string, unknown>> };
    expect(d.name).toBe('Account');
    expect(d.fields.find((f) => f.name === 'Id')!.type).toBe('id');
    expect(d.fields.find((f) => f.name === 'OwnerId')).toMatchObject({ referenceTo: ['User'], relationshipName: 'Owner' });
  });

  it('#40 collections create with a failure', async () => {
    const r = await call('POST', `${V}/composite/sobjects`, {
      allOrNone: false,
      records: [{ attributes: { type: 'Account' }, Name: 'A' }, { attributes: { type: 'Account' } }],
    });
    expect(r.status).toBe(200);
    const body = r.json as Array<Record<string, unknown>>;
    expect(body[0]).toMatchObject({ success: true, errors: [] });
    expect(body[1]).toEqual({
      success: false,
      errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }],
    });
  });
});

describe('composite with query sub-requests and the transaction', () => {
  it('@{q.records[0].Id} from a query sub-request', async () => {
    const r = await call('POST', `${V}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'GET', url: `${V}/query?q=${encodeURIComponent("SELECT Id, Name FROM Account ORDER BY Name LIMIT 1")}`, referenceId: 'q' },
        { method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'c', body: { LastName: 'Linked', AccountId: '@{q.records[0].Id}' } },
        { method: 'GET', url: `${V}/sobjects/Contact/@{c.id}?fields=AccountId`, referenceId: 'g' },
        { method: 'GET', url: `${V}/limits`, referenceId: 'l' },
      ],
    });
    expect(r.status).toBe(200);
    const [q, c, g, l] = (r.json as { compositeResponse: Array<{ body: any; httpStatusCode: number }> }).compositeResponse;
    expect(q!.httpStatusCode).toBe(200);
    expect(c!.httpStatusCode).toBe(201);
    expect(g!.body.AccountId).toBe(q!.body.records[0].Id);
    expect(l!.httpStatusCode).toBe(200);
    expect(l!.body.DailyApiRequests).toEqual({ Max: 15000, Remaining: expect.any(Number) });
    expect(l!.body.DailyApiRequests.Remaining).toBeLessThan(15000);
  });

  it('allOrNone composite failure leaves the org unchanged', async () => {
    const before = srv.store.contentHash();
    const r = await call('POST', `${V}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${V}/sobjects/Case`, referenceId: 'k', body: { Subject: 'temp' } },
        { method: 'PATCH', url: `${V}/sobjects/Case/@{k.id}`, referenceId: 'u', body: { Status: 'Closed' } },
        { method: 'POST', url: `${V}/sobjects/Order`, referenceId: 'bad', body: { Status: 'Nope' } },
      ],
    });
    const codes = (r.json as { compositeResponse: Array<{ httpStatusCode: number }> }).compositeResponse.map((x) => x.httpStatusCode);
    expect(codes).toEqual([400, 400, 400]);
    expect(srv.store.contentHash()).toBe(before);
  });
});

describe('jsforce against the sobjects and composite routes', () => {
  const conn = () => new jsforce.Connection({ instanceUrl: srv.url, accessToken: srv.token, version: '59.0' });

  it('create / retrieve / update / destroy / upsert single records', async () => {
    const c = conn();
    const created = await c.sobject('Contact').create({ FirstName: 'Jay', LastName: 'Force' });
    expect(created).toMatchObject({ success: true, errors: [] });
    const id = (created as { id: string }).id;
    const got = await c.sobject('Contact').retrieve(id, { fields: ['Name', 'LastName'] });
    expect(got).toMatchObject({ Id: id, Name: 'Jay Force', LastName: 'Force' });
    const upd = await c.sobject('Contact').update({ Id: id, Phone: '555-0100' });
    expect(upd).toEqual({ id, success: true, errors: [] });
    const up = await c.sobject('Product2').upsert({ Name: 'JS Product', External_ID__c: 'JS-1' }, 'External_ID__c');
    expect(up).toMatchObject({ success: true, created: true });
    const del = await c.sobject('Contact').destroy(id);
    expect(del).toEqual({ id, success: true, errors: [] });
    await expect(c.sobject('Contact').retrieve(id)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    await expect(c.sobject('Account').create({})).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
  });

  it('arrays go through sObject Collections; describe and find("*") expand fields', async () => {
    const c = conn();
    const res = (await c.sobject('Account').create([{ Name: 'J1' }, { Name: 'J2' }])) as Array<{ id: string; success: boolean }>;
    expect(res.map((r) => r.success)).toEqual([true, true]);
    const ids = res.map((r) => r.id);
    const recs = (await c.sobject('Account').retrieve(ids)) as Array<{ Id: string; Name: string }>;
    expect(recs.map((r) => r.Name)).toEqual(['J1', 'J2']);
    const upd = (await c.sobject('Account').update(ids.map((Id) => ({ Id, ShippingState: 'WA' })))) as Array<{ success: boolean }>;
    expect(upd.every((r) => r.success)).toBe(true);
    const ups = (await c.sobject('Product2').upsert([{ Name: 'U1', External_ID__c: 'JS-U1' }, { Name: 'U2', External_ID__c: 'JS-U2' }], 'External_ID__c')) as Array<{ created: boolean }>;
    expect(ups.map((r) => r.created)).toEqual([true, true]);
    const del = (await c.sobject('Account').destroy(ids)) as Array<{ success: boolean }>;
    expect(del.every((r) => r.success)).toBe(true);
    const meta = await c.sobject('Case').describe();
    expect(meta.fields.some((f) => f.name === 'CaseNumber')).toBe(true);
    const found = await c.sobject('Case').find({ Status: 'Closed' }, '*').limit(2).execute();
    expect(found).toHaveLength(2);
    expect(Object.keys(found[0]!)).toContain('CaseNumber');
    const now = srv.app.localforce.deps.now().getTime();
    const [start, end] = [new Date(now - 86_400_000), new Date(now + 86_400_000)];
    const deleted = await c.sobject('Account').deleted(start, end);
    expect(deleted.deletedRecords.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    const updated = await c.sobject('Product2').updated(start, end);
    expect(updated.ids.length).toBeGreaterThanOrEqual(2);
    const global = await c.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toContain('Knowledge__kav');
  });
});
