// `localforce serve` as a real process (the built CLI): the served file stays byte-identical after
// writes through the default token; --persist writes through; a modified file is reported with both
// hashes at start; an unknown --time-zone is refused before listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');
const V = '/services/data/v59.0';
const TOKEN = 'cli-admin-token';

interface Started {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly url: string;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-tls', '--token', TOKEN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start:\n${out}`));
    }, 60_000);
    child.stdout!.on('data', () => {
      const http = /instance URL \(http\):\s+(\S+)/.exec(out);
      if (http && /Stop with Ctrl-C/.test(out)) {
        clearTimeout(timer);
        resolveStart({ child, out: () => out, url: http[1]! });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

function stop(s: Started): Promise<void> {
  return new Promise((done) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', () => done());
    s.child.kill('SIGTERM');
  });
}

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function copyOrg(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lf-sessions-cli-')), 'org.db');
  copyFileSync(testOrgPath(), path);
  return path;
}

async function postAccount(url: string, token: string, name: string): Promise<number> {
  const r = await fetch(`${url}${V}/sobjects/Account`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ Name: name }) });
  await r.text();
  return r.status;
}

async function count(url: string, token: string, name: string): Promise<number> {
  const r = await fetch(`${url}${V}/query?q=${encodeURIComponent(`SELECT COUNT() FROM Account WHERE Name = '${name}'`)}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await r.json()) as { totalSize: number }).totalSize;
}

describe('localforce serve and the org file', () => {
  it('built CLI exists', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it('writes through the default token and episodes leave the file byte-identical', async () => {
    const db = copyOrg();
    const before = sha(db);
    const s = await start(['--db', db]);
    try {
      expect(await postAccount(s.url, TOKEN, 'Default Token Write')).toBe(201);
      expect(await count(s.url, TOKEN, 'Default Token Write')).toBe(1);
      const e = await fetch(`${s.url}/localforce/sessions`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
      const ep = (await e.json()) as { token: string };
      expect(await postAccount(s.url, ep.token, 'Episode Write')).toBe(201);
      expect(await count(s.url, ep.token, 'Default Token Write')).toBe(0);
    } finally {
      await stop(s);
    }
    expect(sha(db)).toBe(before);
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(s.out()).not.toMatch(/warning/);
  });

  it('--persist writes through; the next start warns with both hashes', async () => {
    const db = copyOrg();
    const s = await start(['--db', db, '--persist']);
    try {
      expect(await postAccount(s.url, TOKEN, 'Persisted Write')).toBe(201);
    } finally {
      await stop(s);
    }
    const store = Store.open(db, { readonly: true });
    const storedHash = store.getMeta('hash')!;
    const actual = store.contentHash();
    expect(store.get(`SELECT COUNT(*) AS n FROM "Account" WHERE "Name" = 'Persisted Write'`)).toEqual({ n: 1 });
    store.close();
    expect(actual).not.toBe(storedHash);
    const again = await start(['--db', db]);
    try {
      // The check runs after the banner (off the event loop): wait for its line.
      for (let i = 0; i < 300 && !/warning:/.test(again.out()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(again.out()).toContain(`warning: ${db} was modified after generation: stored content hash ${storedHash}, actual ${actual}`);
    } finally {
      await stop(again);
    }
  });

  it('an unknown --time-zone is refused at start with a clear message', async () => {
    const r = await run(['serve', '--db', copyOrg(), '--port', '0', '--no-tls', '--time-zone', 'Mars/Base']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/--time-zone must be an IANA time zone .* got Mars\/Base/);
  });
});
