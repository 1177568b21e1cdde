// `localforce query` in-process: REST-shaped JSON on stdout, table format, wire errors on stderr
// with exit code 1, SOSL routed to the search service.
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerQuery, table } from '../../cli/commands/query.js';
import { testOrgPath } from '../helpers/org.js';

async function run(...args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  process.exitCode = undefined;
  try {
    const program = new Command().exitOverride();
    registerQuery(program);
    await program.parseAsync(['node', 'localforce', 'query', ...args]);
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out, err, code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('localforce query', () => {
  it('prints {totalSize, done, records} for SOQL', async () => {
    const r = await run('select id, name from account limit 2', '--db', testOrgPath());
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };
    expect(Object.keys(body)).toEqual(['totalSize', 'done', 'records']);
    expect(body.totalSize).toBe(2);
    expect(Object.keys(body.records[0]!)).toEqual(['attributes', 'Id', 'Name']);
  });

  it('COUNT() prints totalSize and no records', async () => {
    const r = await run('SELECT COUNT() FROM Issue__c', '--db', testOrgPath());
    expect(JSON.parse(r.out)).toEqual({ totalSize: 10, done: true, records: [] });
  });

  it('uses --now and --time-zone for date literals', async () => {
    const a = await run('SELECT COUNT() FROM Case WHERE CreatedDate = LAST_N_DAYS:400', '--db', testOrgPath(), '--now', '2024-06-15T00:00:00Z');
    const b = await run('SELECT COUNT() FROM Case WHERE CreatedDate = LAST_N_DAYS:400', '--db', testOrgPath(), '--now', '2030-01-01T00:00:00Z', '--time-zone', 'America/New_York');
    expect((JSON.parse(a.out) as { totalSize: number }).totalSize).toBeGreaterThan(0);
    expect((JSON.parse(b.out) as { totalSize: number }).totalSize).toBe(0);
  });

  it('prints a table', async () => {
    const r = await run('SELECT Name, Account.Name, (SELECT Id FROM Cases) FROM Contact LIMIT 2', '--db', testOrgPath(), '--format', 'table');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Name +Account\.Name +Cases$/);
    expect(lines.at(-1)).toBe('(2 records)');
  });

  it('writes the wire error to stderr and exits 1', async () => {
    const r = await run('SELECT Foo FROM Case', '--db', testOrgPath());
    expect(r.code).toBe(1);
    const wire = JSON.parse(r.err) as Array<{ message: string; errorCode: string }>;
    expect(wire[0]!.errorCode).toBe('INVALID_FIELD');
    expect(wire[0]!.message).toContain("No such column 'Foo' on entity 'Case'");
  });

  it('routes FIND … to SOSL', async () => {
    const r = await run('FIND {policy} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)', '--db', testOrgPath());
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { searchRecords: Array<{ attributes: { type: string } }> };
    expect(body.searchRecords.length).toBeGreaterThan(0);
    expect(body.searchRecords[0]!.attributes.type).toBe('Knowledge__kav');
  });

  it('refuses a missing org file and an unknown format', async () => {
    expect((await run('SELECT Id FROM Case', '--db', '/nonexistent/org.db')).code).toBe(2);
    expect((await run('SELECT Id FROM Case', '--db', testOrgPath(), '--format', 'xml')).code).toBe(2);
  });

  it('table() flattens parents and summarises children', () => {
    expect(table([{ attributes: { type: 'Contact' }, LastName: 'Xu', Account: { attributes: { type: 'Account' }, Name: 'Acme' }, Cases: null }])).toBe(
      'LastName  Account.Name  Cases\n--------  ------------  -----\nXu        Acme\n(1 record)\n',
    );
  });
});
