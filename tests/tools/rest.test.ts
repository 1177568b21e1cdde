// The REST front door (/localforce/tools) on a real listening server: the three sets as OpenAI
// function definitions with valid JSON Schemas (CRMArena's names, parameters and required lists),
// calls in the bearer token's episode, and every kind of bad request answered without a 5xx.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAiTool } from '../../server/tools/types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testOrgPath } from '../helpers/org.js';

let s: TestServer;
let H: Record<string, string>;
beforeAll(async () => {
  s = await startTestServer({ db: testOrgPath() });
  H = { Authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
});
afterAll(() => s.close());

const list = async (set?: string) => fetch(`${s.url}/localforce/tools${set ? `?set=${set}` : ''}`, { headers: H });
const post = (name: string, body: string, headers: Record<string, string> = H) => fetch(`${s.url}/localforce/tools/${name}`, { method: 'POST', headers, body });

// CRMArena's TOOLS (crm_sandbox/env/functions.py __info__): name → [parameters, required].
const CRMARENA: Record<string, [string[], string[]]> = {
  get_agents_with_max_cases: [['subset_cases'], ['subset_cases']],
  get_agents_with_min_cases: [['subset_cases'], ['subset_cases']],
  calculate_average_handle_time: [['cases'], ['cases']],
  get_start_date: [['end_date', 'period', 'interval_count'], ['end_date', 'period', 'interval_count']],
  get_period: [['period_name', 'year'], ['period_name', 'year']],
  get_agent_handled_cases_by_period: [['start_date', 'end_date'], ['start_date', 'end_date']],
  get_qualified_agent_ids_by_case_count: [['agent_handled_cases', 'n_cases'], ['agent_handled_cases', 'n_cases']],
  get_cases: [['start_date', 'end_date', 'agent_ids', 'case_ids', 'order_item_ids', 'issue_ids', 'statuses'], []],
  get_non_transferred_case_ids: [['start_date', 'end_date'], ['start_date', 'end_date']],
  get_agent_transferred_cases_by_period: [['start_date', 'end_date', 'qualified_agent_ids'], ['start_date', 'end_date']],
  get_shipping_state: [['cases'], ['cases']],
  calculate_region_average_closure_times: [['cases'], ['cases']],
  get_order_item_ids_by_product: [['product_id'], ['product_id']],
  get_issue_counts: [['start_date', 'end_date', 'order_item_ids'], ['start_date', 'end_date', 'order_item_ids']],
  find_id_with_max_value: [['values_by_id'], ['values_by_id']],
  find_id_with_min_value: [['values_by_id'], ['values_by_id']],
  get_account_id_by_contact_id: [['contact_id'], ['contact_id']],
  get_purchase_history: [['account_id', 'purchase_date', 'related_product_ids'], ['account_id', 'purchase_date', 'related_product_ids']],
  get_month_to_case_count: [['cases'], ['cases']],
  search_knowledge_articles: [['search_term'], ['keywords']],
  search_products: [['search_term'], ['search_term']],
  get_issues: [[], []],
  respond: [['content'], ['content']],
  get_livechat_transcript_by_case_id: [['case_id'], ['case_id']],
  get_email_messages_by_case_id: [['case_id'], ['case_id']],
};

describe('GET /localforce/tools', () => {
  it('lists the three sets as OpenAI function definitions with valid JSON Schemas', async () => {
    const ajv = new Ajv2020({ strict: true, strictRequired: false });
    const sizes: Record<string, number> = {};
    for (const set of ['crmarena', 'crmarena-full', 'generic']) {
      const r = await list(set);
      expect(r.status).toBe(200);
      const tools = (await r.json()) as OpenAiTool[];
      sizes[set] = tools.length;
      for (const t of tools) {
        expect(t.type).toBe('function');
        expect(t.function.description.length).toBeGreaterThan(30);
        expect(t.function.parameters.type).toBe('object');
        expect(() => ajv.compile(t.function.parameters), t.function.name).not.toThrow();
      }
    }
    expect(sizes).toEqual({ crmarena: 25, 'crmarena-full': 27, generic: 6 });
    expect((await (await list()).json()) as unknown[]).toHaveLength(25); // default set: crmarena
  });

  it("keeps CRMArena's names, order, parameters and required lists", async () => {
    const tools = (await (await list('crmarena-full')).json()) as OpenAiTool[];
    expect(tools.map((t) => t.function.name)).toEqual([...Object.keys(CRMARENA), 'issue_soql_query', 'issue_sosl_query']);
    for (const t of tools.slice(0, 25)) {
      const [params, required] = CRMARENA[t.function.name]!;
      expect(Object.keys((t.function.parameters.properties ?? {}) as object), t.function.name).toEqual(params);
      expect(t.function.parameters.required ?? [], t.function.name).toEqual(required);
    }
  });

  it('valid arguments pass the schema; an agent following the schema gets answers', async () => {
    const ajv = new Ajv2020({ strictRequired: false });
    const tools = (await (await list('crmarena')).json()) as OpenAiTool[];
    const schema = (name: string) => ajv.compile(tools.find((t) => t.function.name === name)!.function.parameters);
    expect(schema('get_period')({ period_name: 'Winter', year: 2021 })).toBe(true);
    expect(schema('get_period')({ period_name: 'Winter', year: '2021' })).toBe(false);
    expect(schema('get_cases')({ statuses: ['Closed'], agent_ids: ['005'] })).toBe(true);
    expect(schema('find_id_with_max_value')({ values_by_id: { a: 1.5 } })).toBe(true);
  });

  it('an unknown set is 404; no token is 401', async () => {
    const r = await list('nope');
    expect(r.status).toBe(404);
    expect(((await r.json()) as { message: string }[])[0]!.message).toMatch(/crmarena, crmarena-full, generic/);
    expect((await fetch(`${s.url}/localforce/tools`)).status).toBe(401);
    expect((await fetch(`${s.url}/localforce/tools`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});

describe('POST /localforce/tools/{name}', () => {
  it('runs the tool and answers {value, observation}', async () => {
    const r = await post('get_period', JSON.stringify({ period_name: 'Q1', year: 2023 }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      value: { start_date: '2023-01-01T00:00:00Z', end_date: '2023-04-01T00:00:00Z' },
      observation: "{'start_date': '2023-01-01T00:00:00Z', 'end_date': '2023-04-01T00:00:00Z'}",
    });
    const issues = (await (await post('get_issues', '')).json()) as { value: unknown[] };
    expect(issues.value.length).toBe(s.store.count('Issue__c'));
  });

  it("runs in the bearer token's episode", async () => {
    const ep = await s.app.localforce.episodes.create({ label: 'tools-rest' });
    await ep.create('Issue__c', { Name: 'Episode-only issue' });
    const q = JSON.stringify({ query: "SELECT Name FROM Issue__c WHERE Name = 'Episode-only issue'" });
    const inEpisode = (await (await post('issue_soql_query', q, { ...H, Authorization: `Bearer ${ep.token}` })).json()) as { observation: string };
    expect(inEpisode.observation).toBe("[{'Name': 'Episode-only issue'}]");
    const inDefault = (await (await post('issue_soql_query', q)).json()) as { observation: string };
    expect(inDefault.observation).toBe('[]');
    await s.app.localforce.episodes.delete(ep.id);
    expect((await post('issue_soql_query', q, { ...H, Authorization: `Bearer ${ep.token}` })).status).toBe(401);
  });

  it('bad requests: unknown tool 404, tool of another set 404, bad JSON 400, non-object body → observation, wrong verb 405', async () => {
    const unknown = await post('nope', '{}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual([{ errorCode: 'NOT_FOUND', message: 'Unknown action nope' }]);
    expect((await fetch(`${s.url}/localforce/tools/soql_query?set=crmarena`, { method: 'POST', headers: H, body: '{}' })).status).toBe(404);
    const bad = await post('get_cases', '{"start_date": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }[])[0]!.errorCode).toBe('JSON_PARSER_ERROR');
    const arr = await post('get_cases', '[1]');
    expect(arr.status).toBe(200);
    expect(((await arr.json()) as { observation: string }).observation).toBe('Error: crm_sandbox.env.functions.get_cases() argument after ** must be a mapping, not list');
    const text = await post('get_cases', 'x', { ...H, 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect((await fetch(`${s.url}/localforce/tools/get_cases`, { headers: H })).status).toBe(405);
    expect((await fetch(`${s.url}/localforce/tools`, { method: 'DELETE', headers: H })).status).toBe(405);
  });

  it('wrong argument types and values are observations (200), never 5xx', async () => {
    const cases: [string, unknown][] = [
      ['get_cases', { start_date: 12 }],
      ['get_cases', { agent_ids: [{ a: 1 }, null] }],
      ['get_cases', { case_ids: ["O'Brien", 'x'] }],
      ['get_issue_counts', { start_date: 'bad', end_date: 'bad', order_item_ids: ['x'] }],
      ['calculate_average_handle_time', { cases: [{ OwnerId: [1], CreatedDate: '2024-01-01T00:00:00.000+0000', ClosedDate: '2024-01-01T00:00:00.000+0000' }] }],
      ['get_shipping_state', { cases: [{ AccountId: ['x'] }, { AccountId: 'y' }] }],
      ['get_month_to_case_count', { cases: 'nope' }],
      ['find_id_with_max_value', { values_by_id: { a: null } }],
      ['get_qualified_agent_ids_by_case_count', { agent_handled_cases: { a: 'x' }, n_cases: 1 }],
      ['get_purchase_history', { account_id: 1, purchase_date: 2, related_product_ids: 3 }],
      ['search_products', { search_term: '{}' }],
      ['search_knowledge_articles', { search_term: 'a"b\\' }],
      ['issue_sosl_query', { query: 'FIND {' }],
      ['issue_soql_query', { query: 'SELECT' }],
      ['soql_query', { query: ['x'] }],
      ['get_record', { object_name: 'Case', record_id: 'nope' }],
      ['get_record', { object_name: 'Nope', record_id: '500000000000001AAA' }],
      ['describe_object', {}],
    ];
    for (const [name, args] of cases) {
      const r = await post(name, JSON.stringify(args));
      expect(r.status, `${name} ${JSON.stringify(args)}`).toBe(200);
      const body = (await r.json()) as { observation: string; isError?: boolean };
      expect(body.observation.length, name).toBeGreaterThan(0);
      expect(body.isError, `${name} ${JSON.stringify(args)}: ${body.observation}`).toBe(true);
    }
  });
});
