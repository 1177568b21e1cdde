// `localforce leaderboard`, `leaderboard pack` and `leaderboard verify` through commander, on real files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerLeaderboard } from '../../cli/commands/leaderboard.js';
import type { Leaderboard } from '../../leaderboard/index.js';
import { firstK, makeTasks, tasksText, writeRun } from './synthetic.js';

async function run(...args: string[]): Promise<{ out: string; err: string }> {
  const program = new Command().exitOverride();
  registerLeaderboard(program);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    await program.parseAsync(['node', 'localforce', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out, err };
}

const root = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'lb-cli-'));
const tasks = makeTasks(4);
const tasksFile = join(root, 'tasks.json');
writeFileSync(tasksFile, tasksText(tasks));
const a = writeRun(join(root, 'a'), tasks, tasksText(tasks), { model: 'model-a', outcome: firstK({ case_routing: 4, handle_time: 1 }, 4) }).dir;
const b = writeRun(join(root, 'b'), tasks, tasksText(tasks), { model: 'model-b', strategy: 'react', outcome: firstK({ case_routing: 1 }, 4) }).dir;

afterEach(() => {
  process.exitCode = 0;
});

describe('localforce leaderboard CLI', () => {
  it('prints Markdown, writes JSON and HTML (format from --out), with a baseline, the reference and re-scoring', async () => {
    const { out } = await run('leaderboard', a, b, '--reference', 'crmarena', '--baseline', a);
    expect(out).toMatch(/\| 1 \| model-a · tool_call · crmarena \(baseline\) \| 100\.0 \| 25\.0 \|/);
    expect(out).toContain('| 2 | model-b · react · crmarena | 25.0 |');
    expect(out).toContain('Difference from the baseline');
    expect(out).toContain('published; live Salesforce org; LLM-extracted answers');
    const json = join(root, 'lb.json');
    const res = await run('leaderboard', a, b, '--out', json, '--tasks', tasksFile, '--resamples', '300');
    expect(res.err).toContain('wrote');
    const lb = JSON.parse(readFileSync(json, 'utf8')) as Leaderboard;
    expect(lb.resamples).toBe(300);
    expect(lb.groups[0]!.rows.map((r) => [r.model, r.rewards, r.families.NCR!.score])).toEqual([['model-a', 'rescored', 1], ['model-b', 'rescored', 0.25]]);
    const html = join(root, 'lb.html');
    await run('leaderboard', a, b, '--out', html);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(html, 'utf8')).toContain('href="a/report.md"');
  });

  it('refuses bad options with a clear message', async () => {
    await expect(run('leaderboard', a, '--format', 'pdf')).rejects.toThrow(/unknown format pdf/);
    await expect(run('leaderboard', a, '--reference', 'tau')).rejects.toThrow(/unknown reference tau/);
    await expect(run('leaderboard')).rejects.toThrow(/at least one run/);
    await expect(run('leaderboard', join(root, 'missing'))).rejects.toThrow(/no such file/);
    await expect(run('leaderboard', a, '--resamples', '5')).rejects.toThrow(/--resamples/);
  });

  it('pack → verify succeeds; a tampered bundle exits 1 and says why; bundles can be ranked directly', async () => {
    const tgz = join(root, 'a.tgz');
    expect((await run('leaderboard', 'pack', a, '--out', tgz)).err).toMatch(/wrote .*a\.tgz \(\d+ bytes, sha256 [0-9a-f]{64}\)/);
    const ok = await run('leaderboard', 'verify', tgz, '--tasks', tasksFile);
    expect(ok.out).toMatch(/ok {3}re-score: overall .* matches report\.json\nverified\n$/);
    expect(process.exitCode ?? 0).toBe(0);
    const ranked = await run('leaderboard', tgz, b);
    expect(ranked.out).toContain('model-a · tool_call · crmarena');
    const bytes = readFileSync(tgz);
    bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 0xff;
    const bad = join(root, 'bad.tgz');
    writeFileSync(bad, bytes);
    const rejected = await run('leaderboard', 'verify', bad, '--tasks', tasksFile);
    expect(rejected.out).toMatch(/FAIL archive: .*\nrejected\n$/);
    expect(process.exitCode).toBe(1);
  });
});
