// Real Python clients against a real server: python3 + requests + minidom + ast.literal_eval, the way
// simple_salesforce and CRMArena's SalesforceConnector talk to Salesforce. Not part of `npm test`
// (a fresh machine has python3 — node-gyp needs it — but not necessarily `requests`); CI runs it with
// `npm run test:interop`, and it fails loudly when Python or requests is missing.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { simpleSalesforceLogin } from '../helpers/soap.js';

let s: TestServer;
let caPath: string;

beforeAll(async () => {
  const probe = spawnSync('python3', ['-c', 'import requests'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`the interop suite needs python3 with the requests package: ${probe.stderr || probe.error?.message}`);
  s = await startTestServer({ tls: true });
  caPath = join(mkdtempSync(join(tmpdir(), 'lf-ca-')), 'cert.pem');
  writeFileSync(caPath, s.ca!);
});
afterAll(() => s?.close());

describe('real Python (requests + minidom + literal_eval), as simple_salesforce and CRMArena do it', () => {
  it('logs in, pages, and parses an error the CRMArena way', async () => {
    const script = String.raw`
import ast, json, sys, requests
from xml.dom.minidom import parseString
from html import escape
base, ca = sys.argv[1], sys.argv[2]
s = requests.Session(); s.verify = ca
body = open(sys.argv[3]).read().replace('USERNAME', escape('api@localforce.dev')).replace('PASSWORD', escape('localforce'))
r = s.post(base + '/services/Soap/u/59.0', data=body, headers={'content-type': 'text/xml', 'charset': 'UTF-8', 'SOAPAction': 'login'})
dom = parseString(r.content)
sid = dom.getElementsByTagName('sessionId')[0].firstChild.nodeValue
server_url = dom.getElementsByTagName('serverUrl')[0].firstChild.nodeValue
inst = server_url.replace('http://', '').replace('https://', '').split('/')[0].replace('-api', '')
headers = {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + sid, 'X-PrettyPrint': '1'}
url = 'https://%s/services/data/v59.0/' % inst
res = s.get(url + 'query/', headers=headers, params={'q': 'SELECT Id FROM Product2'}).json()
n = len(res['records'])
while not res['done']:
    res = s.get('https://%s%s' % (inst, res['nextRecordsUrl']), headers=headers).json()
    n += len(res['records'])
bad = s.get(url + 'query/', headers=headers, params={'q': 'SELECT Id, Foo FROM Account'})
e = 'Malformed request %s. Response content: %s' % (bad.url, bad.json())
err = ast.literal_eval(e.split('Response content: ')[1])[0]
print(json.dumps({'n': n, 'code': err['errorCode'], 'message': err['message'], 'url': bad.url}))
`;
    const dir = mkdtempSync(join(tmpdir(), 'lf-py-'));
    writeFileSync(join(dir, 'check.py'), script);
    writeFileSync(join(dir, 'envelope.xml'), simpleSalesforceLogin('USERNAME', 'PASSWORD'));
    // Asynchronous: the server runs in this process, a synchronous child would deadlock it.
    const { stdout: out } = await promisify(execFile)('python3', [join(dir, 'check.py'), s.httpsUrl!, caPath, join(dir, 'envelope.xml')], {
      encoding: 'utf8',
      timeout: 60_000,
      // requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override session.verify (docs/clients.md), so
      // point it at the Localforce certificate, as the serve banner suggests.
      env: { ...process.env, REQUESTS_CA_BUNDLE: caPath, CURL_CA_BUNDLE: '', http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '*' },
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { n: number; code: string; message: string; url: string };
    expect(result.n).toBe(2500);
    expect(result.code).toBe('INVALID_FIELD');
    expect(result.message).toContain("No such column 'Foo' on entity 'Account'");
    expect(result.url).toContain('q=SELECT+Id%2C+Foo+FROM+Account');
  });

  it('the plain-HTTP transport adapter of docs/clients.md §4b: login.salesforce.com and https://host:port go to the HTTP port', async () => {
    const script = String.raw`
import re, sys, json, requests
from urllib.parse import urlsplit
from requests.adapters import HTTPAdapter

class LocalforceAdapter(HTTPAdapter):
    def __init__(self, target='http://localhost:8080', **kwargs):
        super().__init__(**kwargs)
        self.target = target.rstrip('/')
    def send(self, request, **kwargs):
        u = urlsplit(request.url)
        request.url = self.target + u.path + (('?' + u.query) if u.query else '')
        return super().send(request, **kwargs)

def localforce_session(target='http://localhost:8080'):
    s = requests.Session()
    adapter = LocalforceAdapter(target)
    for prefix in (f'https://{urlsplit(target).netloc}', 'https://login.salesforce.com', 'https://test.salesforce.com'):
        s.mount(prefix, adapter)
    return s

s = localforce_session(sys.argv[1])
r = s.post('https://login.salesforce.com/services/Soap/u/59.0', data=open(sys.argv[2]).read(), headers={'content-type': 'text/xml', 'charset': 'UTF-8', 'SOAPAction': 'login'})
server_url = re.search('<serverUrl>([^<]+)', r.text).group(1)
sid = re.search('<sessionId>([^<]+)', r.text).group(1)
inst = server_url.replace('http://', '').replace('https://', '').split('/')[0].replace('-api', '')
q = s.get('https://%s/services/data/v59.0/query/' % inst, params={'q': 'SELECT Id, Name FROM Account LIMIT 2'}, headers={'Authorization': 'Bearer ' + sid, 'X-PrettyPrint': '1', 'Content-Type': 'application/json'})
print(json.dumps({'login': r.status_code, 'inst': inst, 'query': q.status_code, 'n': q.json()['totalSize']}))
`;
    const dir = mkdtempSync(join(tmpdir(), 'lf-py-'));
    writeFileSync(join(dir, 'adapter.py'), script);
    writeFileSync(join(dir, 'envelope.xml'), simpleSalesforceLogin('api@localforce.dev', 'localforce'));
    const target = s.url.replace('127.0.0.1', 'localhost');
    const { stdout } = await promisify(execFile)('python3', [join(dir, 'adapter.py'), target, join(dir, 'envelope.xml')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '*' },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { login: number; inst: string; query: number; n: number };
    expect(result).toEqual({ login: 200, inst: new URL(target).host, query: 200, n: 2 });
  });
});

