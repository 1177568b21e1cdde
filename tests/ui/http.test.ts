// The web UI over plain HTTP against a real server: every page's status, login cookies and CSRF,
// escaping of user content, list paging beyond SOQL's OFFSET cap, edits with Salesforce's validation
// errors, the console, tasks, runs and the leaderboard, and bad input of every kind (never a 5xx).
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer } from '../helpers/server.js';
import { Client, rest, soql, startUiWorld, USERNAME, XSS, type Target, type UiWorld } from './fixture.js';

let w: UiWorld;
let c: Client;
/** The episode the main browser session works in (each UI login forks its own). */
let ep: Target;

beforeAll(async () => {
  w = await startUiWorld();
  c = new Client(w.server.url);
  const r = await c.login();
  expect(r.status).toBe(303);
  ep = await c.episode();
});

afterAll(async () => {
  await w?.server.close();
});

const firstId = async (object: string): Promise<string> => (await soql<{ Id: string }>(ep, `SELECT Id FROM ${object} ORDER BY Id LIMIT 1`))[0]!.Id;

describe('entry points', () => {
  it('/ redirects browsers to /lightning and leaves API clients the API answer', async () => {
    const browser = await fetch(`${w.server.url}/`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/lightning');
    const api = await fetch(`${w.server.url}/`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });

  it('pages need a login: a stranger is sent to the login page with the page to come back to', async () => {
    const r = await new Client(w.server.url).get('/lightning/o/Case?sort=Subject');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/lightning/login?next=%2Flightning%2Fo%2FCase%3Fsort%3DSubject');
  });

  it('the stylesheet and the console bundle are served from this server (no CDN)', async () => {
    const css = await fetch(`${w.server.url}/lightning/assets/ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const js = await fetch(`${w.server.url}/lightning/assets/console.js`);
    expect(js.status, 'dist/ui/console.js is built by npm run build').toBe(200);
    const text = await js.text();
    expect(text.length).toBeGreaterThan(10_000);
    expect(text).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
  });
});

describe('login, cookies and CSRF', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and shows the user', async () => {
    const fresh = new Client(w.server.url);
    const form = await fresh.get('/lightning/login');
    expect(form.status).toBe(200);
    expect(form.setCookies.join('\n')).toMatch(/lf_login_csrf=[^;]+; Path=\/lightning; HttpOnly; SameSite=Lax/);
    const r = await fresh.post('/lightning/login', { csrf: Client.csrfOf(form.text), username: USERNAME.toUpperCase(), password: 'localforce', next: '/lightning/o/Case' });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/lightning/o/Case');
    const session = r.setCookies.find((s) => s.startsWith('lf_ui='));
    expect(session).toMatch(/^lf_ui=[A-Za-z0-9_-]{20,}; Path=\/lightning; HttpOnly; SameSite=Lax$/);
    const home = await fresh.get('/lightning');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Localforce API');
  });

  it('rejects a wrong password (401) and a login form without its CSRF token (403)', async () => {
    const fresh = new Client(w.server.url);
    const form = await fresh.get('/lightning/login');
    const bad = await fresh.post('/lightning/login', { csrf: Client.csrfOf(form.text), username: USERNAME, password: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('check your username and password');
    expect(bad.setCookies.some((s) => s.startsWith('lf_ui='))).toBe(false);
    const noCsrf = await fresh.post('/lightning/login', { username: USERNAME, password: 'localforce' });
    expect(noCsrf.status).toBe(403);
    const otherCsrf = await fresh.post('/lightning/login', { csrf: 'x'.repeat(32), username: USERNAME, password: 'localforce' });
    expect(otherCsrf.status).toBe(403);
  });

  it('over HTTPS the cookies are also Secure', async () => {
    const s = await startTestServer({ db: testOrgPath(), tls: true });
    try {
      const setCookie = await new Promise<string[]>((resolve, reject) => {
        https.get(`${s.httpsUrl}/lightning/login`, { ca: s.ca }, (res) => {
          res.resume();
          resolve(res.headers['set-cookie'] ?? []);
        }).on('error', reject);
      });
      expect(setCookie.join('\n')).toMatch(/lf_login_csrf=[^;]+; Path=\/lightning; HttpOnly; SameSite=Lax; Max-Age=3600; Secure/);
    } finally {
      await s.close();
    }
  });

  it('an open redirect through next= is refused', async () => {
    const fresh = new Client(w.server.url);
    const form = await fresh.get('/lightning/login');
    const r = await fresh.post('/lightning/login', { csrf: Client.csrfOf(form.text), username: USERNAME, password: 'localforce', next: '//evil.example/lightning' });
    expect(r.location).toBe('/lightning');
  });

  it('a form POST without the session CSRF token changes nothing (403)', async () => {
    const id = await firstId('Contact');
    const before = (await soql<{ LastName: string }>(ep, `SELECT LastName FROM Contact WHERE Id = '${id}'`))[0]!.LastName;
    const noToken = await c.post(`/lightning/r/Contact/${id}/edit`, { LastName: 'Forged' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('CSRF');
    // Another session's token is no good either.
    const other = new Client(w.server.url);
    await other.login();
    const otherToken = Client.csrfOf((await other.get(`/lightning/r/Contact/${id}/edit`)).text);
    const forged = await c.post(`/lightning/r/Contact/${id}/edit`, { csrf: otherToken, LastName: 'Forged' });
    expect(forged.status).toBe(403);
    const after = (await soql<{ LastName: string }>(ep, `SELECT LastName FROM Contact WHERE Id = '${id}'`))[0]!.LastName;
    expect(after).toBe(before);
  });

  it('logout ends the session', async () => {
    const fresh = new Client(w.server.url);
    await fresh.login();
    const home = await fresh.get('/lightning');
    const out = await fresh.post('/lightning/logout', { csrf: Client.csrfOf(home.text) });
    expect(out.status).toBe(303);
    expect((await fresh.get('/lightning')).status).toBe(303);
  });

  it('each login works in its own episode; ?token= shows another one; logout ends it', async () => {
    const a = new Client(w.server.url);
    await a.login();
    const aEp = await a.episode();
    expect(aEp.token).not.toBe(ep.token);
    expect(aEp.token).not.toBe(w.server.token);
    const id = await firstId('Contact');
    const csrf = Client.csrfOf((await a.get(`/lightning/r/Contact/${id}/edit`)).text);
    expect((await a.post(`/lightning/r/Contact/${id}/edit`, { csrf, LastName: 'OnlyInA' })).status).toBe(303);
    const name = async (t: Target) => (await soql<{ LastName: string }>(t, `SELECT LastName FROM Contact WHERE Id = '${id}'`))[0]!.LastName;
    expect(await name(aEp)).toBe('OnlyInA');
    expect(await name(ep)).not.toBe('OnlyInA');
    expect(await name(w.server)).not.toBe('OnlyInA');
    // A second browser watching A's episode sees A's write.
    const watcher = new Client(w.server.url);
    const r = await watcher.get(`/lightning/r/Contact/${id}?token=${encodeURIComponent(aEp.token)}`);
    expect(r.status).toBe(303);
    expect((await watcher.get(r.location!)).text).toContain('OnlyInA');
    // Logging out of A ends A's episode: its token stops working and the watcher is sent to log in.
    const home = await a.get('/lightning');
    await a.post('/lightning/logout', { csrf: Client.csrfOf(home.text) });
    expect((await rest(aEp, '/query?q=SELECT+Id+FROM+Account+LIMIT+1')).status).toBe(401);
    expect((await watcher.get('/lightning')).status).toBe(303);
  });

  it('resets its own episode to the pristine org (with confirmation), but not a watched one', async () => {
    const b = new Client(w.server.url);
    await b.login();
    const bEp = await b.episode();
    const created = await rest(bEp, '/sobjects/Contact', { method: 'POST', body: { LastName: 'BeforeReset' } });
    const id = (created.json as { id: string }).id;
    const home = await b.get('/lightning');
    const csrf = Client.csrfOf(home.text);
    expect((await b.post('/lightning/episode/reset', { csrf })).status).toBe(400); // not confirmed
    expect((await soql(bEp, `SELECT Id FROM Contact WHERE Id = '${id}'`)).length).toBe(1);
    const r = await b.post('/lightning/episode/reset', { csrf, confirm: 'yes' });
    expect(r.status).toBe(303);
    expect((await b.get(r.location!)).text).toContain('The episode was reset');
    expect((await soql(bEp, `SELECT Id FROM Contact WHERE Id = '${id}'`)).length).toBe(0);
    expect((await b.episode()).token).toBe(bEp.token);
    const watcher = new Client(w.server.url);
    const to = (await watcher.get(`/lightning?token=${encodeURIComponent(bEp.token)}`)).location!;
    const page = await watcher.get(to);
    expect(page.text).toContain('cannot be reset from here');
    expect((await watcher.post('/lightning/episode/reset', { csrf: Client.csrfOf(page.text), confirm: 'yes' })).status).toBe(403);
  });

  it('?token= once attaches the browser to the episode that token selects', async () => {
    const watcher = new Client(w.server.url);
    const r = await watcher.get(`/lightning/o/Case?token=${encodeURIComponent(w.server.token)}&sort=Subject`);
    expect(r.status).toBe(303);
    expect(r.location).toBe('/lightning/o/Case?sort=Subject');
    const page = await watcher.get(r.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('watching episode');
    const bad = await new Client(w.server.url).get('/lightning?token=not-a-token');
    expect(bad.status).toBe(401);
  });
});

describe('every page answers', () => {
  it('each tab, record page, form, search, console, tasks, runs and leaderboard is 200 with landmarks', async () => {
    const acc = await firstId('Account');
    const kase = await firstId('Case');
    const order = await firstId('Order');
    const pages = [
      '/lightning', '/lightning/objects',
      ...['Account', 'Contact', 'Case', 'Order', 'Product2', 'Knowledge__kav', 'Issue__c', 'User', 'EmailMessage', 'OrderItem', 'CaseHistory__c', 'LiveChatTranscript', 'PricebookEntry'].map((o) => `/lightning/o/${o}`),
      `/lightning/r/Account/${acc}`, `/lightning/r/Case/${kase}`, `/lightning/r/Order/${order}`,
      `/lightning/r/Case/${kase}/edit`, `/lightning/r/Case/${kase}/delete`, '/lightning/o/Contact/new',
      '/lightning/search?q=refund', '/lightning/search', '/lightning/console', '/lightning/tasks', `/lightning/tasks/${w.tasks[0]!.id}`,
      '/lightning/runs', '/lightning/runs/run-a', `/lightning/runs/run-a/${w.runIds[0]}`, '/lightning/leaderboard',
    ];
    for (const p of pages) {
      const r = await c.get(p);
      expect(r.status, p).toBe(200);
      expect(r.text, p).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(r.text, p).toContain('<main id="main">');
      expect(r.text, p).toContain('role="banner"');
      expect(r.text, p).toContain('<nav class="tabs" aria-label="Objects and tools">');
      // Accessibility smoke check: every visible control has a <label for> (or an aria-label).
      for (const m of r.text.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
        const attrs = m[2]!;
        if (/type="hidden"/.test(attrs) || /aria-label=/.test(attrs)) continue;
        const id = /id="([^"]+)"/.exec(attrs)?.[1];
        const wrapped = /<label>[^<]*$/.test(r.text.slice(0, m.index)) || new RegExp(`<label><${m[1]}\\b`).test(r.text.slice(m.index! - 7, m.index! + 10));
        expect(wrapped || (id !== undefined && r.text.includes(`<label for="${id}"`)), `${p}: unlabelled <${m[1]} ${attrs}>`).toBe(true);
      }
    }
  });

  it('a record page links lookups and shows the related lists with their counts', async () => {
    const [kase] = await soql<{ Id: string; AccountId: string; Account: { Name: string } }>(ep, 'SELECT Id, AccountId, Account.Name FROM Case WHERE AccountId != null ORDER BY Id LIMIT 1');
    const r = await c.get(`/lightning/r/Case/${kase!.Id}`);
    expect(r.text).toContain(`<a href="/lightning/r/Account/${kase!.AccountId}">${kase!.Account.Name.replace(/'/g, '&#39;')}</a>`);
    const emails = await soql(ep, `SELECT Id FROM EmailMessage WHERE ParentId = '${kase!.Id}'`);
    const history = await soql(ep, `SELECT Id FROM CaseHistory__c WHERE CaseId__c = '${kase!.Id}'`);
    expect(r.text).toContain(`Email Messages (${emails.length})`);
    expect(r.text).toContain(`Case Histories (${history.length})`);
    expect(r.text).toMatch(/Live Chat Transcripts \(\d+\)/);
    const acc = await c.get(`/lightning/r/Account/${kase!.AccountId}`);
    for (const rel of ['Contacts', 'Cases', 'Orders']) expect(acc.text).toMatch(new RegExp(`>${rel} \\(\\d+\\)<`));
    const cases = await soql(ep, `SELECT Id FROM Case WHERE AccountId = '${kase!.AccountId}'`);
    expect(acc.text).toContain(`>Cases (${cases.length})<`);
    const [order] = await soql<{ Id: string }>(ep, 'SELECT Id FROM Order WHERE Id IN (SELECT OrderId FROM OrderItem) ORDER BY Id LIMIT 1');
    const items = await soql(ep, `SELECT Id FROM OrderItem WHERE OrderId = '${order!.Id}'`);
    expect((await c.get(`/lightning/r/Order/${order!.Id}`)).text).toContain(`Order Products (${items.length})`);
  });
});

describe('list views', () => {
  it('pages past SOQL\'s 2,000-row OFFSET cap in the same order as the API', async () => {
    const all: string[] = [];
    let r = await rest(ep, `/query?q=${encodeURIComponent('SELECT Id FROM OrderItem ORDER BY OrderItemNumber ASC NULLS LAST, Id ASC')}`);
    for (;;) {
      const body = r.json as { records: { Id: string }[]; nextRecordsUrl?: string };
      all.push(...body.records.map((x) => x.Id));
      if (!body.nextRecordsUrl) break;
      r = await rest(ep, body.nextRecordsUrl.replace(/^\/services\/data\/v[\d.]+/, ''));
    }
    expect(all.length).toBeGreaterThan(5000);
    const page = await c.get('/lightning/o/OrderItem?page=100&size=50');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`4,951–5,000 of ${all.length.toLocaleString('en-US')} items`);
    const ids = [...page.text.matchAll(/<th scope="row"><a href="\/lightning\/r\/OrderItem\/([A-Za-z0-9]{18})">/g)].map((m) => m[1]);
    expect(ids).toEqual(all.slice(4950, 5000));
    const last = await c.get('/lightning/o/OrderItem?page=9999');
    expect(last.text).toContain(`Page ${Math.ceil(all.length / 50)} of ${Math.ceil(all.length / 50)}`);
  });

  it('sorts by a column, filters by picklist and text, and follows "View all" filters', async () => {
    const expected = await soql<{ Id: string }>(ep, "SELECT Id FROM Case WHERE Status = 'Closed' AND (CaseNumber LIKE '%refund%' OR Subject LIKE '%refund%') ORDER BY Subject DESC NULLS LAST, Id DESC");
    const r = await c.get('/lightning/o/Case?f_Status=Closed&q=refund&sort=Subject&dir=desc&size=200');
    expect(r.status).toBe(200);
    const ids = [...r.text.matchAll(/<th scope="row"><a href="\/lightning\/r\/Case\/([A-Za-z0-9]{18})">/g)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected.slice(0, 200).map((x) => x.Id));
    expect(r.text).toContain('aria-sort="descending"');
    const acc = await firstId('Account');
    const contacts = await soql(ep, `SELECT Id FROM Contact WHERE AccountId = '${acc}'`);
    const v = await c.get(`/lightning/o/Contact?f_AccountId=${acc}`);
    expect(v.text).toContain(contacts.length === 0 ? 'No items' : `of ${contacts.length} items`);
  });

  it('a lookup column sorts by the parent name', async () => {
    const expected = await soql<{ Id: string }>(ep, 'SELECT Id FROM Contact ORDER BY Account.Name ASC NULLS LAST, Id ASC LIMIT 25');
    const r = await c.get('/lightning/o/Contact?sort=AccountId&dir=asc&size=25');
    const ids = [...r.text.matchAll(/<th scope="row"><a href="\/lightning\/r\/Contact\/([A-Za-z0-9]{18})">/g)].map((m) => m[1]);
    expect(ids).toEqual(expected.map((x) => x.Id));
  });
});

describe('user content is escaped', () => {
  it('a <script> Name is text on the list, record, edit, search and console pages', async () => {
    const created = await rest(ep, '/sobjects/Account', { method: 'POST', body: { Name: XSS, Phone: `"><img src=x onerror=alert(1)>` } });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    const escaped = '&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;';
    const pages = [
      `/lightning/o/Account?q=${encodeURIComponent('<script>')}`,
      `/lightning/r/Account/${id}`,
      `/lightning/r/Account/${id}/edit`,
      `/lightning/r/Account/${id}/delete`,
      `/lightning/search?q=${encodeURIComponent('xss')}`,
      `/lightning/console?q=${encodeURIComponent(`SELECT Id, Name, Phone FROM Account WHERE Id = '${id}'`)}`,
      `/lightning/console?q=${encodeURIComponent(`SELECT ${XSS} FROM Account`)}`,
      `/lightning/search?q=${encodeURIComponent(XSS)}`,
      `/lightning/o/Account?q=${encodeURIComponent(XSS)}`,
    ];
    for (const p of pages) {
      const r = await c.get(p);
      expect(r.status, p).toBeLessThan(500);
      expect(r.text, p).not.toContain('<script>alert');
      expect(r.text, p).not.toContain('<img src=x');
      if (!p.includes('console?q=SELECT%20%3C') && !p.endsWith(encodeURIComponent(XSS))) expect(r.text, p).toContain(escaped);
    }
    const traj = await c.get(`/lightning/runs/run-a/${w.runIds[0]}`);
    expect(traj.text).not.toContain('<script>alert');
    expect(traj.text).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
  });
});

describe('edit, create, delete through the same services as the API', () => {
  it('an invalid email comes back with Salesforce\'s error next to the field; a valid edit is saved', async () => {
    const id = await firstId('Contact');
    const form = await c.get(`/lightning/r/Contact/${id}/edit`);
    const csrf = Client.csrfOf(form.text);
    const bad = await c.post(`/lightning/r/Contact/${id}/edit`, { csrf, Email: 'not-an-email', LastName: 'Keeps' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('INVALID_EMAIL_ADDRESS');
    expect(bad.text).toMatch(/<div class="row invalid"><label for="field-Email">[\s\S]*?<span class="field-error" id="field-Email-error" role="alert">Email: invalid email address: not-an-email<\/span>/);
    expect(bad.text).toContain('value="not-an-email"'); // the user's input is kept
    const unchanged = (await soql<{ LastName: string }>(ep, `SELECT LastName FROM Contact WHERE Id = '${id}'`))[0]!;
    expect(unchanged.LastName).not.toBe('Keeps');
    const ok = await c.post(`/lightning/r/Contact/${id}/edit`, { csrf, Email: 'someone@example.com', LastName: 'Renamed' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/lightning/r/Contact/${id}?saved=1`);
    const after = (await soql<{ Email: string; LastName: string }>(ep, `SELECT Email, LastName FROM Contact WHERE Id = '${id}'`))[0]!;
    expect(after).toMatchObject({ Email: 'someone@example.com', LastName: 'Renamed' });
    expect((await c.get(ok.location!)).text).toContain('was saved');
  });

  it('a restricted-picklist, a too-long value and a bad lookup are shown by their fields', async () => {
    const id = await firstId('Case');
    const csrf = Client.csrfOf((await c.get(`/lightning/r/Case/${id}/edit`)).text);
    const long = await c.post(`/lightning/r/Case/${id}/edit`, { csrf, Subject: 'x'.repeat(300) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('STRING_TOO_LONG');
    expect(long.text).toContain('id="field-Subject-error"');
    const lookup = await c.post(`/lightning/r/Case/${id}/edit`, { csrf, AccountId: '001000000000000' });
    expect(lookup.status).toBe(400);
    expect(lookup.text).toContain('id="field-AccountId-error"');
  });

  it('create: a missing required field, then a record the API can read', async () => {
    const csrf = Client.csrfOf((await c.get('/lightning/o/Contact/new')).text);
    const missing = await c.post('/lightning/o/Contact/new', { csrf, FirstName: 'Ada', LastName: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('REQUIRED_FIELD_MISSING');
    expect(missing.text).toContain('id="field-LastName-error"');
    const ok = await c.post('/lightning/o/Contact/new', { csrf, FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
    expect(ok.status).toBe(303);
    const id = /\/lightning\/r\/Contact\/([A-Za-z0-9]{18})\?saved=created$/.exec(ok.location!)?.[1];
    expect(id).toBeDefined();
    const got = await rest(ep, `/sobjects/Contact/${id}`);
    expect(got.json).toMatchObject({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
  });

  it('delete asks first, then soft-deletes (queryAll still sees the row)', async () => {
    const created = await rest(ep, '/sobjects/Contact', { method: 'POST', body: { LastName: 'ToDelete' } });
    const id = (created.json as { id: string }).id;
    const confirm = await c.get(`/lightning/r/Contact/${id}/delete`);
    expect(confirm.text).toContain('Are you sure you want to delete');
    expect((await soql(ep, `SELECT Id FROM Contact WHERE Id = '${id}'`)).length).toBe(1);
    const r = await c.post(`/lightning/r/Contact/${id}/delete`, { csrf: Client.csrfOf(confirm.text) });
    expect(r.status).toBe(303);
    expect(r.location).toMatch(/^\/lightning\/o\/Contact\?deleted=/);
    expect((await soql(ep, `SELECT Id FROM Contact WHERE Id = '${id}'`)).length).toBe(0);
    expect((await c.get(`/lightning/r/Contact/${id}`)).status).toBe(404);
    expect((await c.post(`/lightning/r/Contact/${id}/delete`, { csrf: Client.csrfOf(confirm.text) })).status).toBe(404);
  });
});

describe('console', () => {
  it('shows nested relationship columns and subquery tables', async () => {
    const q = 'SELECT Id, CaseNumber, Account.Name, Owner.Name, (SELECT Field__c FROM CaseHistories__r) FROM Case ORDER BY CaseNumber LIMIT 3';
    const r = await c.get(`/lightning/console?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<th scope="col">Account.Name</th>');
    expect(r.text).toContain('<th scope="col">Owner.Name</th>');
    expect(r.text).toContain('<th scope="col">CaseHistories__r</th>');
    expect(r.text).toContain('<th scope="col">Field__c</th>'); // the nested table
    expect(r.text).toContain('3 rows in');
    const history = await c.get('/lightning/console');
    expect(history.text).toContain('<ol class="history">');
    expect(history.text).toContain('SELECT Id, CaseNumber, Account.Name');
  });

  it('marks the error position given by ERROR at Row:Column', async () => {
    const q = 'SELECT Id, Nmae FROM Account';
    const r = await c.get(`/lightning/console?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(400);
    expect(r.text).toContain('INVALID_FIELD');
    expect(r.text).toContain('SELECT Id, <mark id="error-caret" title="error here">N</mark>mae FROM Account');
    expect(r.text).toContain('data-error-offset="11"');
    const sosl = await c.get(`/lightning/console?q=${encodeURIComponent('FIND {a} RETURNING Nope')}`);
    expect(sosl.status).toBe(400);
  });

  it('runs SOSL', async () => {
    const r = await c.get(`/lightning/console?q=${encodeURIComponent('FIND {refund} IN ALL FIELDS RETURNING Case(Id, Subject LIMIT 3)')}`);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/[1-3] rows? in/);
  });
});

describe('tasks, runs and the leaderboard', () => {
  it('the task browser filters by family and hides gold answers', async () => {
    const list = await c.get('/lightning/tasks?family=knowledge_qa');
    expect(list.text).toContain(`${w.tasks.filter((t) => t.task === 'knowledge_qa').length} of ${w.tasks.length} tasks`);
    const t = w.tasks.find((x) => x.task === 'case_routing')!;
    const page = await c.get(`/lightning/tasks/${t.id}`);
    expect(page.text).toContain('hidden (start the server with --show-answers');
    expect(page.text).not.toContain(t.answer[0]!);
    expect(page.text).toContain('Case routing policy'.split(' ')[0]!);
  });

  it('the run viewer shows outcomes, filters them, and a trajectory step by step', async () => {
    const run = await c.get('/lightning/runs/run-a');
    expect(run.status).toBe(200);
    expect(run.text).toContain('test-model');
    expect(run.text.match(/class="badge pass">pass</g)?.length).toBe(1);
    expect(run.text.match(/class="badge fail">fail</g)?.length).toBe(1);
    expect(run.text.match(/class="badge fail">error</g)?.length).toBe(1);
    const passOnly = await c.get('/lightning/runs/run-a?outcome=pass');
    expect(passOnly.text).toContain('1 of 3 tasks');
    const traj = await c.get(`/lightning/runs/run-a/${w.runIds[0]}`);
    expect(traj.text).toContain('Steps (5)');
    expect(traj.text).toContain('I should look the case up first.');
    expect(traj.text).toContain('SELECT Id, OwnerId FROM Case WHERE Subject LIKE &#39;%refund%&#39; LIMIT 5');
    expect(traj.text).toContain('600 + 40 tokens · 900 ms');
    expect(traj.text).toContain('hidden (--show-answers)');
    const lb = await c.get('/lightning/leaderboard');
    expect(lb.text).toContain('<a href="/lightning/runs/run-a">run-a</a>');
    expect(lb.text).toMatch(/<strong>\d+\.\d%<\/strong>/);
  });

  it('embeds the leaderboard track\'s HTML (leaderboard/) as its own framed document', async () => {
    const lb = await c.get('/lightning/leaderboard');
    expect(lb.text).toContain('<iframe src="/lightning/leaderboard/full"');
    const res = await fetch(`${w.server.url}/lightning/leaderboard/full`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const doc = await res.text();
    expect(doc).toContain('test-model');
    expect(doc).toContain('/lightning/runs/run-a');
    expect(doc).not.toContain('<script>alert');
  });

  it('with --show-answers the gold is shown next to the answer', async () => {
    const open = await startUiWorld({ showAnswers: true });
    try {
      const oc = new Client(open.server.url);
      await oc.login();
      const t = open.tasks.find((x) => x.task === 'case_routing')!;
      expect((await oc.get(`/lightning/tasks/${t.id}`)).text).toContain(`<dd id="gold">${t.answer.join(', ')}</dd>`);
      expect((await oc.get(`/lightning/runs/run-a/${open.runIds[0]}`)).text).toContain(`<dd id="gold">${t.answer.join(', ')}</dd>`);
    } finally {
      await open.server.close();
    }
  });
});

describe('bad input never crashes', () => {
  it('answers 4xx pages for unknown objects, ids, sorts, pages, runs, tasks and bodies', async () => {
    const cases: Array<[string, number]> = [
      ['/lightning/o/Nope', 404],
      ['/lightning/o/Case?sort=Bogus', 400],
      ['/lightning/o/Case?sort=Description', 400],
      ['/lightning/o/Case?dir=sideways', 400],
      ['/lightning/o/Case?page=0', 400],
      ['/lightning/o/Case?page=-1', 400],
      ['/lightning/o/Case?page=1e9', 400],
      ['/lightning/o/Case?size=7', 400],
      ['/lightning/o/Case?f_Nope=1', 400],
      ['/lightning/o/Case?f_IsClosed=maybe', 400],
      ['/lightning/o/Case?f_AccountId=%27%20OR%20Id%20!%3D%20%27', 400],
      ['/lightning/o/Case?f_Status=%27%20OR%20Id%20!%3D%20%27', 200],
      ['/lightning/o/Case?q=%27%20OR%20Name%20LIKE%20%27%25', 200],
      ['/lightning/o/Case?q=%5C', 200],
      ['/lightning/r/Case/500xyz', 404],
      ['/lightning/r/Case/001000000000001AAA', 404],
      ['/lightning/r/Case/500000000000000AAA', 404],
      ['/lightning/r/Nope/500000000000000AAA', 404],
      ['/lightning/id/zzz', 404],
      ['/lightning/search?q=a', 400],
      ['/lightning/search?q=%22%7B%7D', 400],
      ['/lightning/console?q=SELECT', 400],
      ['/lightning/console?q=FIND', 400],
      ['/lightning/tasks?family=nope', 400],
      ['/lightning/tasks/nope', 404],
      ['/lightning/runs/nope', 404],
      ['/lightning/runs/..%2F..%2Fetc', 404],
      ['/lightning/runs/run-a/nope', 404],
      ['/lightning/runs/run-a?outcome=maybe', 400],
      ['/lightning/no/such/page', 404],
      ['/lightning/o/%E0%A4%A', 400],
    ];
    for (const [p, status] of cases) {
      const r = await c.get(p);
      expect(r.status, p).toBe(status);
      expect(r.text, p).toContain('<!doctype html>');
    }
  });

  it('rejects oversized and repeated form fields with a 4xx', async () => {
    const id = await firstId('Contact');
    const csrf = Client.csrfOf((await c.get(`/lightning/r/Contact/${id}/edit`)).text);
    const big = await c.post(`/lightning/r/Contact/${id}/edit`, `csrf=${csrf}&LastName=${'x'.repeat(2_000_000)}`);
    expect(big.status).toBe(413);
    const twice = await c.post(`/lightning/r/Contact/${id}/edit`, `csrf=${csrf}&LastName=a&LastName=b`);
    expect(twice.status).toBe(400);
    const badEncoding = await c.post(`/lightning/r/Contact/${id}/edit`, `csrf=${csrf}&LastName=%E0%A4%A`);
    expect(badEncoding.status).toBeLessThan(500);
  });
});
