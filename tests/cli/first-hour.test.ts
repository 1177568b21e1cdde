// What a new user hits in the first hour, through the built CLI (dist/) as real processes: interrupted
// generation leaves no temp files, files that are not orgs are refused untouched, every error names the
// path or lists the valid choices, `query --format table` shows COUNT() and SOSL per object, and
// `tasks generate` accepts the short codes and can leave the answers out.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../cli/commands/generate.js';
import { testOrgPath } from '../helpers/org.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');
let dir: string;

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * The built CLI as a child process. Awaited, never spawnSync: a worker blocked in synchronous children for a
 * minute under load cannot answer vitest's RPC in time ("Timeout calling onTaskUpdate" fails a green run).
 */
function cli(args: string[], cwd = dir): Promise<CliResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, timeout: 120_000 });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', fail);
    child.on('close', (code, signal) => ok({ code, signal, out, err }));
  });
}

beforeAll(() => {
  expect(existsSync(CLI), 'dist/ is built (npm test builds first)').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'localforce-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate', () => {
  it('Ctrl-C (SIGINT) mid-run stops with the signal and leaves no <out>.tmp-<pid> or -journal', async () => {
    const out = join(dir, 'interrupted.db');
    const child = spawn(process.execPath, [CLI, 'generate', '--seed', '1', '--scale', '3', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // Wait until the temp file exists, so the signal lands mid-generation.
    const tmp = `${out}.tmp-${child.pid}`;
    for (let i = 0; i < 600 && !existsSync(tmp); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(tmp), 'the run started writing its temp file').toBe(true);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(err).toContain(`SIGINT: generation stopped; removed ${tmp}`);
    expect(readdirSync(dir).filter((f) => f.startsWith('interrupted.db'))).toEqual([]);
  });

  it("SIGTERM during serve's first-run generation leaves .localforce/ without temp files", async () => {
    const cwd = mkdtempSync(join(dir, 'first-run-'));
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-tls'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tmp = join(cwd, '.localforce', `org.db.tmp-${child.pid}`);
    for (let i = 0; i < 600 && !existsSync(tmp); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(tmp), 'the first run started generating').toBe(true);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(readdirSync(join(cwd, '.localforce')).filter((f) => f.startsWith('org.db'))).toEqual([]);
  });

  it('removes stale temp files of dead processes, keeps those of live ones', async () => {
    const out = join(dir, 'stale.db');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    for (const suffix of ['', '-journal']) writeFileSync(`${out}.tmp-${deadPid}${suffix}`, 'partial');
    writeFileSync(`${out}.tmp-${process.pid}`, 'a live run'); // this test process is alive
    const r = await cli(['generate', '--seed', '2', '--scale', '0.02', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('removed 2 temp file(s) of an interrupted earlier run');
    expect(readdirSync(dir).filter((f) => f.startsWith('stale.db')).sort()).toEqual(['stale.db', `stale.db.tmp-${process.pid}`]);
  });

  it('a misspelt option is reported as unknown, not as a missing --seed', async () => {
    const r = await cli(['generate', '--sed', '1', '--out', join(dir, 'x.db')]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("unknown option '--sed'");
    expect(r.err).not.toContain('--seed is required');
    expect((await cli(['generate', '--out', join(dir, 'x.db')])).err).toContain('--seed is required');
  });

  it('progress on a TTY shows rows written per object, never a total that changes mid-run', async () => {
    let err = '';
    let out = '';
    const tty = Object.assign(new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) }), { isTTY: true });
    const stdout = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    expect(await runGenerate({ seed: '3', scale: '0.2', out: join(dir, 'progress.db') }, { stdout, stderr: tty })).toBe(0);
    const lines = err.split('\r').map((l) => l.trim()).filter(Boolean);
    expect(lines.some((l) => /^OrderItem +\d+ rows$/.test(l))).toBe(true);
    expect(err).not.toMatch(/\d+ \/ \d+/);
    const items = Number(/OrderItem=(\d+)/.exec(out)![1]);
    // The last OrderItem line is at most the final count (the summary line carries the exact figures).
    const shown = lines.filter((l) => l.startsWith('OrderItem')).map((l) => Number(/(\d+) rows/.exec(l)![1]));
    expect(Math.max(...shown)).toBeLessThanOrEqual(items);
    // Without a TTY there is no progress at all.
    const plain = await cli(['generate', '--seed', '3', '--scale', '0.02', '--out', join(dir, 'quiet.db')]);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err).toBe('');
  });
});

describe('files that are not orgs', () => {
  it('serve --db on an empty file is refused and the file is left untouched (no -wal/-shm)', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const r = await cli(['serve', '--db', empty, '--port', '0', '--no-tls']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${empty} is not a Localforce org`);
    expect(statSync(empty).size).toBe(0);
    expect(existsSync(`${empty}-wal`) || existsSync(`${empty}-shm`)).toBe(false);
  });

  it('query and serve on a text file name the file', async () => {
    const text = join(dir, 'notes.md');
    writeFileSync(text, '# not a database\n'.repeat(100));
    const q = await cli(['query', '--db', text, 'SELECT Id FROM Account']);
    expect(q.code).toBe(2);
    expect(q.err).toContain(`cannot open ${text}: file is not a SQLite database`);
    const s = await cli(['serve', '--db', text, '--port', '0', '--no-tls']);
    expect(s.err).toContain(text);
    expect(readFileSync(text, 'utf8')).toBe('# not a database\n'.repeat(100));
  });

  it('a damaged default org (.localforce/org.db) is refused with the way out, not served or overwritten', async () => {
    const cwd = mkdtempSync(join(dir, 'default-'));
    mkdirSync(join(cwd, '.localforce'));
    writeFileSync(join(cwd, '.localforce', 'org.db'), 'garbage');
    const r = await cli(['serve', '--port', '0', '--no-tls'], cwd);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(cwd, '.localforce', 'org.db')}: file is not a SQLite database; delete it to generate the default org again`);
    expect(readFileSync(join(cwd, '.localforce', 'org.db'), 'utf8')).toBe('garbage');
  });

  it('a missing org names the absolute path and the command that creates one', async () => {
    const r = await cli(['tasks', 'generate', '--db', 'nope.db', '--out', 't.json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`no org file at ${join(dir, 'nope.db')} (create one with: localforce generate --seed 1 --out nope.db)`);
  });
});

describe('query --format table', () => {
  it('SELECT COUNT() shows totalSize, not "(0 records)"', async () => {
    const r = await cli(['query', '--db', testOrgPath(), '--format', 'table', 'SELECT COUNT() FROM Case']);
    const json = JSON.parse((await cli(['query', '--db', testOrgPath(), 'SELECT COUNT() FROM Case'])).out) as { totalSize: number };
    expect(json.totalSize).toBeGreaterThan(100);
    expect(r.out).toBe(`totalSize\n---------\n${json.totalSize}\n(COUNT(): 0 records, totalSize ${json.totalSize})\n`);
  });

  it('SOSL over several objects prints one table per object', async () => {
    const sosl = 'FIND {shoe*} IN ALL FIELDS RETURNING Product2(Id, Name LIMIT 2), Knowledge__kav(Id, Title LIMIT 2)';
    const r = await cli(['query', '--db', testOrgPath(), '--format', 'table', sosl]);
    expect(r.code, r.err).toBe(0);
    const blocks = r.out.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^Product2\nId +Name\n-+ +-+\n01t\w{15} +\S.*\n01t\w{15} +\S.*\n\(2 records\)$/);
    expect(blocks[1]).toMatch(/^Knowledge__kav\nId +Title\n-+ +-+\nka0\w{15} +\S.*\nka0\w{15} +\S.*\n\(2 records\)$/);
  });

  it('an unknown format lists the valid ones', async () => {
    const r = await cli(['query', '--db', testOrgPath(), '--format', 'yaml', 'SELECT Id FROM Case']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('localforce query: unknown --format yaml (valid: json, table)\n');
  });
});

describe('tasks generate and eval', () => {
  let org: string;
  beforeAll(() => {
    org = join(dir, 'org.db');
    copyFileSync(testOrgPath(), org);
  });

  it('--tasks takes the short codes in any case, and an unknown name lists the valid ones', async () => {
    const r = await cli(['tasks', 'generate', '--db', org, '--out', 'codes.json', '--tasks', 'KQA,ncr', '--per-task', '2']);
    expect(r.code, r.err).toBe(0);
    const xs = JSON.parse(readFileSync(join(dir, 'codes.json'), 'utf8')) as { id: string; task: string }[];
    expect(xs.map((x) => x.id)).toEqual(['kqa-0001', 'kqa-0002', 'ncr-0001', 'ncr-0002']);
    const bad = await cli(['tasks', 'generate', '--db', org, '--out', 'codes.json', '--tasks', 'KQX']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('unknown task "KQX" (valid: case_routing (NCR), handle_time (HTU),');
    expect(bad.err).toContain('best_region_identification (BRI))');
  });

  it('--per-task 0 and an unknown --format are refused', async () => {
    const zero = await cli(['tasks', 'generate', '--db', org, '--out', 'zero.json', '--per-task', '0']);
    expect(zero.code).not.toBe(0);
    expect(zero.err).toContain("option '--per-task <n>' argument '0' is invalid");
    expect(existsSync(join(dir, 'zero.json'))).toBe(false);
    const yaml = await cli(['tasks', 'generate', '--db', org, '--out', 'y.json', '--format', 'yaml']);
    expect(yaml.err).toContain('Allowed choices are localforce, crmarena.');
  });

  it('--no-answers writes the CRMArena records without gold answers', async () => {
    const r = await cli(['tasks', 'generate', '--db', org, '--out', 'public.json', '--format', 'crmarena', '--no-answers', '--tasks', 'HTU', '--per-task', '3']);
    expect(r.code, r.err).toBe(0);
    const xs = JSON.parse(readFileSync(join(dir, 'public.json'), 'utf8')) as Record<string, unknown>[];
    expect(xs).toHaveLength(3);
    for (const x of xs) expect(Object.keys(x).sort()).toEqual(['idx', 'metadata', 'query', 'reward_metric', 'task']);
    await cli(['tasks', 'generate', '--db', org, '--out', 'full.json', '--format', 'crmarena', '--tasks', 'HTU', '--per-task', '3']);
    const full = JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8')) as Record<string, unknown>[];
    expect(full.map((x) => ({ ...x, answer: undefined }))).toEqual(xs.map((x) => ({ ...x, answer: undefined })));
    expect(full.every((x) => Array.isArray(x.answer))).toBe(true);
  });

  it('an org too small for a family says which family, what is missing and which scale works', async () => {
    const tiny = join(dir, 'tiny.db');
    expect((await cli(['generate', '--seed', '1', '--scale', '0.01', '--out', tiny])).code).toBe(0);
    const r = await cli(['tasks', 'generate', '--db', tiny, '--out', 'tiny.json', '--per-task', '5']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`the org ${tiny.replace(/[.]/g, '\\.')} \\(scale 0\\.01\\) is too small for \\w+ \\([A-Z]{3}\\): .+\\. Generate a larger org \\(scale 1, the default`));
    expect(existsSync(join(dir, 'tiny.json'))).toBe(false);
  });

  it('eval names the file that is missing or not JSON', async () => {
    writeFileSync(join(dir, 'answers.jsonl'), '{"id":"kqa-0001","answer":"x"}\n');
    const missing = await cli(['eval', '--tasks', 'missing.json', '--answers', 'answers.jsonl']);
    expect(missing.err).toContain(`cannot read ${join(dir, 'missing.json')}: no such file or directory`);
    writeFileSync(join(dir, 'notes.txt'), 'oops, not json');
    const notJson = await cli(['eval', '--tasks', 'notes.txt', '--answers', 'answers.jsonl']);
    expect(notJson.err).toContain(`${join(dir, 'notes.txt')} is not valid JSON`);
    const badLines = await cli(['eval', '--tasks', 'codes.json', '--answers', 'notes.txt']);
    expect(badLines.err).toContain(`${join(dir, 'notes.txt')} is not JSONL`);
  });

  it('solve fails loudly, naming the URL, with no server there and with a token the server refuses', async () => {
    expect((await cli(['tasks', 'generate', '--db', org, '--out', 'solve.json', '--tasks', 'NCR,KQA', '--per-task', '2'])).code).toBe(0);
    const solve = (url: string, token: string) => cli(['solve', '--url', url, '--token', token, '--tasks', 'solve.json', '--out', 'solve.jsonl']);
    const none = await solve('http://127.0.0.1:9', 't');
    expect(none.code).toBe(1);
    expect(none.err).toContain('error: 4 of 4 tasks failed against http://127.0.0.1:9 (no server answered there');
    const server = spawn(process.execPath, [CLI, 'serve', '--db', org, '--port', '0', '--no-tls', '--quiet', '--sql-workers', '0'], { cwd: dir });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /instance URL \(http\): +(\S+)/.exec(out);
          if (m) ok(m[1]!);
        });
        server.on('exit', (code) => fail(new Error(`serve exited ${code}`)));
      });
      const wrong = await solve(url, 'wrong');
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain(`error: 4 of 4 tasks failed against ${url} (the server refused the token`);
      const good = await solve(url, '00D000000000001!AQ.localforce.token');
      expect(good.code, good.err).toBe(0);
      expect(readFileSync(join(dir, 'solve.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('writing into a missing directory is a readable error with the path', async () => {
    const r = await cli(['tasks', 'generate', '--db', org, '--out', join(dir, 'no/such/dir/t.json'), '--tasks', 'NCR', '--per-task', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`localforce: cannot open ${join(dir, 'no/such/dir/t.json')}: no such file or directory\n`);
  });
});
