// `localforce serve --runs DIR --tasks FILE --show-answers` as a real process (the built CLI): the UI
// shows the tasks file with gold answers and the runs under DIR; a bad tasks file stops it with a message.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testOrgPath } from '../helpers/org.js';
import { Client, testTasks, writeRun } from './fixture.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function serve(args: string[]): Promise<{ url: string; child: ChildProcess; out: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-tls', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /web UI:\s+(\S+)\/lightning\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ url: m[1]!, child, out: () => out, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      resolveStart({ url: '', child, out: () => out, exited: Promise.resolve(code) });
    });
  });
}

describe('localforce serve with the UI options', () => {
  it('serves the tasks file with gold answers and the run directory', async () => {
    expect(existsSync(CLI), 'dist/ must be built (npm test builds it)').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'lf-ui-cli-'));
    const db = join(dir, 'org.db');
    copyFileSync(testOrgPath(), db);
    const tasks = await testTasks();
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
    writeRun(join(dir, 'runs'), tasks, 'first-run');
    const s = await serve(['--db', db, '--tasks', join(dir, 'tasks.json'), '--runs', join(dir, 'runs'), '--show-answers']);
    expect(s.url, s.out()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    try {
      const c = new Client(s.url);
      expect((await c.login()).status).toBe(303);
      const t = tasks.find((x) => x.task === 'best_region_identification')!;
      const page = await c.get(`/lightning/tasks/${t.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<dd id="gold">${t.answer.join(', ')}</dd>`);
      const runs = await c.get('/lightning/runs');
      expect(runs.text).toContain('<a href="/lightning/runs/first-run">first-run</a>');
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('a tasks file that is not one stops serve with a message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-ui-cli-'));
    const db = join(dir, 'org.db');
    copyFileSync(testOrgPath(), db);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ idx: 1, task: 'case_routing' }]));
    const s = await serve(['--db', db, '--tasks', join(dir, 'bad.json')]);
    expect(await s.exited).not.toBe(0);
    expect(s.out()).toContain('not a localforce tasks file');
  });
});
