// `localforce generate` argument handling, in-process (runGenerate) with captured streams.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../cli/commands/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'localforce-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

async function run(opts: Parameters<typeof runGenerate>[0]) {
  const out = capture();
  const err = capture();
  const code = await runGenerate(opts, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('localforce generate', () => {
  const bad: [string, Parameters<typeof runGenerate>[0], RegExp][] = [
    ['negative seed', { seed: '-1', out: join(dir, 'x.db') }, /--seed/],
    ['fractional seed', { seed: '1.5', out: join(dir, 'x.db') }, /--seed/],
    ['text seed', { seed: 'abc', out: join(dir, 'x.db') }, /--seed/],
    ['zero scale', { seed: '1', scale: '0', out: join(dir, 'x.db') }, /--scale/],
    ['negative scale', { seed: '1', scale: '-2', out: join(dir, 'x.db') }, /--scale/],
    ['text scale', { seed: '1', scale: 'big', out: join(dir, 'x.db') }, /--scale/],
    ['missing directory', { seed: '1', out: join(dir, 'nope', 'x.db') }, /does not exist/],
    ['directory as out', { seed: '1', out: dir }, /directory/],
  ];
  for (const [name, opts, re] of bad) {
    it(`rejects ${name} with a one-line reason and no file`, async () => {
      const r = await run(opts);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(existsSync(join(dir, 'x.db'))).toBe(false);
    });
  }

  it('refuses an existing file without --force, overwrites it with --force', async () => {
    const out = join(dir, 'exists.db');
    writeFileSync(out, 'not an org');
    const r1 = await run({ seed: '3', scale: '0.05', out });
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toMatch(/already exists/);
    const r2 = await run({ seed: '3', scale: '0.05', out, force: true });
    expect(r2.code).toBe(0);
    expect(r2.stderr).toBe(''); // quiet when stderr is not a TTY
    expect(r2.stdout).toMatch(/^generated .*exists\.db: \d+ records \(.*Case=\d+.*\) in [\d.]+ s, hash [0-9a-f]{64}\n$/);
    const r3 = await run({ seed: '3', scale: '0.05', out, force: true });
    expect(r3.stdout.match(/hash (\w+)/)![1]).toBe(r2.stdout.match(/hash (\w+)/)![1]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

// The built binary, as users run it (`npm test` builds dist/ first).
describe('node dist/cli/index.js generate', () => {
  const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'index.js');
  it('exits non-zero with a one-line reason on bad input, 0 with a summary line on good input', async () => {
    const { spawnSync } = await import('node:child_process');
    expect(existsSync(bin), `${bin} is missing: run npm run build (npm test does)`).toBe(true);
    const bad = spawnSync(process.execPath, [bin, 'generate', '--seed', 'x', '--out', join(dir, 'bin.db')], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--seed/);
    const good = spawnSync(process.execPath, [bin, 'generate', '--seed', '4', '--scale', '0.05', '--out', join(dir, 'bin.db')], { encoding: 'utf8' });
    expect(good.status).toBe(0);
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/^generated .* hash [0-9a-f]{64}\n$/);
    expect(existsSync(join(dir, 'bin.db'))).toBe(true);
  });
});
