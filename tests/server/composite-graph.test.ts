// `POST /composite/graph` over a real listening server: jsforce (Connection#requestPost, since
// jsforce has no graph helper) and fetch. Graphs are all-or-nothing each, references stay inside a
// graph, and the documented limits hold.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_limits.htm
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_LIMITS } from '../../server/org/index.js';
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

interface Node {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
}
interface GraphOut {
  graphId: string;
  isSuccessful: boolean;
  graphResponse: { compositeResponse: { body: any; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }[] };
}

const conn = () => new jsforce.Connection({ instanceUrl: srv.url, accessToken: srv.token, version: '59.0' });
const post = (referenceId: string, type: string, body: unknown): Node => ({ method: 'POST', url: `${V}/sobjects/${type}/`, referenceId, body });
const count = (where: string) => Number(srv.store.get(`SELECT COUNT(*) AS n FROM ${where}`)!.n);

async function graph(body: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${srv.url}${V}/composite/graph`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

describe('composite/graph with jsforce', () => {
  it('creates an account, its contact and a case referring to both; the response has the documented shape', async () => {
    const out = (await conn().requestPost(`${V}/composite/graph`, {
      graphs: [
        {
          graphId: 'onboard1',
          compositeRequest: [
            post('acc', 'Account', { Name: 'Graph Outfitters' }),
            post('con', 'Contact', { LastName: 'Cashman', AccountId: '@{acc.id}' }),
            post('case', 'Case', { Subject: 'Graph order', AccountId: '@{acc.id}', ContactId: '@{con.id}' }),
            { method: 'GET', url: `${V}/sobjects/Contact/@{con.id}?fields=AccountId,LastName`, referenceId: 'read' },
          ],
        },
      ],
    })) as { graphs: GraphOut[] };
    expect(out.graphs).toHaveLength(1);
    const g = out.graphs[0]!;
    expect(Object.keys(g).sort()).toEqual(['graphId', 'graphResponse', 'isSuccessful']);
    expect([g.graphId, g.isSuccessful]).toEqual(['onboard1', true]);
    const [acc, con, cs, read] = g.graphResponse.compositeResponse;
    expect([acc!.httpStatusCode, con!.httpStatusCode, cs!.httpStatusCode, read!.httpStatusCode]).toEqual([201, 201, 201, 200]);
    expect(acc!.httpHeaders.Location).toBe(`${V}/sobjects/Account/${acc!.body.id}`);
    expect(read!.body).toMatchObject({ AccountId: acc!.body.id, LastName: 'Cashman' });
    expect(srv.store.get('SELECT "AccountId", "ContactId" FROM "Case" WHERE "Id" = ?', [cs!.body.id])).toEqual({ AccountId: acc!.body.id, ContactId: con!.body.id });
  });

  it('a failing node rolls back its own graph only; the other graphs are kept', async () => {
    const before = count(`"Account" WHERE "Name" LIKE 'Rollback %'`);
    const out = (await conn().requestPost(`${V}/composite/graph`, {
      graphs: [
        { graphId: 'ok1', compositeRequest: [post('a', 'Account', { Name: 'Rollback kept 1' })] },
        { graphId: 'bad', compositeRequest: [post('a', 'Account', { Name: 'Rollback lost' }), post('c', 'Contact', { AccountId: '@{a.id}' }), post('d', 'Account', { Name: 'Rollback never' })] },
        { graphId: 'ok2', compositeRequest: [post('a', 'Account', { Name: 'Rollback kept 2' })] },
      ],
    })) as { graphs: GraphOut[] };
    expect(out.graphs.map((g) => [g.graphId, g.isSuccessful])).toEqual([
      ['ok1', true],
      ['bad', false],
      ['ok2', true],
    ]);
    const bad = out.graphs[1]!.graphResponse.compositeResponse;
    expect(bad.map((r) => r.httpStatusCode)).toEqual([400, 400, 400]);
    expect(bad.map((r) => r.body[0].errorCode)).toEqual(['PROCESSING_HALTED', 'REQUIRED_FIELD_MISSING', 'PROCESSING_HALTED']);
    expect(count(`"Account" WHERE "Name" LIKE 'Rollback %'`) - before).toBe(2);
    expect(count(`"Account" WHERE "Name" = 'Rollback lost'`)).toBe(0);
  });

  it('references do not cross graphs', async () => {
    const r = await graph({
      graphs: [
        { graphId: 'one', compositeRequest: [post('x', 'Account', { Name: 'Cross 1' })] },
        { graphId: 'two', compositeRequest: [post('y', 'Contact', { LastName: 'Cross', AccountId: '@{x.id}' })] },
      ],
    });
    const [one, two] = r.json.graphs as GraphOut[];
    expect([one!.isSuccessful, two!.isSuccessful]).toEqual([true, false]);
    expect(two!.graphResponse.compositeResponse[0]!.body[0]).toMatchObject({ errorCode: 'PROCESSING_HALTED', message: expect.stringContaining("Provided referenceId ('x')") });
  });
});

describe('composite/graph limits', () => {
  const chain = (n: number): Node[] => Array.from({ length: n }, (_, i) => post(`n${i}`, 'Account', { Name: i === 0 ? 'Depth root' : `Depth @{n${i - 1}.id}` }));

  it('a graph 15 deep runs; 16 deep is refused before anything is written', async () => {
    const ok = await graph({ graphs: [{ graphId: 'd15', compositeRequest: chain(GRAPH_LIMITS.depth) }] });
    expect(ok.json.graphs[0].isSuccessful).toBe(true);
    const before = srv.store.contentHash();
    const deep = await graph({ graphs: [{ graphId: 'd16', compositeRequest: chain(GRAPH_LIMITS.depth + 1) }] });
    expect(deep.status).toBe(400);
    expect(deep.json[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining('deeper than 15') });
    expect(srv.store.contentHash()).toBe(before);
  });

  it('75 graphs and 500 nodes per request; more is refused', async () => {
    const many = (graphs: number, nodes: number) => ({
      graphs: Array.from({ length: graphs }, (_, g) => ({ graphId: `g${g}`, compositeRequest: Array.from({ length: nodes }, (_, i) => ({ method: 'GET', url: `${V}/sobjects/Account/001zz000000000${g % 10}`, referenceId: `r${i}` })) })),
    });
    const r75 = await graph(many(75, 1));
    expect(r75.status).toBe(200);
    expect(r75.json.graphs).toHaveLength(75);
    expect((await graph(many(76, 1))).status).toBe(400);
    expect((await graph(many(1, 500))).status).toBe(200);
    const r501 = await graph(many(1, 501));
    expect([r501.status, r501.json[0].errorCode]).toEqual([400, 'INVALID_FIELD']);
    const split = await graph(many(2, 251));
    expect([split.status, split.json[0].message]).toEqual([400, expect.stringContaining('500 nodes are allowed in one request')]);
  });

  it('after 14 failed graphs the remaining ones are PROCESSING_HALTED, not run', async () => {
    const failing = (i: number) => ({ graphId: `f${i}`, compositeRequest: [post('c', 'Contact', { FirstName: 'NoLastName' })] });
    const last = { graphId: 'late', compositeRequest: [post('a', 'Account', { Name: 'Never written' })] };
    const r = await graph({ graphs: [...Array.from({ length: GRAPH_LIMITS.failures + 1 }, (_, i) => failing(i)), last] });
    const out = r.json.graphs as GraphOut[];
    expect(out).toHaveLength(GRAPH_LIMITS.failures + 2);
    expect(out.every((g) => !g.isSuccessful)).toBe(true);
    expect(out.at(-1)!.graphResponse.compositeResponse[0]!.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(count(`"Account" WHERE "Name" = 'Never written'`)).toBe(0);
  });

  it('more than 15 different nodes (version × method × object) are refused', async () => {
    const objects = ['Account', 'Contact', 'Case', 'Product2', 'Order', 'Pricebook2', 'Knowledge__kav', 'User'];
    const nodes = objects.flatMap((o, i) => [
      { method: 'GET', url: `${V}/sobjects/${o}/001zz0000000001`, referenceId: `g${i}` },
      { method: 'DELETE', url: `${V}/sobjects/${o}/001zz0000000001`, referenceId: `d${i}` },
    ]);
    const r = await graph({ graphs: [{ graphId: 'kinds', compositeRequest: nodes }] });
    expect([r.status, r.json[0].message]).toEqual([400, expect.stringContaining('15 different nodes')]);
  });

  it('graphIds must be unique and start with an alphanumeric character; bodies are checked', async () => {
    expect((await graph({ graphs: [{ graphId: '_x', compositeRequest: [] }] })).json[0].errorCode).toBe('JSON_PARSER_ERROR');
    expect((await graph({ graphs: [] })).status).toBe(400);
    expect((await graph({ nope: 1 })).json[0].errorCode).toBe('JSON_PARSER_ERROR');
    const dupRef = await graph({ graphs: [{ graphId: 'g', compositeRequest: [post('a', 'Account', { Name: 'x' }), post('a', 'Account', { Name: 'y' })] }] });
    expect(dupRef.json[0].message).toContain('Duplicate ReferenceId');
    const get = await fetch(`${srv.url}${V}/composite/graph`, { headers: { Authorization: `Bearer ${srv.token}` } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
