// The Salesforce CLI (`sf`, @salesforce/cli from npm) driven for real against a Localforce server:
// login with the default token, queries in every output format, record CRUD, sobject describe/list,
// tree export/import, org display. Not part of `npm test`: the CLI is ~300 MB, so it is installed on
// demand into a cache folder outside the repository (LOCALFORCE_SF_CACHE, default ~/.cache/localforce-sf)
// and reused afterwards. docs/clients.md lists the same commands.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);

/** The version this suite was written against; its jsforce-node needs undici 7 on Node 20. */
const SF_VERSION = '2.150.6';
const CACHE = process.env.LOCALFORCE_SF_CACHE ?? join(homedir(), '.cache', 'localforce-sf');
const SF = join(CACHE, 'node_modules', '.bin', 'sf');

async function ensureSf(): Promise<void> {
  const pkg = join(CACHE, 'node_modules', '@salesforce', 'cli', 'package.json');
  if (existsSync(SF) && existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version === SF_VERSION) return;
  mkdirSync(CACHE, { recursive: true });
  // The override pins undici to 7.x: @jsforce/jsforce-node asks for undici 8, which needs Node 22.
  writeFileSync(join(CACHE, 'package.json'), `${JSON.stringify({ name: 'localforce-sf-cache', private: true, overrides: { undici: '^7.16.0' } }, null, 2)}\n`);
  await run('npm', ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--omit=dev', `@salesforce/cli@${SF_VERSION}`], { timeout: 20 * 60_000, maxBuffer: 64 << 20 });
  if (!existsSync(SF)) throw new Error(`npm install did not produce ${SF}`);
}

let s: TestServer;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await ensureSf();
  s = await startTestServer({ db: testOrgPath() });
  home = mkdtempSync(join(tmpdir(), 'lf-sf-home-'));
  const { http_proxy: _a, https_proxy: _b, HTTP_PROXY: _c, HTTPS_PROXY: _d, ...rest } = process.env;
  env = {
    ...rest,
    // A private HOME: the CLI's auth files, config and caches never touch the user's.
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // Never phone home: no telemetry, no update or version checks, no release notes, no DNS probe.
    SF_DISABLE_TELEMETRY: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
    SF_TELEMETRY_DISABLE_ACKNOWLEDGEMENT: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_HIDE_RELEASE_NOTES_FOOTER: 'true',
    SF_DISABLE_DNS_CHECK: 'true',
    // No OS keychain on CI machines: the CLI encrypts with a key file in HOME instead.
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}, 25 * 60_000);
afterAll(() => s?.close());

