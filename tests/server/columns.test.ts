// What the Salesforce CLI needs beyond plain REST: `columns=true` column metadata (on the fast path and
// through Express), duplicate slashes in the path, the Organization fields it reads, and a default
// token shaped like a session id. Real HTTP against a real server over the generated org.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMetadata, QueryColumns } from '../../server/soql/index.js';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ db: testOrgPath() });
});
afterAll(() => s?.close());

async function get(path: string, token = s.token): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${s.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as unknown };
}

const columns = async (soql: string, prefix = '/services/data/v59.0/query') => {
  const r = await get(`${prefix}?q=${encodeURIComponent(soql)}&columns=true`);
  expect(r.status).toBe(200);
  return r.body as QueryColumns;
};

/** columnName paths as the CLI flattens them (Account.Owner.Name). */
function paths(cols: readonly ColumnMetadata[], prefix = ''): string[] {
  return cols.flatMap((c) => (c.joinColumns.length ? paths(c.joinColumns, `${prefix}${c.columnName}.`) : [`${prefix}${c.columnName}`]));
}

describe('query?columns=true', () => {
  it('plain fields: types, flags, entity, key prefix, idSelected', async () => {
    const c = await columns('SELECT Id, Name, IsActive, Description FROM Product2 LIMIT 1');
    expect(Object.keys(c)).toEqual(['columnMetadata', 'entityName', 'groupBy', 'idSelected', 'keyPrefix']);
    expect(c).toMatchObject({ entityName: 'Product2', groupBy: false, idSelected: true, keyPrefix: '01t' });
    expect(c.columnMetadata.map((m) => [m.columnName, m.apexType, m.booleanType, m.textType, m.numberType])).toEqual([
      ['Id', 'Id', false, false, false],
      ['Name', 'String', false, true, false],
      ['IsActive', 'Boolean', true, false, false],
      ['Description', 'String', false, true, false],
    ]);
    expect(Object.keys(c.columnMetadata[0]!)).toEqual([
      'aggregate', 'apexType', 'booleanType', 'columnName', 'custom', 'displayName', 'foreignKeyName', 'insertable', 'joinColumns', 'numberType', 'textType', 'updatable',
    ]);
    expect(c.columnMetadata[1]).toMatchObject({ insertable: true, updatable: true, custom: false, aggregate: false, displayName: 'Name' });
    const custom = await columns('SELECT External_ID__c FROM Product2');
    expect(custom.columnMetadata[0]).toMatchObject({ custom: true, columnName: 'External_ID__c' });
    expect(custom.idSelected).toBe(false);
  });

  it('parent paths nest under their relationship (shared prefixes merged), subqueries are aggregate columns', async () => {
    const c = await columns('SELECT Id, Account.Owner.Name, Account.Name, Owner.Alias FROM Contact');
    expect(paths(c.columnMetadata)).toEqual(['Id', 'Account.Owner.Name', 'Account.Name', 'Owner.Alias']);
    const account = c.columnMetadata[1]!;
    expect(account).toMatchObject({ columnName: 'Account', apexType: null, aggregate: false, displayName: 'Account' });
    expect(account.joinColumns[0]!.joinColumns[0]!.displayName).toBe('Account.Owner.Name');
    const sub = await columns('SELECT Name, (SELECT LastName, Email FROM Contacts) FROM Account');
    expect(sub.columnMetadata[1]).toMatchObject({ columnName: 'Contacts', aggregate: true });
    expect(sub.columnMetadata[1]!.joinColumns.map((j) => j.columnName)).toEqual(['LastName', 'Email']);
    const rel = await columns('SELECT Subject, (SELECT Field__c FROM CaseHistories__r) FROM Case LIMIT 1');
    expect(rel.columnMetadata[1]).toMatchObject({ columnName: 'CaseHistories__r', aggregate: true, custom: true });
  });

  it('aggregates: exprN with the function as displayName, aliases as both, grouped fields plain; COUNT() has none', async () => {
    const c = await columns('SELECT Status, COUNT(Id), MAX(CreatedDate) latest, CALENDAR_YEAR(CreatedDate) FROM Case GROUP BY Status, CALENDAR_YEAR(CreatedDate)');
    expect(c).toMatchObject({ entityName: 'Case', groupBy: true, idSelected: false, keyPrefix: null });
    expect(c.columnMetadata.map((m) => [m.columnName, m.displayName, m.aggregate, m.apexType])).toEqual([
      ['Status', 'Status', false, 'String'],
      ['expr0', 'COUNT(Id)', true, 'Integer'],
      ['latest', 'latest', true, 'Datetime'],
      ['expr1', 'CALENDAR_YEAR(CreatedDate)', true, 'Integer'],
    ]);
    // The keys match the rows the same query returns.
    const rows = await get(`/services/data/v59.0/query?q=${encodeURIComponent('SELECT Status, COUNT(Id), MAX(CreatedDate) latest, CALENDAR_YEAR(CreatedDate) FROM Case GROUP BY Status, CALENDAR_YEAR(CreatedDate)')}`);
    const first = (rows.body as { records: Record<string, unknown>[] }).records[0]!;
    expect(Object.keys(first).filter((k) => k !== 'attributes')).toEqual(['Status', 'expr0', 'latest', 'expr1']);
    const count = await columns('SELECT COUNT() FROM Account');
    expect(count.columnMetadata).toEqual([]);
  });

  it('the same answer on the fast path, through Express (//services) and for queryAll; errors as for a run', async () => {
    const q = 'SELECT Id, Account.Name FROM Contact';
    const fast = await columns(q);
    expect(await columns(q, '//services/data/v59.0/query')).toEqual(fast);
    expect(await columns(q, '/services/data/v59.0/queryAll')).toEqual(fast);
    expect(await columns(q, '/services/data/v59.0/query/')).toEqual(fast);
    const plain = await get(`/services/data/v59.0/query?q=${encodeURIComponent(q)}&columns=false`);
    expect((plain.body as { totalSize: number }).totalSize).toBeGreaterThan(0);
    const bad = await get(`/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id, Nme FROM Account')}&columns=true`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
    const empty = await get('/services/data/v59.0/query?columns=true');
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual([{ message: 'SOQL statements cannot be empty or null', errorCode: 'MALFORMED_QUERY' }]);
  });
});

describe('what the Salesforce CLI reads first', () => {
  it('duplicate slashes anywhere in the path are served; the query string is left alone', async () => {
    const a = await get('//services/data/v59.0/sobjects/Account/describe');
    expect(a.status).toBe(200);
    expect((a.body as { name: string }).name).toBe('Account');
    const b = await get('/services//data///v59.0//query?q=SELECT+Name+FROM+Issue__c+WHERE+Name+LIKE+%27%2F%2F%25%27');
    expect(b.status).toBe(200);
    expect((b.body as { totalSize: number }).totalSize).toBe(0);
    const versions = await fetch(`${s.url}//services/data`);
    expect(versions.status).toBe(200);
  });

  it('the Organization fields every sf command queries', async () => {
    const r = await get(`/services/data/v59.0/query?q=${encodeURIComponent('SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization')}`);
    expect(r.status).toBe(200);
    const org = (r.body as { records: Record<string, unknown>[] }).records[0]!;
    expect(org).toMatchObject({ InstanceName: 'LF1', IsSandbox: false, TrialExpirationDate: null, NamespacePrefix: null, OrganizationType: 'Enterprise Edition' });
    expect(typeof org.Name).toBe('string');
  });

  it('the default token looks like a session id and is accepted; a given --token still works as given', async () => {
    expect(s.token).toMatch(/^(00D\w{12,15})![.\w]*$/);
    expect((await get('/services/data/v59.0/limits')).status).toBe(200);
    // Minted ones too (OAuth password flow), so a login's token can be handed to `sf` as well.
    const form = new URLSearchParams({ grant_type: 'password', client_id: 'sf', client_secret: 'x', username: 'api@localforce.dev', password: 'localforce' });
    const t = await fetch(`${s.url}/services/oauth2/token`, { method: 'POST', body: form });
    const minted = ((await t.json()) as { access_token: string }).access_token;
    expect(minted).toMatch(/^00D000000000001![.\w]+$/);
    expect((await get('/services/data/v59.0/limits', minted)).status).toBe(200);
    const custom = await startTestServer({ app: { auth: { token: 'my-own-token' } } });
    try {
      const r = await fetch(`${custom.url}/services/data/v59.0/limits`, { headers: { Authorization: 'Bearer my-own-token' } });
      expect(r.status).toBe(200);
      const old = await fetch(`${custom.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${s.token}` } });
      expect(old.status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});
