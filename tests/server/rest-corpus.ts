// The REST corpus: numbered REST API behaviours taken from Salesforce's REST API Developer Guide, each
// with the page it comes from (`doc`) and what Localforce must answer. tests/server/rest-corpus.test.ts
// sends them in order to a live server over the scale-1 test org (22,000 PricebookEntry rows), checks
// each answer, sends every `parity` case also through `composite` and `composite/batch` (to servers
// over copies of the same org, in the same order) and compares the answers, and checks that every row
// of docs/compatibility.md's REST section cites cases (`[R12 R13]`) whose outcome agrees with its status.
//
// Cases are steps of one session: a path or body may be computed from earlier answers (`a(n)` is
// the answer of case n on the same server), e.g. the id a create returned or a nextRecordsUrl.
import { expect } from 'vitest';

export interface Answer {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or null when the body is empty. */
  readonly body: any;
}

export type Earlier = (n: number) => Answer;

export interface RestCase {
  readonly n: number;
  readonly doc: string;
  readonly method: string;
  /** The URL path and query; `/services/data/…`. */
  readonly path: string | ((a: Earlier) => string);
  readonly body?: unknown | ((a: Earlier) => unknown);
  /** A raw request body (sent as is; never through composite). */
  readonly raw?: { readonly text: string; readonly type: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** Send without the session header. */
  readonly anonymous?: boolean;
  /**
   * Also send it as a subrequest and compare: `both` = through composite and batch, `composite` =
   * composite only (batch subrequests carry no headers), `none` = direct only.
   */
  readonly parity: 'both' | 'composite' | 'none';
  readonly status: number;
  /** errorCode of element 0 of an error body. */
  readonly code?: string;
  readonly check?: (r: Answer, a: Earlier) => void;
}

const REST = 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/';
const doc = (page: string) => `${REST}${page}`;
const V = '/services/data/v59.0';
const q = (soql: string) => encodeURIComponent(soql);
const LATER = 'Wed, 01 Jan 2031 00:00:00 GMT';
const EARLIER = 'Mon, 01 Jan 2018 00:00:00 GMT';
const WINDOW = `start=${q('2020-01-01T00:00:00Z')}&end=${q('2024-06-15T00:00:00Z')}`;
const subs = (r: Answer) => (r.body as { compositeResponse: { httpStatusCode: number; body: any; referenceId: string }[] }).compositeResponse;
const graphs = (r: Answer) => (r.body as { graphs: { graphId: string; isSuccessful: boolean; graphResponse: { compositeResponse: { httpStatusCode: number; body: any }[] } }[] }).graphs;
const node = (url: string, referenceId: string, method = 'POST', body?: unknown) => ({ method, url, referenceId, ...(body === undefined ? {} : { body }) });
const firstAccount = (a: Earlier) => String(a(6).body.records[0].Id);
const created = (a: Earlier) => String(a(24).body.id);

export const REST_CORPUS: readonly RestCase[] = [
  // ── versions and resources ──
  { n: 1, doc: doc('resources_versions.htm'), method: 'GET', path: '/services/data/', parity: 'none', status: 200, check: (r) => expect(r.body.map((v: { version: string }) => v.version)).toContain('59.0') },
  { n: 2, doc: doc('resources_discoveryresource.htm'), method: 'GET', path: `${V}/`, parity: 'both', status: 200, check: (r) => expect(r.body.sobjects).toBe(`${V}/sobjects`) },
  // "If you request any resource or use an operation from a retired API version, REST API returns the 410:GONE error code."
  { n: 3, doc: doc('api_rest_eol.htm'), method: 'GET', path: '/services/data/v30.0/sobjects', parity: 'both', status: 410, code: 'GONE' },
  { n: 4, doc: doc('api_rest_eol.htm'), method: 'GET', path: '/services/data/v7.0/limits', parity: 'both', status: 410, code: 'GONE' },
  { n: 5, doc: doc('resources_versions.htm'), method: 'GET', path: '/services/data/v99.0/sobjects', parity: 'both', status: 404, code: 'NOT_FOUND' },

  // ── query, paging, explain ──
  { n: 6, doc: doc('resources_query.htm'), method: 'GET', path: `${V}/query?q=${q('SELECT Id, Name FROM Account ORDER BY Id LIMIT 3')}`, parity: 'both', status: 200, check: (r) => expect([r.body.totalSize, r.body.done, r.body.records.length]).toEqual([3, true, 3]) },
  // More than 2,000 rows: the first batch, `done: false` and a `nextRecordsUrl` — through composite too.
  {
    n: 7,
    doc: doc('dome_query.htm'),
    method: 'GET',
    path: `${V}/query?q=${q('SELECT Id FROM PricebookEntry')}`,
    parity: 'both',
    status: 200,
    check: (r) => {
      expect([r.body.totalSize, r.body.done, r.body.records.length]).toEqual([22000, false, 2000]);
      expect(r.body.nextRecordsUrl).toMatch(/^\/services\/data\/v59\.0\/query\/01g\w+-2000$/);
    },
  },
  { n: 8, doc: doc('dome_query.htm'), method: 'GET', path: (a) => String(a(7).body.nextRecordsUrl), parity: 'both', status: 200, check: (r) => expect([r.body.done, r.body.records.length, r.body.nextRecordsUrl.endsWith('-4000')]).toEqual([false, 2000, true]) },
  // Sforce-Query-Options: batchSize (200–2,000) — a header, so composite only (batch subrequests carry none).
  { n: 9, doc: doc('headers_queryoptions.htm'), method: 'GET', path: `${V}/query?q=${q('SELECT Id FROM PricebookEntry')}`, headers: { 'Sforce-Query-Options': 'batchSize=500' }, parity: 'composite', status: 200, check: (r) => expect(r.body.records.length).toBe(500) },
  { n: 10, doc: doc('resources_query.htm'), method: 'GET', path: `${V}/query?q=${q('SELEC Id FROM Account')}`, parity: 'both', status: 400, code: 'MALFORMED_QUERY' },
  { n: 11, doc: doc('resources_query.htm'), method: 'GET', path: `${V}/query`, parity: 'both', status: 400, code: 'MALFORMED_QUERY' },
  { n: 12, doc: doc('resources_queryall.htm'), method: 'GET', path: `${V}/queryAll?q=${q('SELECT COUNT() FROM Account')}`, parity: 'both', status: 200, check: (r) => expect(r.body.totalSize).toBeGreaterThan(0) },
  {
    n: 13,
    doc: doc('dome_query_explain.htm'),
    method: 'GET',
    path: `${V}/query?explain=${q("SELECT Id FROM Account WHERE Name = 'x'")}`,
    parity: 'both',
    status: 200,
    check: (r) => expect(r.body.plans[0]).toMatchObject({ sobjectType: 'Account', leadingOperationType: expect.any(String) }),
  },
  { n: 14, doc: doc('resources_query.htm'), method: 'GET', path: `${V}/query/01g000000000000AAA-2000`, parity: 'both', status: 400, code: 'INVALID_QUERY_LOCATOR' },
  { n: 15, doc: doc('resources_search.htm'), method: 'GET', path: `${V}/search?q=${q('FIND {Corpus}')}`, parity: 'both', status: 200, check: (r) => expect(Array.isArray(r.body.searchRecords)).toBe(true) },

  // ── describe, conditional requests ──
  { n: 16, doc: doc('resources_describeGlobal.htm'), method: 'GET', path: `${V}/sobjects`, parity: 'both', status: 200, check: (r) => expect(r.body.sobjects.length).toBeGreaterThan(10) },
  { n: 17, doc: doc('resources_sobject_basic_info.htm'), method: 'GET', path: `${V}/sobjects/Account`, parity: 'both', status: 200, check: (r) => expect(r.headers['last-modified']).toBeDefined() },
  // If-Modified-Since on or after the metadata's last change: 304 with no body.
  { n: 18, doc: doc('describe_global_with_ifmodified_header.htm'), method: 'GET', path: `${V}/sobjects/Account/describe`, headers: { 'If-Modified-Since': LATER }, parity: 'composite', status: 304, check: (r) => expect(r.body).toBeNull() },
  { n: 19, doc: doc('intro_rest_conditional_requests.htm'), method: 'GET', path: `${V}/sobjects/Account/describe`, headers: { 'If-Modified-Since': EARLIER }, parity: 'composite', status: 200, check: (r) => expect(r.body.name).toBe('Account') },
  { n: 20, doc: doc('resources_sobject_basic_info.htm'), method: 'GET', path: `${V}/sobjects/Nope__c`, parity: 'both', status: 404, code: 'NOT_FOUND' },

  // ── sObject rows ──
  { n: 21, doc: doc('resources_sobject_retrieve.htm'), method: 'GET', path: (a) => `${V}/sobjects/Account/${firstAccount(a)}`, parity: 'both', status: 200, check: (r, a) => expect(r.body.Id).toBe(firstAccount(a)) },
  { n: 22, doc: doc('resources_sobject_retrieve.htm'), method: 'GET', path: (a) => `${V}/sobjects/Account/${firstAccount(a)}?fields=Name`, parity: 'both', status: 200, check: (r) => expect(Object.keys(r.body).sort()).toEqual(['Id', 'Name', 'attributes']) },
  { n: 23, doc: doc('resources_sobject_retrieve.htm'), method: 'GET', path: `${V}/sobjects/Account/001zzzzzzzzzzzz`, parity: 'both', status: 404, code: 'NOT_FOUND' },
  { n: 24, doc: doc('dome_sobject_create.htm'), method: 'POST', path: `${V}/sobjects/Account`, body: { Name: 'Corpus A' }, parity: 'both', status: 201, check: (r) => expect(r.headers.location).toBe(`${V}/sobjects/Account/${r.body.id}`) },
  { n: 25, doc: doc('dome_sobject_create.htm'), method: 'POST', path: `${V}/sobjects/Account`, body: {}, parity: 'both', status: 400, code: 'REQUIRED_FIELD_MISSING' },
  { n: 26, doc: doc('dome_sobject_create.htm'), method: 'POST', path: `${V}/sobjects/Account`, body: { Name: 'x', Bogus__c: 1 }, parity: 'both', status: 400, code: 'INVALID_FIELD' },
  { n: 27, doc: doc('dome_update_fields.htm'), method: 'PATCH', path: (a) => `${V}/sobjects/Account/${created(a)}`, body: { Name: 'Corpus B' }, parity: 'both', status: 204 },
  // "…send a POST request and provide an override to the HTTP method with the query string parameter _HttpMethod."
  { n: 28, doc: doc('dome_update_fields.htm'), method: 'POST', path: (a) => `${V}/sobjects/Account/${created(a)}?_HttpMethod=PATCH`, body: { Name: 'Corpus C' }, parity: 'both', status: 204 },
  { n: 29, doc: doc('errorcodes.htm'), method: 'PUT', path: `${V}/sobjects/Account`, body: {}, parity: 'both', status: 405, code: 'METHOD_NOT_ALLOWED', check: (r) => expect(r.headers.allow).toBe('GET,HEAD,POST') },
  { n: 30, doc: doc('resources_listviews.htm'), method: 'GET', path: `${V}/sobjects/Account/listviews`, parity: 'both', status: 501, code: 'NOT_EMULATED' },
  { n: 31, doc: doc('resources_sobject_layouts.htm'), method: 'GET', path: `${V}/sobjects/Account/describe/layouts`, parity: 'both', status: 501, code: 'NOT_EMULATED' },
  { n: 32, doc: doc('resources_getupdated.htm'), method: 'GET', path: `${V}/sobjects/Account/updated?${WINDOW}`, parity: 'both', status: 200, check: (r) => expect(Array.isArray(r.body.ids)).toBe(true) },
  { n: 33, doc: doc('resources_getdeleted.htm'), method: 'GET', path: `${V}/sobjects/Account/deleted?${WINDOW}`, parity: 'both', status: 200, check: (r) => expect(Array.isArray(r.body.deletedRecords)).toBe(true) },
  { n: 34, doc: doc('resources_getupdated.htm'), method: 'GET', path: `${V}/sobjects/Account/updated`, parity: 'both', status: 400, code: 'MISSING_ARGUMENT' },
  { n: 35, doc: doc('dome_delete_record.htm'), method: 'DELETE', path: (a) => `${V}/sobjects/Account/${created(a)}`, parity: 'both', status: 204 },
  { n: 36, doc: doc('resources_sobject_retrieve.htm'), method: 'GET', path: (a) => `${V}/sobjects/Account/${created(a)}`, parity: 'both', status: 404, code: 'NOT_FOUND' },
  { n: 37, doc: doc('dome_upsert.htm'), method: 'PATCH', path: `${V}/sobjects/Product2/External_ID__c/corpus-1`, body: { Name: 'Corpus shoe' }, parity: 'both', status: 201, check: (r) => expect(r.body.created).toBe(true) },
  { n: 38, doc: doc('dome_upsert.htm'), method: 'PATCH', path: `${V}/sobjects/Product2/External_ID__c/corpus-1`, body: { Name: 'Corpus shoe 2' }, parity: 'both', status: 200, check: (r) => expect(r.body.created).toBe(false) },
  { n: 39, doc: doc('resources_sobject_upsert.htm'), method: 'GET', path: `${V}/sobjects/Product2/External_ID__c/corpus-1?fields=Name`, parity: 'both', status: 200, check: (r) => expect(r.body.Name).toBe('Corpus shoe 2') },

  // ── other resources ──
  { n: 40, doc: doc('resources_list.htm'), method: 'GET', path: `${V}/tooling/query?q=${q('SELECT Id FROM ApexClass')}`, parity: 'both', status: 501, code: 'NOT_EMULATED' },
  { n: 41, doc: doc('resources_limits.htm'), method: 'GET', path: `${V}/limits`, parity: 'both', status: 200, check: (r) => expect(r.body.DailyApiRequests.Max).toBeGreaterThan(0) },
  { n: 42, doc: doc('resources_recent_items.htm'), method: 'GET', path: `${V}/recent`, parity: 'both', status: 200, check: (r) => expect(r.body).toEqual([]) },
  { n: 43, doc: doc('resources_composite_sobjects_collections_retrieve.htm'), method: 'GET', path: (a) => `${V}/composite/sobjects/Account?ids=${firstAccount(a)}&fields=Name`, parity: 'both', status: 200, check: (r, a) => expect(r.body[0].Id).toBe(firstAccount(a)) },
  { n: 44, doc: doc('intro_rest_resources.htm'), method: 'GET', path: `${V}/nothing/here`, parity: 'both', status: 404, code: 'NOT_FOUND' },

  // ── formats and compression ──
  // JSON or XML by Accept header or suffix: Localforce writes JSON only, so XML is a clear 406.
  { n: 45, doc: doc('intro_rest_resources.htm'), method: 'GET', path: `${V}/sobjects/Account/describe`, headers: { Accept: 'application/xml' }, parity: 'composite', status: 406, code: 'NOT_EMULATED' },
  { n: 46, doc: doc('intro_rest_resources.htm'), method: 'GET', path: `${V}/sobjects/Account/describe.xml`, parity: 'both', status: 406, code: 'NOT_EMULATED' },
  { n: 47, doc: doc('intro_rest_compression.htm'), method: 'GET', path: `${V}/sobjects/Account/describe`, headers: { 'Accept-Encoding': 'gzip' }, parity: 'none', status: 200, check: (r) => expect(r.headers['content-encoding']).toBe('gzip') },
  { n: 48, doc: doc('errorcodes.htm'), method: 'GET', path: `${V}/limits`, anonymous: true, parity: 'none', status: 401, code: 'INVALID_SESSION_ID' },
  { n: 49, doc: doc('errorcodes.htm'), method: 'POST', path: `${V}/sobjects/Account`, raw: { text: '{"Name": ', type: 'application/json' }, parity: 'none', status: 400, code: 'JSON_PARSER_ERROR' },
  { n: 50, doc: doc('errorcodes.htm'), method: 'POST', path: `${V}/sobjects/Account`, raw: { text: 'Name=x', type: 'application/x-www-form-urlencoded' }, parity: 'none', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },

  // ── composite ──
  { n: 51, doc: doc('resources_composite_composite_get.htm'), method: 'GET', path: `${V}/composite`, parity: 'none', status: 200, check: (r) => expect(Object.keys(r.body)).toEqual(['tree', 'batch', 'sobjects', 'graph']) },
  {
    n: 52,
    doc: doc('resources_composite_composite_post.htm'),
    method: 'POST',
    path: `${V}/composite`,
    parity: 'none',
    status: 200,
    body: {
      allOrNone: true,
      compositeRequest: [node(`${V}/sobjects/Account`, 'acc', 'POST', { Name: 'Corpus rollback' }), node(`${V}/sobjects/Contact`, 'con', 'POST', { AccountId: '@{acc.id}' })],
    },
    check: (r) => {
      expect(subs(r).map((s) => s.httpStatusCode)).toEqual([400, 400]);
      expect(subs(r)[0]!.body[0].errorCode).toBe('PROCESSING_HALTED');
      expect(subs(r)[1]!.body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    },
  },
  // The rolled-back account is not there.
  { n: 53, doc: doc('resources_composite_composite_post.htm'), method: 'GET', path: `${V}/query?q=${q("SELECT Id FROM Account WHERE Name = 'Corpus rollback'")}`, parity: 'none', status: 200, check: (r) => expect(r.body.totalSize).toBe(0) },
  // Composite is supported for sObject resources, query and sObject Collections; other composite resources are no subrequests.
  {
    n: 54,
    doc: doc('resources_composite_composite_post.htm'),
    method: 'POST',
    path: `${V}/composite`,
    parity: 'none',
    status: 200,
    body: { compositeRequest: [node(`${V}/composite/batch`, 'b', 'POST', { batchRequests: [] }), node(`${V}/composite/graph`, 'g', 'POST', { graphs: [] })] },
    check: (r) => expect(subs(r).map((s) => s.httpStatusCode)).toEqual([404, 404]),
  },
  {
    n: 55,
    doc: doc('resources_composite_batch.htm'),
    method: 'POST',
    path: `${V}/composite/batch`,
    parity: 'none',
    status: 200,
    body: { haltOnError: true, batchRequests: [{ method: 'GET', url: 'v59.0/sobjects/Nope__c' }, { method: 'GET', url: 'v59.0/limits' }] },
    check: (r) => expect([r.body.hasErrors, r.body.results.map((x: { statusCode: number }) => x.statusCode)]).toEqual([true, [404, 412]]),
  },
  { n: 56, doc: doc('resources_composite_composite_post.htm'), method: 'POST', path: `${V}/composite`, parity: 'none', status: 400, code: 'INVALID_FIELD', body: { compositeRequest: Array.from({ length: 26 }, (_, i) => node(`${V}/limits`, `r${i}`, 'GET')) } },

  // ── composite graph ──
  {
    n: 57,
    doc: doc('resources_composite_graph.htm'),
    method: 'POST',
    path: `${V}/composite/graph`,
    parity: 'none',
    status: 200,
    body: {
      graphs: [
        { graphId: 'g1', compositeRequest: [node(`${V}/sobjects/Account/`, 'a1', 'POST', { Name: 'Corpus graph 1' }), node(`${V}/sobjects/Contact/`, 'c1', 'POST', { LastName: 'Graph', AccountId: '@{a1.id}' })] },
        { graphId: 'g2', compositeRequest: [node(`${V}/sobjects/Account/`, 'a2', 'POST', { Name: 'Corpus graph 2' }), node(`${V}/sobjects/Contact/`, 'c2', 'POST', { AccountId: '@{a2.id}' })] },
      ],
    },
    check: (r) => {
      const [g1, g2] = graphs(r);
      expect([g1!.graphId, g1!.isSuccessful, g2!.graphId, g2!.isSuccessful]).toEqual(['g1', true, 'g2', false]);
      expect(g1!.graphResponse.compositeResponse.map((s) => s.httpStatusCode)).toEqual([201, 201]);
      expect(g2!.graphResponse.compositeResponse.map((s) => s.httpStatusCode)).toEqual([400, 400]);
      expect(g2!.graphResponse.compositeResponse[0]!.body[0].errorCode).toBe('PROCESSING_HALTED');
    },
  },
  // Graph g1 was kept, g2 rolled back as a whole.
  { n: 58, doc: doc('resources_composite_graph.htm'), method: 'GET', path: `${V}/query?q=${q("SELECT Name FROM Account WHERE Name LIKE 'Corpus graph%' ORDER BY Name")}`, parity: 'none', status: 200, check: (r) => expect(r.body.records.map((x: { Name: string }) => x.Name)).toEqual(['Corpus graph 1']) },
  {
    n: 59,
    doc: doc('resources_composite_graph_limits.htm'),
    method: 'POST',
    path: `${V}/composite/graph`,
    parity: 'none',
    status: 400,
    code: 'INVALID_FIELD',
    body: { graphs: Array.from({ length: 76 }, (_, i) => ({ graphId: `g${i}`, compositeRequest: [node(`${V}/sobjects/Account`, 'a', 'POST', { Name: `G${i}` })] })) },
  },
  {
    n: 60,
    doc: doc('resources_composite_graph_limits.htm'),
    method: 'POST',
    path: `${V}/composite/graph`,
    parity: 'none',
    status: 400,
    code: 'INVALID_FIELD',
    // A chain of 16 nodes, each referring to the one before: deeper than 15.
    body: { graphs: [{ graphId: 'deep', compositeRequest: Array.from({ length: 16 }, (_, i) => node(`${V}/sobjects/Account`, `n${i}`, 'POST', { Name: i === 0 ? 'root' : `@{n${i - 1}.id}` })) }] },
  },
  // Graph nodes are sObject rows only: a query node fails its graph.
  {
    n: 61,
    doc: doc('resources_composite_graph_introduction.htm'),
    method: 'POST',
    path: `${V}/composite/graph`,
    parity: 'none',
    status: 200,
    body: { graphs: [{ graphId: 'q', compositeRequest: [node(`${V}/query?q=${q('SELECT Id FROM Account LIMIT 1')}`, 'q1', 'GET')] }] },
    check: (r) => expect([graphs(r)[0]!.isSuccessful, graphs(r)[0]!.graphResponse.compositeResponse[0]!.httpStatusCode]).toEqual([false, 404]),
  },
  {
    n: 62,
    doc: doc('resources_composite_graph_introduction.htm'),
    method: 'POST',
    path: `${V}/composite/graph`,
    parity: 'none',
    status: 400,
    code: 'JSON_PARSER_ERROR',
    body: { graphs: [{ graphId: 'same', compositeRequest: [] }, { graphId: 'same', compositeRequest: [] }] },
  },
  // ── more resources and limits ──
  { n: 63, doc: doc('resources_query.htm'), method: 'GET', path: `${V}/query?q=${q('SELECT Id, Name FROM Account')}&columns=true`, parity: 'both', status: 200, check: (r) => expect(r.body.columnMetadata.map((c: { columnName: string }) => c.columnName)).toEqual(['Id', 'Name']) },
  { n: 64, doc: doc('intro_rest_resources.htm'), method: 'GET', path: `/${V}/limits`, parity: 'none', status: 200 },
  { n: 65, doc: doc('resources_search_parameterized.htm'), method: 'GET', path: `${V}/parameterizedSearch?q=Corpus&sobject=Account`, parity: 'both', status: 200, check: (r) => expect(Array.isArray(r.body.searchRecords)).toBe(true) },
  {
    n: 66,
    doc: doc('resources_composite_sobject_tree.htm'),
    method: 'POST',
    path: `${V}/composite/tree/Account`,
    parity: 'none',
    status: 201,
    body: { records: [{ attributes: { type: 'Account', referenceId: 't1' }, Name: 'Corpus tree', Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 't2' }, LastName: 'Leaf' }] } }] },
    check: (r) => expect([r.body.hasErrors, r.body.results.map((x: { referenceId: string }) => x.referenceId)]).toEqual([false, ['t1', 't2']]),
  },
  { n: 67, doc: doc('intro_rest.htm'), method: 'GET', path: '/services/async/59.0/job', parity: 'none', status: 404, code: 'NOT_FOUND' },
  // Long IN lists of ids fit in the URL (the request line may be up to 1 MB).
  { n: 68, doc: doc('resources_query.htm'), method: 'GET', path: `${V}/query?q=${q(`SELECT Id FROM Account WHERE Id IN (${Array.from({ length: 400 }, (_, i) => `'001zz${String(i).padStart(10, '0')}'`).join(',')})`)}`, parity: 'both', status: 200, check: (r) => expect(r.body.totalSize).toBe(0) },
  { n: 69, doc: doc('errorcodes.htm'), method: 'POST', path: `${V}/sobjects/Account`, raw: { text: `${'['.repeat(1001)}${']'.repeat(1001)}`, type: 'application/json' }, parity: 'none', status: 400, code: 'JSON_PARSER_ERROR' },
];
