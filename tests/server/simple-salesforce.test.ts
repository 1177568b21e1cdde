// simple_salesforce's requests, reproduced byte for byte over HTTPS (it only builds https:// URLs):
// the SOAP login envelope, `query/?q=` with `+` for spaces, `X-PrettyPrint: 1` and
// `Content-Type: application/json` on GETs, paging through `https://{instance}{nextRecordsUrl}`,
// and the exception-string contract CRMArena parses (compat case 42). The same exchange through real Python
// code (requests, minidom, literal_eval) is tests/interop/python-requests.test.ts (`npm run test:interop`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { simpleSalesforceLogin } from '../helpers/soap.js';

let s: TestServer;
let instance: string; // host:port, as simple_salesforce derives it
let caPath: string;

beforeAll(async () => {
  s = await startTestServer({ tls: true });
  instance = new URL(s.httpsUrl!).host;
  caPath = join(mkdtempSync(join(tmpdir(), 'lf-ca-')), 'cert.pem');
  writeFileSync(caPath, s.ca!);
});
afterAll(() => s.close());

/** Python's urllib.parse.quote_plus (what requests uses for params). */
function quotePlus(v: string): string {
  return encodeURIComponent(v)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function request(method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: s.ca, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url.slice(0, 200)}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const sfHeaders = (sid: string) => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${sid}`, 'X-PrettyPrint': '1' });

/** str(SalesforceMalformedRequest) and friends: `{prefix} {url}. Response content: {repr(content)}`. */
function pythonRepr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
  }
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`).join(', ')}}`;
}

describe('simple_salesforce over HTTPS', () => {
  it('SOAP login (SOAPAction: login, bogus charset header); minidom-style reads; instance keeps the port', async () => {
    const r = await request('POST', `${s.httpsUrl}/services/Soap/u/59.0`, { 'content-type': 'text/xml', charset: 'UTF-8', SOAPAction: 'login' }, simpleSalesforceLogin('api@localforce.dev', 'localforce'));
    expect(r.status).toBe(200);
    const sessionId = /<sessionId>([^<]+)<\/sessionId>/.exec(r.text)![1]!;
    const serverUrl = /<serverUrl>([^<]+)<\/serverUrl>/.exec(r.text)![1]!;
    const sfInstance = serverUrl.replace('http://', '').replace('https://', '').split('/')[0]!.replace('-api', '');
    expect(sfInstance).toBe(instance);
    const q = await request('GET', `https://${sfInstance}/services/data/v59.0/query/?q=${quotePlus('SELECT Id FROM User LIMIT 1')}`, sfHeaders(sessionId));
    expect(q.status).toBe(200);
  });

  it('wrong password: 500 with sf:exceptionCode / sf:exceptionMessage (SalesforceAuthenticationFailed)', async () => {
    const r = await request('POST', `${s.httpsUrl}/services/Soap/u/59.0`, { 'content-type': 'text/xml', charset: 'UTF-8', SOAPAction: 'login' }, simpleSalesforceLogin('api@localforce.dev', 'bad&amp;pw'));
    expect(r.status).toBe(500);
    const code = /<sf:exceptionCode>([^<]+)</.exec(r.text)![1];
    const message = /<sf:exceptionMessage>([^<]+)</.exec(r.text)![1];
    expect(`Authentication failed (code: ${code}): ${message}`).toBe('Authentication failed (code: INVALID_LOGIN): Invalid username, password, security token; or user locked out.');
  });

  it('query_all pages through https://{instance}{nextRecordsUrl} with X-PrettyPrint bodies', async () => {
    const base = `https://${instance}/services/data/v59.0/`;
    let r = await request('GET', `${base}query/?q=${quotePlus('SELECT Id, Name FROM Product2')}`, sfHeaders(s.token));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(String(r.headers['sforce-limit-info'])).toMatch(/^api-usage=\d+\/15000/);
    expect(r.text).toContain('\n');
    let page = JSON.parse(r.text) as { totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] };
    const all = [...page.records];
    while (!page.done) {
      r = await request('GET', `https://${instance}${page.nextRecordsUrl}`, sfHeaders(s.token));
      page = JSON.parse(r.text);
      all.push(...page.records);
    }
    expect(all).toHaveLength(page.totalSize);
    expect(page.totalSize).toBe(2500);
  });

  it('include_deleted → queryAll/, search/, limits/, sobjects/T/ with trailing slashes', async () => {
    const base = `https://${instance}/services/data/v59.0/`;
    expect((await request('GET', `${base}queryAll/?q=${quotePlus('SELECT Id FROM Account')}`, sfHeaders(s.token))).status).toBe(200);
    expect((await request('GET', `${base}search/?q=${quotePlus('FIND {Acme}')}`, sfHeaders(s.token))).status).toBe(200);
    expect((await request('GET', `${base}limits/`, sfHeaders(s.token))).status).toBe(200);
    const created = await request('POST', `${base}sobjects/Account/`, sfHeaders(s.token), JSON.stringify({ Name: 'From Python' }));
    expect(created.status).toBe(201);
    expect((await request('GET', `${base}sobjects/Account/describe/`, sfHeaders(s.token))).status).toBe(200);
    // is_sandbox(): SELECT IsSandbox FROM Organization LIMIT 1
    const sandbox = await request('GET', `${base}query/?q=${quotePlus('SELECT IsSandbox FROM Organization LIMIT 1')}`, sfHeaders(s.token));
    expect(JSON.parse(sandbox.text).records[0].IsSandbox).toBe(false);
  });

  it('compat case 42: the exception string CRMArena parses (Response content: <Python repr of a list of {message, errorCode}>)', async () => {
    const url = `https://${instance}/services/data/v59.0/query/?q=${quotePlus('SELECT Id, Foo FROM Account')}`;
    expect(url).toContain('q=SELECT+Id%2C+Foo+FROM+Account');
    const r = await request('GET', url, sfHeaders(s.token));
    expect(r.status).toBe(400);
    const content = JSON.parse(r.text) as Array<Record<string, unknown>>;
    expect(Array.isArray(content)).toBe(true);
    expect(Object.keys(content[0]!)).toEqual(['message', 'errorCode']);
    const str = `Malformed request ${url}. Response content: ${pythonRepr(content)}`;
    expect(str.startsWith(`Malformed request https://${instance}/services/data/v59.0/query/?q=SELECT+Id%2C+Foo+FROM+Account. Response content: [{'message': `)).toBe(true);
    expect(str.endsWith(", 'errorCode': 'INVALID_FIELD'}]")).toBe(true);
  });

  it('401 bodies are JSON lists whose element 0 carries errorCode (re-login trigger)', async () => {
    const r = await request('GET', `https://${instance}/services/data/v59.0/query/?q=${quotePlus('SELECT Id FROM Account')}`, sfHeaders('expired'));
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)[0].errorCode).toBe('INVALID_SESSION_ID');
  });
});
