// The 43 numbered client-compatibility cases (other suites cite them as "compat case N"), as HTTP exchanges against a real listening
// server (127.0.0.1, port 0) over the mini org (tests/server/fixtures/mini-org.ts). Case 42 is the
// simple_salesforce exception-string contract (see also simple-salesforce.test.ts); case 43 is in
// tests/jsforce/jsforce.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_ID, API_USER_ID } from '../../schema/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { MINI } from './fixtures/mini-org.js';
import { jsforceLogin, simpleSalesforceLogin } from '../helpers/soap.js';

const V = '/services/data/v59.0';
const ORG15 = ORG_ID.slice(0, 15);
const NOW = new Date('2024-03-20T12:00:00.000Z');

let s: TestServer;
let auth: Record<string, string>;

async function call(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}) {
  const headers: Record<string, string> = { ...auth, ...opts.headers };
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const r = await fetch(s.url + path, { method, headers, body });
  const text = await r.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json: json as any };
}
const q = (soql: string, all = false) => call('GET', `${V}/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`);

function errorBody(code: string, message: string) {
  return [{ message, errorCode: code }];
}

beforeAll(async () => {
  s = await startTestServer({ now: NOW });
  auth = { Authorization: `Bearer ${s.token}` };
});
afterAll(async () => {
  await s.close();
});

