// jsforce 3 (unmodified) against a real Localforce server over HTTP and HTTPS, on a copy of the
// generated test org (seed 1, scale 1). HTTPS trusts the server's self-signed certificate through
// https.globalAgent's CA list (jsforce uses node-fetch with the default agent); this suite runs in
// its own process (vitest pool: forks), so nothing leaks into other files.
import https from 'node:https';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[k];

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ db: testOrgPath(), tls: true });
  const opts = https.globalAgent.options as { ca?: string | string[] };
  opts.ca = [s.ca!];
});
afterAll(() => s.close());

const USER = 'api@localforce.dev';
const PASS = 'localforce';
const used = () => s.app.localforce.usage.count;
type JsforceError = Error & { errorCode?: string; data?: { message: string; errorCode: string } };
// The rejection of a call that must fail (a call that succeeds fails the test).
async function rejection(p: PromiseLike<unknown>): Promise<JsforceError> {
  try {
    await p;
  } catch (e) {
    return e as JsforceError;
  }
  throw new Error('expected the call to fail');
}

describe.each(['http', 'https'] as const)('jsforce over %s', (scheme) => {
  const base = () => (scheme === 'http' ? s.url : s.httpsUrl!);
  const tokenConn = () => new jsforce.Connection({ instanceUrl: base(), accessToken: s.token, version: '59.0' });

  it('SOAP login with loginUrl; the session works; logout revokes it', async () => {
    const conn = new jsforce.Connection({ loginUrl: base() });
    const info = await conn.login(USER, PASS);
    expect(info.id).toBe(API_USER_ID);
    expect(info.organizationId).toBe(ORG_ID);
    expect(conn.instanceUrl).toBe(base());
    expect(conn.accessToken).toMatch(/^00D[0-9A-Za-z]{12}!/);
    const r = await conn.query('SELECT Id FROM User LIMIT 1');
    expect(r.totalSize).toBe(1);
    const token = conn.accessToken!;
    await conn.logout();
    const stale = new jsforce.Connection({ instanceUrl: base(), accessToken: token });
    await expect(stale.query('SELECT Id FROM User LIMIT 1')).rejects.toThrow();
  });

  it('SOAP login with a wrong password rejects with the fault string', async () => {
    const conn = new jsforce.Connection({ loginUrl: base() });
    await expect(conn.login(USER, 'wrong')).rejects.toThrow('INVALID_LOGIN: Invalid username, password, security token; or user locked out.');
  });

  it('OAuth password flow with clientId/clientSecret', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: base(), clientId: 'cid', clientSecret: 'secret' } });
    const info = await conn.login(USER, PASS);
    expect(info.id).toBe(API_USER_ID);
    expect(info.organizationId).toBe(ORG_ID);
    expect(conn.instanceUrl).toBe(base());
    const token = conn.accessToken!;
    expect((await conn.query('SELECT Id FROM User LIMIT 1')).totalSize).toBe(1);
    await conn.logout(); // OAuth session: POST /services/oauth2/revoke
    const stale = new jsforce.Connection({ instanceUrl: base(), accessToken: token });
    await expect(stale.query('SELECT Id FROM User LIMIT 1')).rejects.toThrow();
    const bad = new jsforce.Connection({ oauth2: { loginUrl: base(), clientId: 'cid', clientSecret: 'secret' } });
    const err = await bad.login(USER, 'nope').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('invalid_grant');
    expect((err as Error).message).toBe('authentication failure');
  });

  it('query with autoFetch follows nextRecordsUrl across pages', async () => {
    const conn = tokenConn();
    const first = await conn.query('SELECT Id FROM PricebookEntry');
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    const total = first.totalSize;
    expect(total).toBeGreaterThan(4000);
    const all = await conn.query('SELECT Id FROM PricebookEntry').run({ autoFetch: true, maxFetch: 100_000 });
    expect(all.records).toHaveLength(total);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(total);
    // queryMore by locator
    const next = await conn.queryMore(first.nextRecordsUrl!);
    expect(next.records).toHaveLength(2000);
    expect(next.records[0]!.Id).not.toBe(first.records[0]!.Id);
  });

  it('scanAll (queryAll) sees soft-deleted records', async () => {
    const conn = tokenConn();
    const created = await conn.sobject('Account').create({ Name: `Scan ${scheme}` });
    expect(created.success).toBe(true);
    const id = (created as { id: string }).id;
    await conn.sobject('Account').destroy(id);
    const live = await conn.query(`SELECT Id FROM Account WHERE Id = '${id}'`);
    expect(live.totalSize).toBe(0);
    const all = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`).scanAll(true);
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  it('search (SOSL)', async () => {
    const conn = tokenConn();
    const article = await conn.query<{ Title: string }>("SELECT Title FROM Knowledge__kav WHERE PublishStatus = 'Online' LIMIT 1");
    const word = article.records[0]!.Title.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w))!;
    const res = await conn.search(`FIND {${word}} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title WHERE PublishStatus='Online' AND Language='en_US')`);
    expect(res.searchRecords.length).toBeGreaterThan(0);
    expect(res.searchRecords[0]!.attributes!.type).toBe('Knowledge__kav');
  });

  it('describeGlobal and describe', async () => {
    const conn = tokenConn();
    const g = await conn.describeGlobal();
    expect(g.sobjects.map((o) => o.name)).toEqual(expect.arrayContaining(['Account', 'Case', 'Knowledge__kav']));
    const d = await conn.sobject('Case').describe();
    expect(d.name).toBe('Case');
    expect(d.fields.find((f) => f.name === 'AccountId')!.referenceTo).toEqual(['Account']);
  });

  it('sobject find (with * expanded from describe), findOne, count, retrieve', async () => {
    const conn = tokenConn();
    const found = await conn.sobject('Account').find({ ShippingState: 'CA' }, ['Id', 'Name', 'ShippingState']).limit(5);
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r.ShippingState).toBe('CA');
    const star = await conn.sobject('Issue__c').find({}, '*').limit(2);
    expect(Object.keys(star[0]!)).toEqual(expect.arrayContaining(['Id', 'Name', 'CreatedDate']));
    const one = await conn.sobject('Contact').findOne({ Email: { $like: '%@%' } }, ['Id', 'Email']);
    expect(one?.Id).toMatch(/^003/);
    const n = await conn.sobject('Issue__c').count();
    expect(n).toBeGreaterThan(0);
    const got = await conn.sobject('Contact').retrieve(one!.Id!);
    expect(got.Id).toBe(one!.Id);
    const many = await conn.sobject('Contact').retrieve([one!.Id!, one!.Id!]);
    expect(many).toHaveLength(2);
  });

  it('create / update / upsert / destroy, single and array', async () => {
    const conn = tokenConn();
    const one = (await conn.sobject('Issue__c').create({ Name: `One ${scheme}` })) as { id: string; success: boolean };
    expect(one.success).toBe(true);
    const arr = (await conn.sobject('Issue__c').create([{ Name: `A ${scheme}` }, { Name: `B ${scheme}` }])) as Array<{ id: string; success: boolean }>;
    expect(arr.map((r) => r.success)).toEqual([true, true]);
    const upd = await conn.sobject('Issue__c').update({ Id: one.id, Name: `One+ ${scheme}` });
    expect(upd.success).toBe(true);
    const updArr = (await conn.sobject('Issue__c').update(arr.map((r) => ({ Id: r.id, Name: `${r.id} renamed` })))) as Array<{ success: boolean }>;
    expect(updArr.every((r) => r.success)).toBe(true);
    const check = await conn.sobject('Issue__c').retrieve(one.id);
    expect(check.Name).toBe(`One+ ${scheme}`);
    const ext = `JSF-${scheme}`;
    const up1 = (await conn.sobject('Product2').upsert({ Name: 'Upsert me', External_ID__c: ext }, 'External_ID__c')) as { created: boolean; success: boolean };
    expect(up1).toMatchObject({ success: true, created: true });
    const up2 = (await conn.sobject('Product2').upsert({ Name: 'Upsert me again', External_ID__c: ext }, 'External_ID__c')) as { created: boolean; success: boolean };
    expect(up2).toMatchObject({ success: true, created: false });
    const upArr = (await conn.sobject('Product2').upsert([{ Name: 'U1', External_ID__c: `${ext}-1` }, { Name: 'U2', External_ID__c: ext }], 'External_ID__c')) as Array<{ created: boolean }>;
    expect(upArr.map((r) => r.created)).toEqual([true, false]);
    const del = await conn.sobject('Issue__c').destroy(one.id);
    expect(del.success).toBe(true);
    const delArr = (await conn.sobject('Issue__c').destroy(arr.map((r) => r.id))) as Array<{ success: boolean }>;
    expect(delArr.every((r) => r.success)).toBe(true);
  });

  it('identity and limits', async () => {
    const conn = tokenConn();
    const id = await conn.identity();
    expect(id.user_id).toBe(API_USER_ID);
    expect(id.organization_id).toBe(ORG_ID);
    expect(id.username).toBe(USER);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests?.Max).toBe(15000);
    expect(conn.limitInfo?.apiUsage?.limit).toBe(15000);
  });

  it('errors surface with errorCode/name/data and a bad GET is not retried (§7 #43)', async () => {
    const conn = tokenConn();
    const before = used();
    const err = await rejection(conn.query('SELECT Id, Foo FROM Account'));
    expect(used() - before).toBe(1);
    expect(err.name).toBe('INVALID_FIELD');
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.data?.errorCode).toBe('INVALID_FIELD');
    expect(err.data?.message).toContain("No such column 'Foo' on entity 'Account'");
    expect(err.message).toBe(err.data?.message);
    const missing = await rejection(conn.sobject('Account').retrieve('001000000000000AAA'));
    expect(missing.errorCode).toBe('NOT_FOUND');
    const dml = await rejection(conn.sobject('Account').create({}));
    expect(dml.errorCode).toBe('REQUIRED_FIELD_MISSING');
  });

  it('a bad token is a 401 that jsforce reports as expired session (no spurious retries)', async () => {
    const conn = new jsforce.Connection({ instanceUrl: base(), accessToken: 'bogus' });
    const err = await rejection(conn.query('SELECT Id FROM Account LIMIT 1'));
    expect(err).toBeInstanceOf(Error);
    expect(err.errorCode ?? err.name).toBe('INVALID_SESSION_ID');
  });
});
