// The `generic` tool set against SQL on the org file and the schema registry: values, observations
// (compact JSON), Salesforce errors as "ERROR_CODE: message" observations, zod-checked arguments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBJECTS } from '../../schema/index.js';
import { callTool } from '../../server/tools/registry.js';
import type { ToolResult } from '../../server/tools/types.js';
import { apiDatetime, openOrg, SEEDS, type OpenOrg } from './orgs.js';

describe.each(SEEDS.slice(0, 2))('generic tools on seed %i', (seed) => {
  let org: OpenOrg;
  const call = (name: string, args: unknown): Promise<ToolResult> => callTool(org.episode, name, args, 'generic');
  beforeAll(() => {
    org = openOrg(seed);
  });
  afterAll(() => org.store.close());

  it('soql_query returns totalSize and records without attributes', async () => {
    const r = await call('soql_query', { query: "SELECT Id, Subject, Account.ShippingState FROM Case WHERE Status = 'Closed' ORDER BY Id LIMIT 5" });
    const gt = org.all<{ Id: string; Subject: string; s: string | null }>(
      `SELECT c.Id, c.Subject, a.ShippingState s FROM "Case" c LEFT JOIN Account a ON a.Id = c.AccountId WHERE c.Status = 'Closed' ORDER BY c.Id LIMIT 5`,
    );
    expect(r.value).toEqual({ totalSize: 5, records: gt.map((g) => ({ Id: g.Id, Subject: g.Subject, Account: { ShippingState: g.s } })) });
    expect(JSON.parse(r.observation)).toEqual(r.value);
    const n = org.all<{ n: number }>(`SELECT COUNT(*) n FROM "Case"`)[0]!.n;
    expect((await call('soql_query', { query: 'SELECT COUNT() FROM Case' })).value).toEqual({ totalSize: n, records: [] });
    const bad = await call('soql_query', { query: 'SELECT Nope FROM Case' });
    expect(bad.isError).toBe(true);
    expect(bad.observation).toMatch(/^INVALID_FIELD: /);
    expect(bad.value).toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('sosl_search tags each hit with its object type', async () => {
    const r = await call('sosl_search', { search: 'FIND {warranty} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title), Product2(Id, Name)' });
    const hits = (r.value as { searchRecords: { type: string; Id: string }[] }).searchRecords;
    expect(hits.length).toBeGreaterThan(0);
    const known = new Set(org.all<{ Id: string }>(`SELECT Id FROM Knowledge__kav UNION ALL SELECT Id FROM Product2`).map((x) => x.Id));
    for (const h of hits) {
      expect(['Knowledge__kav', 'Product2']).toContain(h.type);
      expect(known.has(h.Id)).toBe(true);
    }
    expect((await call('sosl_search', { search: 'FIND {' })).observation).toMatch(/^MALFORMED_SEARCH: /);
  });

  it('describe_object and list_objects follow the schema registry', async () => {
    const objects = (await call('list_objects', {})).value as { name: string }[];
    expect(objects.map((o) => o.name)).toEqual(OBJECTS.filter((o) => o.queryable && o.name !== 'Organization').map((o) => o.name));
    const d = (await call('describe_object', { object_name: 'case' })).value as { name: string; fields: { name: string; type: string; referenceTo?: string[]; picklistValues?: string[] }[] };
    const def = OBJECTS.find((o) => o.name === 'Case')!;
    expect(d.name).toBe('Case');
    expect(d.fields.map((f) => f.name)).toEqual(def.fields.map((f) => f.name));
    expect(d.fields.find((f) => f.name === 'AccountId')!.referenceTo).toEqual(['Account']);
    const statuses = org.all<{ s: string }>(`SELECT DISTINCT Status s FROM "Case"`).map((x) => x.s);
    for (const st of statuses) expect(d.fields.find((f) => f.name === 'Status')!.picklistValues).toContain(st);
    const nope = await call('describe_object', { object_name: 'Nope' });
    expect(nope.observation).toBe("NOT_FOUND: No object named 'Nope'; call list_objects for the names.");
  });

  it('get_record returns the record (or the asked fields)', async () => {
    const c = org.all<{ Id: string; Subject: string; CreatedDate: string }>(`SELECT Id, Subject, CreatedDate FROM "Case" ORDER BY Id LIMIT 1 OFFSET 3`)[0]!;
    const full = (await call('get_record', { object_name: 'Case', record_id: c.Id })).value as Record<string, unknown>;
    expect(full).toMatchObject({ Id: c.Id, Subject: c.Subject, CreatedDate: apiDatetime(c.CreatedDate) });
    expect('attributes' in full).toBe(false);
    expect((await call('get_record', { object_name: 'Case', record_id: c.Id, fields: ['Subject'] })).value).toEqual({ Subject: c.Subject, Id: c.Id });
    expect((await call('get_record', { object_name: 'Case', record_id: '500000000000000AAA' })).observation).toMatch(/^NOT_FOUND: /);
  });

  it('submit_answer ends the episode; bad arguments name the parameter', async () => {
    expect(await call('submit_answer', { answer: 'CA' })).toEqual({ value: 'CA', observation: 'Answer submitted.', done: true });
    expect((await call('submit_answer', {})).observation).toBe('Error: invalid arguments for submit_answer: answer: missing (required). Expected {answer}.');
    expect((await call('soql_query', { query: 'SELECT Id FROM Case', limit: 3 })).observation).toBe("Error: invalid arguments for soql_query: unknown argument 'limit'. Expected {query}.");
    expect((await call('get_record', { object_name: 'Case', record_id: 5 })).observation).toMatch(/record_id: Invalid input: expected string, received number/);
    expect((await call('respond', { content: 'x' })).observation).toMatch(/^Unknown action respond\. Available tools: soql_query, /);
  });
});