const LOGIN_FAULT =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode><sf:exceptionMessage>Invalid username, password, security token; or user locked out.</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>';

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('compat cases: auth and discovery (1–7, 41)', () => {
  it('1: GET /services/data/ lists versions without auth', async () => {
    const r = await fetch(`${s.url}/services/data/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await r.json()) as Array<Record<string, string>>;
    expect(body).toContainEqual({ label: "Winter '24", url: '/services/data/v59.0', version: '59.0' });
    expect(body).toContainEqual({ label: "Spring '24", url: '/services/data/v60.0', version: '60.0' });
    expect(body).toContainEqual({ label: "Summer '24", url: '/services/data/v61.0', version: '61.0' });
    expect(body).toContainEqual({ label: "Summer '26", url: '/services/data/v67.0', version: '67.0' });
    expect(body[0]).toEqual({ label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
    expect(body).toHaveLength(37);
  });

  it('2: GET V/ lists resources with an absolute identity URL', async () => {
    const r = await call('GET', `${V}/`);
    expect(r.status).toBe(200);
    expect(r.json.query).toBe(`${V}/query`);
    expect(r.json.sobjects).toBe(`${V}/sobjects`);
    expect(r.json.identity).toBe(`${s.url}/id/${ORG_ID}/${API_USER_ID}`);
  });

  for (const [name, envelope] of [
    ['simple_salesforce', simpleSalesforceLogin],
    ['jsforce', jsforceLogin],
  ] as const) {
    it(`3: SOAP login with the ${name} envelope`, async () => {
      const r = await fetch(`${s.url}/services/Soap/u/59.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', SOAPAction: name === 'jsforce' ? '""' : 'login', charset: 'UTF-8' },
        body: envelope('api@localforce.dev', 'localforce'),
      });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
      const xml = await r.text();
      expect(tag(xml, 'passwordExpired')).toBe('false');
      expect(tag(xml, 'serverUrl')).toBe(`${s.url}/services/Soap/u/59.0/${ORG15}`);
      expect(tag(xml, 'metadataServerUrl')).toBe(`${s.url}/services/Soap/m/59.0/${ORG15}`);
      expect(tag(xml, 'userId')).toBe(API_USER_ID);
      expect(tag(xml, 'organizationId')).toBe(ORG_ID);
      const sid = tag(xml, 'sessionId')!;
      expect(sid.startsWith(`${ORG15}!`)).toBe(true);
      // The session id works as a bearer token.
      const q1 = await fetch(`${s.url}${V}/limits`, { headers: { Authorization: `Bearer ${sid}` } });
      expect(q1.status).toBe(200);
      // Element order of the result.
      const order = ['metadataServerUrl', 'passwordExpired', 'sandbox', 'serverUrl', 'sessionId', 'userId', 'userInfo'].map((t) => xml.indexOf(`<${t}>`));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    });

    it(`4: SOAP login with a wrong password (${name} envelope) → the INVALID_LOGIN fault`, async () => {
      const r = await fetch(`${s.url}/services/Soap/u/59.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', SOAPAction: 'login' },
        body: envelope('api@localforce.dev', 'wrong'),
      });
      expect(r.status).toBe(500);
      expect(r.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
      expect(await r.text()).toBe(LOGIN_FAULT);
    });
  }

  it('3: SOAP login on /services/Soap/c/ (enterprise) and XML entities in the password', async () => {
    const t = await startTestServer({ now: NOW, app: { auth: { password: 'p&<"x', securityToken: 'TOK' } } });
    try {
      const r = await fetch(`${t.url}/services/Soap/c/60.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', SOAPAction: 'login' },
        body: simpleSalesforceLogin('API@localforce.dev', 'p&amp;&lt;&quot;xTOK'),
      });
      expect(r.status).toBe(200);
      const xml = await r.text();
      expect(tag(xml, 'serverUrl')).toBe(`${t.url}/services/Soap/c/60.0/${ORG15}`);
      expect(xml).toContain('xmlns="urn:enterprise.soap.sforce.com"');
      // Without the security token the login fails.
      const bad = await fetch(`${t.url}/services/Soap/u/60.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: jsforceLogin('api@localforce.dev', 'p&amp;&lt;&quot;x') });
      expect(bad.status).toBe(500);
    } finally {
      await t.close();
    }
  });

  it('3: SOAP logout revokes the session', async () => {
    const login = await (await fetch(`${s.url}/services/Soap/u/50.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: jsforceLogin('api@localforce.dev', 'localforce') })).text();
    const sid = tag(login, 'sessionId')!;
    const out = await fetch(`${s.url}/services/Soap/u/50.0/${ORG15}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
      body: `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header><SessionHeader xmlns="urn:partner.soap.sforce.com"><sessionId>${sid}</sessionId></SessionHeader></se:Header><se:Body><logout xmlns="urn:partner.soap.sforce.com"/></se:Body></se:Envelope>`,
    });
    expect(out.status).toBe(200);
    const after = await fetch(`${s.url}${V}/limits`, { headers: { Authorization: `Bearer ${sid}` } });
    expect(after.status).toBe(401);
  });

  it('5: OAuth password grant → exact keys in order, no trailing slash', async () => {
    const r = await fetch(`${s.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'cid', client_secret: 'secret', username: 'api@localforce.dev', password: 'localforce' }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await r.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['access_token', 'instance_url', 'id', 'token_type', 'issued_at', 'signature']);
    expect(body.instance_url).toBe(s.url);
    expect(body.id).toBe(`${s.url}/id/${ORG_ID}/${API_USER_ID}`);
    expect(body.token_type).toBe('Bearer');
    expect(body.issued_at).toBe(String(NOW.getTime()));
    const ok = await fetch(`${s.url}${V}/`, { headers: { Authorization: `OAuth ${body.access_token}` } });
    expect(ok.status).toBe(200);
  });

  it('6: OAuth bad password → invalid_grant; missing client id → invalid_client_id', async () => {
    const post = (p: Record<string, string>) =>
      fetch(`${s.url}/services/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(p) });
    const bad = await post({ grant_type: 'password', client_id: 'cid', client_secret: 'x', username: 'api@localforce.dev', password: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('{"error":"invalid_grant","error_description":"authentication failure"}');
    const noClient = await post({ grant_type: 'password', username: 'api@localforce.dev', password: 'localforce' });
    expect(noClient.status).toBe(400);
    expect(await noClient.text()).toBe('{"error":"invalid_client_id","error_description":"client identifier invalid"}');
  });

  it('7: no Authorization → 401 INVALID_SESSION_ID (JSON array)', async () => {
    const r = await fetch(`${s.url}${V}/query?q=SELECT+Id+FROM+Account`);
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await r.text()).toBe('[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]');
    const unknown = await fetch(`${s.url}${V}/query?q=SELECT+Id+FROM+Account`, { headers: { Authorization: 'Bearer nope' } });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(errorBody('INVALID_SESSION_ID', 'Session expired or invalid'));
    const malformed = await fetch(`${s.url}${V}/`, { headers: { Authorization: 'Basic Zm9vOmJhcg==' } });
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toEqual(errorBody('INVALID_AUTH_HEADER', 'INVALID_HEADER_TYPE'));
  });

  it('41: GET V/limits/ and the Sforce-Limit-Info header on every REST response', async () => {
    const r = await call('GET', `${V}/limits/`);
    expect(r.status).toBe(200);
    expect(r.json.DailyApiRequests).toEqual({ Max: 15000, Remaining: expect.any(Number) });
    expect(r.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    for (const path of [`${V}/`, `${V}/nope`, `/services/data/`, `${V}/query?q=`]) {
      const x = await call('GET', path);
      expect(x.headers.get('sforce-limit-info'), path).toMatch(/^api-usage=\d+\/15000$/);
    }
    const used1 = Number(/=(\d+)\//.exec((await call('GET', `${V}/limits`)).headers.get('sforce-limit-info')!)![1]);
    const used2 = Number(/=(\d+)\//.exec((await call('GET', `${V}/limits`)).headers.get('sforce-limit-info')!)![1]);
    expect(used2).toBe(used1 + 1);
  });
});

describe('compat cases: query (8–29)', () => {
  const run = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      await fn();
    });

  run('8: lower-case query, trailing slash → canonical keys, attributes first', async () => {
    const r = await call('GET', `${V}/query/?q=${encodeURIComponent('select id, name from account limit 2')}`);
    expect(r.status).toBe(200);
    expect(r.json.totalSize).toBe(2);
    expect(r.json.done).toBe(true);
    expect(Object.keys(r.json)).toEqual(['totalSize', 'done', 'records']);
    const rec = r.json.records[0];
    expect(Object.keys(rec)).toEqual(['attributes', 'Id', 'Name']);
    expect(rec.attributes).toEqual({ type: 'Account', url: `${V}/sobjects/Account/${rec.Id}` });
    expect(rec.Id).toMatch(/^001[a-zA-Z0-9]{15}$/);
  });

  run('8: simple_salesforce encoding (+ for spaces) and jsforce encoding (%20) give the same result', async () => {
    const plus = await call('GET', `${V}/query/?q=SELECT+Id%2C+Name+FROM+Account+ORDER+BY+Name`);
    const pct = await call('GET', `${V}/query?q=SELECT%20Id%2C%20Name%20FROM%20Account%20ORDER%20BY%20Name`);
    expect(plus.status).toBe(200);
    expect(plus.json).toEqual(pct.json);
  });

  run('9: COUNT() → totalSize, no records', async () => {
    const r = await q('SELECT COUNT() FROM Account');
    expect(r.text).toBe(`{"totalSize":${MINI.accounts},"done":true,"records":[]}`);
  });

  run('10: COUNT(Id) → one AggregateResult row with expr0', async () => {
    const r = await q('SELECT COUNT(Id) FROM Account');
    expect(r.json).toEqual({ totalSize: 1, done: true, records: [{ attributes: { type: 'AggregateResult' }, expr0: MINI.accounts }] });
  });

  run('11: GROUP BY with alias and unaliased aggregate', async () => {
    const r = await q('SELECT Status, COUNT(Id) cnt, SUM(TotalAmount) FROM Order GROUP BY Status');
    expect(r.status).toBe(200);
    for (const rec of r.json.records) {
      expect(Object.keys(rec)).toEqual(['attributes', 'Status', 'cnt', 'expr0']);
      expect(rec.attributes).toEqual({ type: 'AggregateResult' });
    }
    const activated = r.json.records.find((x: any) => x.Status === 'Activated');
    expect(activated.cnt).toBe(2);
    expect(activated.expr0).toBe(200);
  });

  run('12: parent path; a null parent is null', async () => {
    const r = await q('SELECT LastName, Account.Name FROM Contact');
    const orphan = r.json.records.find((x: any) => x.LastName === 'Orphan');
    expect(orphan.Account).toBeNull();
    const able = r.json.records.find((x: any) => x.LastName === 'Able');
    expect(able.Account).toEqual({ attributes: { type: 'Account', url: `${V}/sobjects/Account/${MINI.acmeId}` }, Name: 'Acme Corp' });
  });

  run('13: child subquery; no children → null', async () => {
    const r = await q('SELECT Name, (SELECT LastName FROM Contacts) FROM Account');
    const acme = r.json.records.find((x: any) => x.Name === 'Acme Corp');
    expect(acme.Contacts.totalSize).toBe(2);
    expect(acme.Contacts.done).toBe(true);
    expect(acme.Contacts.records).toHaveLength(2);
    const lonely = r.json.records.find((x: any) => x.Name === 'Lonely Account');
    expect(lonely.Contacts).toBeNull();
  });

  run('14: datetime and date formats', async () => {
    const r = await q(`SELECT Id, CreatedDate, EffectiveDate FROM Order WHERE Id = '${'801000000000001AAA'}' LIMIT 1`);
    expect(r.json.records[0].CreatedDate).toBe('2023-07-02T11:00:00.000+0000');
    expect(r.json.records[0].EffectiveDate).toBe('2023-07-02');
  });

  run('15: 2,500 rows page at 2,000; the locator serves the rest', async () => {
    const r = await q('SELECT Id FROM Product2');
    expect(r.json.totalSize).toBe(MINI.products);
    expect(r.json.done).toBe(false);
    expect(r.json.records).toHaveLength(2000);
    expect(Object.keys(r.json)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(r.json.nextRecordsUrl).toMatch(/^\/services\/data\/v59\.0\/query\/01g[a-zA-Z0-9]{15}-2000$/);
    const p2 = await call('GET', r.json.nextRecordsUrl);
    expect(p2.status).toBe(200);
    expect(p2.json.totalSize).toBe(MINI.products);
    expect(p2.json.done).toBe(true);
    expect(p2.json.nextRecordsUrl).toBeUndefined();
    expect(p2.json.records).toHaveLength(500);
    const ids = new Set([...r.json.records, ...p2.json.records].map((x: any) => x.Id));
    expect(ids.size).toBe(MINI.products);
    // queryAll pages through /query/ too, and the locator is also accepted under /queryAll/.
    const all = await q('SELECT Id FROM Product2', true);
    expect(all.json.nextRecordsUrl).toMatch(/\/query\/01g/);
    const viaAll = await call('GET', all.json.nextRecordsUrl.replace('/query/', '/queryAll/'));
    expect(viaAll.json.records).toHaveLength(500);
  });

  run('15: Sforce-Query-Options batchSize and unknown locators', async () => {
    const r = await call('GET', `${V}/query?q=${encodeURIComponent('SELECT Id FROM Product2')}`, { headers: { 'Sforce-Query-Options': 'batchSize=1000' } });
    expect(r.json.records).toHaveLength(1000);
    expect(r.json.nextRecordsUrl).toMatch(/-1000$/);
    const p2 = await call('GET', r.json.nextRecordsUrl, { headers: { 'Sforce-Query-Options': 'batchSize=1000' } });
    expect(p2.json.records).toHaveLength(1000);
    expect(p2.json.nextRecordsUrl).toMatch(/-2000$/);
    const bad = await call('GET', `${V}/query/01g000000000999AAA-2000`);
    expect(bad.status).toBe(400);
    expect(bad.json[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
  });

  const ERR_TAIL = {
    field: ". If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    type: ". If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
  };

  run('16: unknown field → INVALID_FIELD with the caret excerpt', async () => {
    const r = await q('SELECT Id, Foo FROM Account');
    expect(r.status).toBe(400);
    expect(r.json).toEqual(
      errorBody('INVALID_FIELD', `\nSELECT Id, Foo FROM Account\n${' '.repeat(11)}^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'${ERR_TAIL.field}`),
    );
  });

  run('17: unknown object → INVALID_TYPE', async () => {
    const r = await q('SELECT Id FROM Foo');
    expect(r.status).toBe(400);
    expect(r.json).toEqual(errorBody('INVALID_TYPE', `\nSELECT Id FROM Foo\n${' '.repeat(15)}^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported${ERR_TAIL.type}`));
  });

  run('18: unexpected <EOF>', async () => {
    const r = await q('SELECT Id FROM Account WHERE');
    expect(r.json).toEqual(errorBody('MALFORMED_QUERY', `\nSELECT Id FROM Account WHERE\n${' '.repeat(28)}^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'`));
  });

  const code = (r: { json: any }) => r.json?.[0]?.errorCode as string;
  const msg = (r: { json: any }) => r.json?.[0]?.message as string;
  const text = (r: { json: any }) => msg(r).split('\n').at(-1)!;

  run('19: unknown relationship', async () => {
    const r = await q("SELECT Id FROM Contact WHERE Foo.Name = 'x'");
    expect(r.status).toBe(400);
    expect(code(r)).toBe('INVALID_FIELD');
    expect(text(r).startsWith("Didn't understand relationship 'Foo' in field path.")).toBe(true);
  });

  run('20: alias on a plain field', async () => {
    const r = await q('SELECT Id Name FROM Account');
    expect(r.status).toBe(400);
    expect(code(r)).toBe('MALFORMED_QUERY');
    expect(text(r)).toBe('only aggregate expressions use field aliasing');
  });

  run('21: AND and OR mixed without parentheses', async () => {
    const r = await q("SELECT Id FROM Account WHERE Name = 'a' AND ShippingState = 'b' OR ShippingCity = 'c'");
    expect(code(r)).toBe('MALFORMED_QUERY');
    expect(text(r)).toBe("unexpected token: 'OR'");
  });

  run('22: ungrouped field with an aggregate', async () => {
    const r = await q('SELECT Name, COUNT(Id) FROM Account');
    expect(code(r)).toBe('MALFORMED_QUERY');
    expect(text(r)).toBe('Field must be grouped or aggregated: Name');
  });

  run('23: bad id literal', async () => {
    const r = await q("SELECT Id FROM Account WHERE Id = 'abc'");
    expect(r.status).toBe(400);
    expect(['INVALID_QUERY_FILTER_OPERATOR', 'MALFORMED_QUERY']).toContain(code(r));
    expect(text(r)).toBe('invalid ID field: abc');
  });

  run('24: date literal against a datetime field', async () => {
    const r = await q('SELECT Id FROM Account WHERE CreatedDate > 2024-01-01');
    expect(r.status).toBe(400);
    expect(text(r)).toBe("value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes");
  });

  run('25: LAST_N_DAYS with the fixed clock', async () => {
    const in30 = await q('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:30');
    expect(in30.status).toBe(200);
    expect(in30.json.totalSize).toBe(MINI.accounts); // created 2024-03-01, clock 2024-03-20
    const in10 = await q('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:10');
    expect(in10.json.totalSize).toBe(0);
  });

  run('26: OFFSET over 2000', async () => {
    const r = await q('SELECT Id FROM Account ORDER BY Name OFFSET 2001');
    expect(r.status).toBe(400);
    expect(code(r)).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(text(r)).toBe('Maximum SOQL offset allowed is 2000');
  });

  run('27: FIELDS(ALL) without LIMIT', async () => {
    const r = await q('SELECT FIELDS(ALL) FROM Account');
    expect(code(r)).toBe('MALFORMED_QUERY');
    expect(text(r)).toBe('The SOQL FIELDS function must have a LIMIT of at most 200');
  });

  run('28: duplicate field', async () => {
    const r = await q('SELECT Id, Id FROM Account');
    expect(code(r)).toBe('INVALID_FIELD');
    expect(text(r)).toBe('duplicate field selected: Id');
  });

  run('29: semi-join under OR', async () => {
    const r = await q("SELECT Id FROM Account WHERE Name = 'x' OR Id IN (SELECT AccountId FROM Contact)");
    expect(code(r)).toBe('MALFORMED_QUERY');
    expect(text(r)).toBe("Semi join sub-selects are not allowed with the 'OR' operator");
  });

  run('a bad query is never 5xx and never 401', async () => {
    for (const soql of ['SELECT', 'SELECT Id FROM', "SELECT Id FROM Account WHERE Name = 'unterminated", 'DELETE FROM Account', 'SELECT Id FROM Account LIMIT -1', '{}', '\u0000', 'SELECT Id FROM Account WHERE Name IN ()']) {
      const r = await q(soql);
      expect(r.status, soql).toBe(400);
      expect(Array.isArray(r.json), soql).toBe(true);
      expect(typeof r.json[0].message).toBe('string');
      expect(typeof r.json[0].errorCode).toBe('string');
    }
  });
});

