// `localforce serve` as a real process (the built CLI in dist/, as `npm start` runs it): default org
// generated once into .localforce/ and reused, self-signed certificate kept beside it, banner with
// URLs/token/snippets, HTTP and HTTPS answering, graceful shutdown on SIGTERM/SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH } from '../../server/org/auth.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');

interface Started {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly url: string;
  readonly httpsUrl: string;
}

function start(args: string[], cwd: string): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--tls-port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a server behind
      reject(new Error(`serve did not start:\n${out}`));
    }, 60_000);
    child.stdout!.on('data', () => {
      const http = /instance URL \(http\):\s+(\S+)/.exec(out);
      const tls = /instance URL \(https\):\s+(\S+)/.exec(out);
      if (http && tls && /TLS certificate \(CA\): \S+\n/.test(out)) {
        clearTimeout(timer);
        resolveStart({ child, out: () => out, url: http[1]!, httpsUrl: tls[1]! });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

function stop(s: Started, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolveStop) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', (code) => resolveStop(code));
    s.child.kill(signal);
  });
}

function httpsGet(url: string, ca: string, token: string): Promise<number> {
  return new Promise((resolveGet, reject) => {
    https.get(url, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolveGet(res.statusCode!));
    }).on('error', reject);
  });
}

describe('localforce serve (built CLI)', () => {
  it('is built (npm test runs npm run build first)', () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
  });

  it('first run generates the default org and certificate into .localforce/, later runs reuse them', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lf-serve-'));
    const first = await start(['--token', 'T0K'], cwd);
    try {
      expect(first.out()).toContain('First run: generating the default org (seed 1, scale 1)');
      const dir = join(cwd, '.localforce');
      expect(existsSync(join(dir, 'org.db'))).toBe(true);
      const certPath = join(dir, 'cert.pem');
      expect(first.out()).toContain(`TLS certificate (CA): ${certPath}`);
      expect(first.out()).toContain('session id / access token: T0K');
      expect(first.out()).toContain('username: api@localforce.dev   password: localforce');
      expect(first.out()).toContain("new jsforce.Connection({ instanceUrl: '");
      expect(first.out()).toContain(`export REQUESTS_CA_BUNDLE=${certPath}`);
      expect(first.out()).toContain('where neither REQUESTS_CA_BUNDLE nor CURL_CA_BUNDLE is set (requests lets them override session.verify)');
      expect(first.out()).toContain('clock: fixed at 2025-01-01T00:00:00.000Z');
      const q = await fetch(`${first.url}/services/data/v59.0/query?q=SELECT+COUNT()+FROM+Case`, { headers: { Authorization: 'Bearer T0K' } });
      expect(q.status).toBe(200);
      expect(((await q.json()) as { totalSize: number }).totalSize).toBeGreaterThan(0);
      expect(await httpsGet(`${first.httpsUrl}/services/data/v59.0/limits`, readFileSync(certPath, 'utf8'), 'T0K')).toBe(200);
    } finally {
      expect(await stop(first, 'SIGTERM')).toBe(0);
    }
    expect(first.out()).toContain('SIGTERM: shutting down');
    const cert = readFileSync(join(cwd, '.localforce', 'cert.pem'), 'utf8');

    const second = await start(['--now', '2024-01-01T00:00:00Z', '--quiet'], cwd);
    try {
      expect(second.out()).not.toContain('First run');
      expect(second.out()).toMatch(/ready in \d+ ms/);
      expect(readFileSync(join(cwd, '.localforce', 'cert.pem'), 'utf8')).toBe(cert);
      // The default token is shaped like a real session id, as the Salesforce CLI requires.
      expect(DEFAULT_AUTH.token).toMatch(/^00D\w{12}!AQ[.\w]+$/);
      const r = await fetch(`${second.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${DEFAULT_AUTH.token}` } });
      expect(r.status).toBe(200);
    } finally {
      expect(await stop(second, 'SIGINT')).toBe(0);
    }
  }, 120_000);

  it('a missing --db is a clear error, not a generated file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lf-serve-'));
    await expect(start(['--db', 'nope.db'], cwd)).rejects.toThrow(/no org file at .*nope\.db/);
    expect(existsSync(join(cwd, 'nope.db'))).toBe(false);
  });
});