interface SfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs sf asynchronously (the server lives in this process: a synchronous child would deadlock it). */
async function sf(args: string[], extraEnv: Record<string, string> = {}, cwd = home): Promise<SfResult> {
  try {
    const { stdout, stderr } = await run(SF, args, { env: { ...env, ...extraEnv }, cwd, timeout: 120_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

async function sfJson<T>(args: string[]): Promise<{ code: number; json: { status: number; result: T; name?: string; message?: string } }> {
  const r = await sf([...args, '--json']);
  // With --json the CLI prints the result on stdout, or the error object on stderr.
  const text = r.stdout.trim() || r.stderr.trim();
  return { code: r.code, json: JSON.parse(text.slice(text.indexOf('{'))) as { status: number; result: T; name?: string; message?: string } };
}

async function rest<T>(soql: string): Promise<T> {
  const r = await fetch(`${s.url}/services/data/v59.0/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${s.token}` } });
  return (await r.json()) as T;
}

type Rows = { totalSize: number; records: Record<string, unknown>[] };

/**
 * A table's cells joined by single spaces, one row a line: sf draws box characters (│) on a terminal
 * and plain space-aligned columns when CI is set, so tests read the cells, not the drawing.
 */
const cells = (table: string): string =>
  table
    .split('\n')
    .map((l) => l.replace(/[│┃|]/g, ' ').replace(/\s+/g, ' ').trim())
    .join('\n');

describe('Salesforce CLI (sf) against Localforce', () => {
  it('org login access-token with the default token (instance URL given with a trailing slash)', async () => {
    const r = await sf(['org', 'login', 'access-token', '--instance-url', `${s.url}/`, '--no-prompt', '--alias', 'lf'], { SF_ACCESS_TOKEN: s.token });
    expect(r.stderr + r.stdout).toContain('Successfully authorized api@localforce.dev with org ID 00D000000000001EAA');
    expect(r.code).toBe(0);
  });

  it('org display reports Connected', async () => {
    const { code, json } = await sfJson<{ connectedStatus: string; id: string; username: string; instanceUrl: string }>(['org', 'display', '-o', 'lf']);
    expect(code).toBe(0);
    expect(json.result).toMatchObject({ connectedStatus: 'Connected', id: '00D000000000001EAA', username: 'api@localforce.dev' });
    expect(json.result.instanceUrl.replace(/\/$/, '')).toBe(s.url);
  });

  const Q = 'SELECT Id, Name, Owner.Name FROM Account ORDER BY Name LIMIT 3';

  it('data query: a table, JSON and CSV, each with the rows the REST API returns', async () => {
    const expected = await rest<{ records: { Id: string; Name: string; Owner: { Name: string } }[] }>(Q);
    const table = await sf(['data', 'query', '-o', 'lf', '-q', Q]);
    expect(table.code).toBe(0);
    expect(cells(table.stdout)).toMatch(/ID NAME OWNER\.NAME/);
    for (const r of expected.records) expect(cells(table.stdout)).toContain(`${r.Id} ${r.Name} ${r.Owner.Name}`);
    expect(table.stdout).toContain('Total number of records retrieved: 3.');

    const { json } = await sfJson<Rows>(['data', 'query', '-o', 'lf', '-q', Q]);
    expect(json.status).toBe(0);
    expect(json.result.totalSize).toBe(3);
    expect(json.result.records.map((r) => r.Id)).toEqual(expected.records.map((r) => r.Id));

    const csv = await sf(['data', 'query', '-o', 'lf', '-q', Q, '--result-format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual(['Id,Name,Owner.Name', ...expected.records.map((r) => `${r.Id},${r.Name},${r.Owner.Name}`)]);
  });

  it('data query: aggregates and subqueries are laid out from the column metadata', async () => {
    const agg = await sf(['data', 'query', '-o', 'lf', '-q', 'SELECT Status, COUNT(Id) n FROM Case GROUP BY Status ORDER BY Status', '--result-format', 'csv']);
    expect(agg.code).toBe(0);
    const expected = await rest<{ records: { Status: string; n: number }[] }>('SELECT Status, COUNT(Id) n FROM Case GROUP BY Status ORDER BY Status');
    expect(agg.stdout.trim().split('\n')).toEqual(['Status,n', ...expected.records.map((r) => `${r.Status},${r.n}`)]);
    const unaliased = await sf(['data', 'query', '-o', 'lf', '-q', 'SELECT COUNT(Id) FROM Issue__c']);
    expect(unaliased.stdout).toMatch(/COUNT\(ID\)/);
    expect(cells(unaliased.stdout)).toMatch(/^10$/m);
    const sub = await sf(['data', 'query', '-o', 'lf', '-q', 'SELECT Name, (SELECT LastName FROM Contacts) FROM Account ORDER BY Name LIMIT 2']);
    expect(sub.code).toBe(0);
    expect(cells(sub.stdout)).toMatch(/NAME CONTACTS\.LASTNAME/);
  });

  it('data query: an invalid query fails with Salesforce\'s error text', async () => {
    const r = await sf(['data', 'query', '-o', 'lf', '-q', 'SELECT Id, Nme FROM Account']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No such column 'Nme' on entity 'Account'");
    expect(r.stderr).toContain('ERROR at Row:1:Column:12');
    const { code, json } = await sfJson<unknown>(['data', 'query', '-o', 'lf', '-q', 'SELECT Id, Nme FROM Account']);
    expect(code).toBe(1);
    expect(json.name).toBe('INVALID_FIELD');
  });

  it('data create / get / update / delete record', async () => {
    const created = await sfJson<{ id: string; success: boolean }>(['data', 'create', 'record', '-o', 'lf', '-s', 'Issue__c', '-v', "Name='Zipper Issue' Description__c='Zip broke'"]);
    expect(created.json.result.success).toBe(true);
    const id = created.json.result.id;
    expect(id).toMatch(/^a1M\w{15}$/);
    const got = await sfJson<{ Name: string; Description__c: string }>(['data', 'get', 'record', '-o', 'lf', '-s', 'Issue__c', '-i', id]);
    expect(got.json.result).toMatchObject({ Name: 'Zipper Issue', Description__c: 'Zip broke' });
    const updated = await sf(['data', 'update', 'record', '-o', 'lf', '-s', 'Issue__c', '-i', id, '-v', "Name='Zip Issue'"]);
    expect(updated.code).toBe(0);
    expect((await rest<{ records: { Name: string }[] }>(`SELECT Name FROM Issue__c WHERE Id = '${id}'`)).records[0]!.Name).toBe('Zip Issue');
    const deleted = await sf(['data', 'delete', 'record', '-o', 'lf', '-s', 'Issue__c', '-i', id]);
    expect(deleted.code).toBe(0);
    const gone = await sf(['data', 'get', 'record', '-o', 'lf', '-s', 'Issue__c', '-i', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('NOT_FOUND');
  });

  it('sobject list and describe', async () => {
    const list = await sf(['sobject', 'list', '-o', 'lf', '-s', 'custom']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').map((l) => l.trim())).toEqual(expect.arrayContaining(['CaseHistory__c', 'Issue__c']));
    const all = await sf(['sobject', 'list', '-o', 'lf']);
    expect(all.stdout).toContain('Knowledge__kav');
    const d = await sfJson<{ name: string; keyPrefix: string; fields: { name: string }[] }>(['sobject', 'describe', '-o', 'lf', '-s', 'Issue__c']);
    expect(d.json.result).toMatchObject({ name: 'Issue__c', keyPrefix: 'a1M' });
    expect(d.json.result.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Id', 'Name', 'Description__c']));
  });

  it('data export tree, then import tree of the edited file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-sf-tree-'));
    const exp = await sf(['data', 'export', 'tree', '-o', 'lf', '-q', 'SELECT Name, Description__c FROM Issue__c ORDER BY Name LIMIT 3', '-d', dir]);
    expect(exp.code).toBe(0);
    const file = join(dir, 'Issue__c.json');
    const tree = JSON.parse(readFileSync(file, 'utf8')) as { records: { attributes: { type: string }; Name: string }[] };
    const expected = await rest<{ records: { Name: string }[] }>('SELECT Name FROM Issue__c ORDER BY Name LIMIT 3');
    expect(tree.records.map((r) => r.Name)).toEqual(expected.records.map((r) => r.Name));
    for (const r of tree.records) r.Name = `${r.Name} (copy)`;
    writeFileSync(file, JSON.stringify(tree));
    const imp = await sfJson<{ refId: string; type: string; id: string }[]>(['data', 'import', 'tree', '-o', 'lf', '-f', file]);
    expect(imp.code).toBe(0);
    expect(imp.json.result).toHaveLength(3);
    const copies = await rest<{ totalSize: number }>("SELECT Id FROM Issue__c WHERE Name LIKE '%(copy)'");
    expect(copies.totalSize).toBe(3);
  });
});