describe('compat cases: search (30–32)', () => {
  const run = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      await fn();
    });

  run('30: SOSL with RETURNING field list', async () => {
    const r = await call('GET', `${V}/search/?q=FIND+%7BAcme%7D+IN+NAME+FIELDS+RETURNING+Account(Id,Name)`);
    expect(r.status).toBe(200);
    expect(r.json.searchRecords).toHaveLength(1);
    const rec = r.json.searchRecords[0];
    expect(Object.keys(rec)).toEqual(['attributes', 'Id', 'Name']);
    expect(rec.attributes).toEqual({ type: 'Account', url: `${V}/sobjects/Account/${MINI.acmeId}` });
    expect(rec.Name).toBe('Acme Corp');
  });

  run('31: one-character term', async () => {
    const r = await call('GET', `${V}/search?q=${encodeURIComponent('FIND {a}')}`);
    expect(r.json).toEqual(errorBody('INVALID_SEARCH', 'search term must be longer than one character: a'));
    expect(r.status).toBe(400);
  });

  run('32: Apex-style quoted term', async () => {
    const r = await call('GET', `${V}/search?q=${encodeURIComponent("FIND 'Acme' IN ALL FIELDS")}`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(errorBody('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'));
  });

  run('parameterizedSearch GET and POST', async () => {
    const g = await call('GET', `${V}/parameterizedSearch/?q=Acme&sobject=Account&Account.fields=Id,Name&Account.limit=10`);
    expect(g.status).toBe(200);
    expect(g.json.searchRecords.map((x: any) => x.Name)).toEqual(['Acme Corp']);
    const p = await call('POST', `${V}/parameterizedSearch`, { body: { q: 'Acme', sobjects: [{ name: 'Account', fields: ['Id', 'Name'] }] } });
    expect(p.status).toBe(200);
    expect(p.json.searchRecords.map((x: any) => x.Name)).toEqual(['Acme Corp']);
  });
});

describe('compat cases: records, describe, composite (33–40)', () => {
  const run = (name: string, _need: 'sobjects' | 'composite', fn: () => Promise<void>) =>
    it(name, async () => {
      await fn();
    });

  run('33: create → 201', 'sobjects', async () => {
    const r = await call('POST', `${V}/sobjects/Account/`, { body: { Name: 'X' } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(['id', 'success', 'errors']);
    expect(r.json.id).toMatch(/^001[a-zA-Z0-9]{15}$/);
    expect(r.json.success).toBe(true);
    expect(r.json.errors).toEqual([]);
  });

  run('34: required field missing', 'sobjects', async () => {
    const r = await call('POST', `${V}/sobjects/Account`, { body: {} });
    expect(r.status).toBe(400);
    expect(r.text).toBe('[{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}]');
  });

  run('35: unknown field on create', 'sobjects', async () => {
    const r = await call('POST', `${V}/sobjects/Account`, { body: { Name: 'X', Foo: 1 } });
    expect(r.status).toBe(400);
    expect(r.text).toBe('[{"message":"No such column \'Foo\' on sobject of type Account","errorCode":"INVALID_FIELD"}]');
  });

  run('36: update, delete, 404 after, queryAll still sees it', 'sobjects', async () => {
    const created = await call('POST', `${V}/sobjects/account`, { body: { Name: 'To Delete' } });
    const id = created.json.id as string;
    const patch = await call('PATCH', `${V}/sobjects/Account/${id}`, { body: { Name: 'Y' } });
    expect(patch.status).toBe(204);
    expect(patch.text).toBe('');
    const del = await call('DELETE', `${V}/sobjects/Account/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const get = await call('GET', `${V}/sobjects/Account/${id}`);
    expect(get.status).toBe(404);
    expect(get.text).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
    const all = await q(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, true);
    expect(all.json.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  run('37: non-id string → external-id lookup 404', 'sobjects', async () => {
    const r = await call('GET', `${V}/sobjects/Account/xyz`);
    expect(r.status).toBe(404);
    expect(r.text).toBe('[{"errorCode":"NOT_FOUND","message":"Provided external ID field does not exist or is not accessible: xyz"}]');
  });

  run('38: upsert by external id: 201 created, then 200 not created', 'sobjects', async () => {
    const first = await call('PATCH', `${V}/sobjects/Product2/External_ID__c/NEW-1`, { body: { Name: 'Upserted' } });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id: expect.stringMatching(/^01t/), success: true, errors: [], created: true });
    const second = await call('PATCH', `${V}/sobjects/Product2/External_ID__c/NEW-1`, { body: { Name: 'Upserted again' } });
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ id: first.json.id, success: true, errors: [], created: false });
  });

  run('39: describeGlobal and describe', 'sobjects', async () => {
    const g = await call('GET', `${V}/sobjects`);
    expect(g.json.encoding).toBe('UTF-8');
    expect(g.json.maxBatchSize).toBe(200);
    expect(g.json.sobjects.map((o: any) => o.name)).toContain('Account');
    const d = await call('GET', `${V}/sobjects/Account/describe`);
    expect(d.json.name).toBe('Account');
    expect(d.json.fields.find((f: any) => f.name === 'Id').type).toBe('id');
    const owner = d.json.fields.find((f: any) => f.name === 'OwnerId');
    expect(owner.referenceTo).toEqual(['User']);
    expect(owner.relationshipName).toBe('Owner');
    const lower = await call('GET', `${V}/sobjects/account/describe/`);
    expect(lower.json.name).toBe('Account');
    const unknown = await call('GET', `${V}/sobjects/Foo/describe`);
    expect(unknown.status).toBe(404);
  });

  run('40: composite sobjects, allOrNone false', 'composite', async () => {
    const r = await call('POST', `${V}/composite/sobjects`, {
      body: { allOrNone: false, records: [{ attributes: { type: 'Account' }, Name: 'A' }, { attributes: { type: 'Account' } }] },
    });
    expect(r.status).toBe(200);
    expect(r.json[0]).toEqual({ id: expect.stringMatching(/^001/), success: true, errors: [] });
    expect(r.json[1].success).toBe(false);
    expect(r.json[1].errors[0]).toEqual(expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }));
  });
});

describe('Salesforce CLI probes (docs/clients.md §5)', () => {
  it('userinfo → sobjects/User/{id} → Organization NamespacePrefix → ScratchOrgInfo is a 4xx', async () => {
    const info = await call('GET', '/services/oauth2/userinfo');
    expect(info.status).toBe(200);
    const user = await call('GET', `${V}/sobjects/User/${info.json.user_id}`);
    expect(user.status).toBe(200);
    expect(user.json.Username).toBe('api@localforce.dev');
    const ns = await q('Select Namespaceprefix FROM Organization');
    expect(ns.status).toBe(200);
    expect(Object.keys(ns.json.records[0])).toContain('NamespacePrefix');
    const scratch = await q('SELECT Id FROM ScratchOrgInfo LIMIT 1');
    expect(scratch.status).toBeGreaterThanOrEqual(400);
    expect(scratch.status).toBeLessThan(500);
  });
});
