// Submission bundles: pack → verify round trip, reproducible bytes, interoperability with the system's
// tar, and every kind of tampering rejected with the failing check named.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILES, pack, sha256, verify, type Verification } from '../../leaderboard/index.js';
import { tar, tgz, untar, untgz, type TarEntry } from '../../leaderboard/tar.js';
import { firstK, makeTasks, tasksText, writeRun } from './synthetic.js';

const root = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'bundle-'));
const tasks = makeTasks(6);
const tasksFile = tasksText(tasks);
const tasksBytes = Buffer.from(tasksFile);
const run = writeRun(join(root, 'run'), tasks, tasksFile, {
  model: 'bundled',
  outcome: (t, i) => (t.task === 'knowledge_qa' && i % 6 === 0 ? 'partial' : i % 6 === 5 ? 'max_turns' : firstK({ case_routing: 4, handle_time: 2, knowledge_qa: 3, best_region_identification: 6 }, 6)(t, i)),
});

function runFiles(dir: string): Map<string, Uint8Array> {
  return new Map(['manifest.json', 'answers.jsonl', 'trajectories.jsonl', 'report.json', 'report.md'].map((n) => [n, readFileSync(join(dir, n))]));
}

/** Re-packs a bundle with one file replaced; with `reindex`, the sha256 index is updated to match. */
function tamper(bundle: Buffer, name: string, edit: (text: string) => string, reindex: boolean): Buffer {
  const entries = untgz(bundle).map((e) => ({ name: e.name, data: Buffer.from(e.data) }));
  const target = entries.find((e) => e.name === name)!;
  target.data = Buffer.from(edit(target.data.toString('utf8')));
  if (reindex) {
    const idx = entries.find((e) => e.name === 'BUNDLE.json')!;
    const index = JSON.parse(idx.data.toString('utf8')) as { files: Record<string, string> };
    index.files[name] = sha256(target.data);
    idx.data = Buffer.from(JSON.stringify(index));
  }
  return tgz(entries);
}

const failed = (v: Verification) => v.checks.filter((c) => !c.ok).map((c) => c.name);

describe('leaderboard pack / verify', () => {
  const bundle = pack(runFiles(run.dir));

  it('round trip: a packed run verifies, re-scored to the report numbers', () => {
    const v = verify(bundle, tasksBytes);
    expect(v.checks.map((c) => [c.name, c.ok])).toEqual([
      ['archive', true], ['file hashes', true], ['contents', true], ['tasks hash', true], ['instances', true], ['re-score', true],
    ]);
    expect(v.ok).toBe(true);
    expect(v.rescored!.overall).toBeCloseTo(run.report.overall, 12);
    expect(v.rescored!.n).toBe(54);
    expect(v.rescored!.families.case_routing).toEqual({ score: 4 / 6, n: 6 });
    // KQA: one partial (F1 2/3) and two right answers among the first three, one max_turns.
    expect(v.rescored!.families.knowledge_qa!.score).toBeCloseTo((2 / 3 + 2) / 6, 12);
  });

  it('is reproducible and readable by the system tar', () => {
    expect(pack(runFiles(run.dir)).equals(bundle)).toBe(true);
    const file = join(root, 'run.tgz');
    writeFileSync(file, bundle);
    const listed = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['BUNDLE.json', ...BUNDLE_FILES, 'report.md']);
    const out = join(root, 'extracted');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', file, '-C', out]);
    for (const n of BUNDLE_FILES) expect(readFileSync(join(out, n)).equals(readFileSync(join(run.dir, n)))).toBe(true);
  });

  it('reads a ustar archive written by the system tar; tar/untar round-trips odd sizes', () => {
    const src = join(root, 'sys');
    mkdirSync(src);
    writeFileSync(join(src, 'a.txt'), 'x'.repeat(513));
    writeFileSync(join(src, 'empty'), '');
    const archive = execFileSync('tar', ['--format=ustar', '-cf', '-', '-C', src, 'a.txt', 'empty']);
    expect(untar(archive).map((e) => [e.name, e.data.length])).toEqual([['a.txt', 513], ['empty', 0]]);
    const entries: TarEntry[] = [0, 1, 511, 512, 513, 5000].map((n, i) => ({ name: `f${i}.bin`, data: Buffer.alloc(n, i + 1) }));
    const back = untar(tar(entries));
    expect(back.map((e) => [e.name, Buffer.from(e.data).equals(Buffer.from(entries.find((x) => x.name === e.name)!.data))])).toEqual(entries.map((e) => [e.name, true]));
    expect(() => tar([{ name: '../evil', data: Buffer.alloc(1) }])).toThrow(/unsafe/);
    expect(() => tar([{ name: 'a', data: Buffer.alloc(1) }, { name: 'a', data: Buffer.alloc(1) }])).toThrow(/duplicate/);
  });

  it('rejects a claimed score that the answers do not give (index updated to match)', () => {
    const t = tamper(bundle, 'report.json', (s) => {
      const r = JSON.parse(s) as { overall: number; families: Record<string, { score: number }> };
      r.families.case_routing!.score = 1;
      r.overall += 0.5 / 9;
      return JSON.stringify(r);
    }, true);
    const v = verify(t, tasksBytes);
    expect(v.ok).toBe(false);
    expect(failed(v)).toEqual(['re-score']);
    expect(v.checks.at(-1)!.detail).toMatch(/case_routing: claimed 100\.00 \(n 6\), re-scored 66\.67/);
  });

  it('rejects edited answers (index updated: the re-score differs; not updated: the hash differs)', () => {
    const edit = (s: string) => s.split('\n').map((l) => (l.includes('"transfer_count-4"') ? JSON.stringify({ id: 'transfer_count-4', answer: tasks.find((x) => x.id === 'transfer_count-4')!.answer[0] }) : l)).join('\n');
    expect(failed(verify(tamper(bundle, 'answers.jsonl', edit, true), tasksBytes))).toEqual(['re-score']);
    const v = verify(tamper(bundle, 'answers.jsonl', edit, false), tasksBytes);
    expect(failed(v)).toEqual(['file hashes']);
    expect(v.checks.at(-1)!.detail).toContain('answers.jsonl');
  });

  it('rejects a different tasks file, a foreign answer id, an added file and garbage', () => {
    const otherTasks = Buffer.from(tasksFile.replace('synthetic case_routing question 0', 'edited question'));
    expect(failed(verify(bundle, otherTasks))).toEqual(['tasks hash']);
    const foreign = tamper(bundle, 'answers.jsonl', (s) => `${s}{"id":"nope-1","answer":"x"}\n`, true);
    expect(failed(verify(foreign, tasksBytes))).toEqual(['instances']);
    const entries = untgz(bundle);
    expect(failed(verify(tgz([...entries, { name: 'extra.txt', data: Buffer.from('hi') }]), tasksBytes))).toEqual(['archive']);
    expect(failed(verify(tgz(entries.filter((e) => e.name !== 'answers.jsonl')), tasksBytes))).toEqual(['archive']);
    expect(failed(verify(Buffer.from('not a bundle'), tasksBytes))).toEqual(['archive']);
    const truncated = tgz(entries).subarray(0, 100);
    expect(verify(truncated, tasksBytes).ok).toBe(false);
    const badTrajectory = tamper(bundle, 'trajectories.jsonl', (s) => s.replace('"task":"case_routing"', '"task":"handle_time"'), true);
    expect(failed(verify(badTrajectory, tasksBytes))).toEqual(['instances']);
  });

  it('pack refuses an incomplete or inconsistent run directory', () => {
    const files = runFiles(run.dir);
    files.delete('trajectories.jsonl');
    expect(() => pack(files)).toThrow(/trajectories\.jsonl is missing/);
    const stray = runFiles(run.dir);
    stray.set('answers.jsonl', Buffer.from('{"id":"ghost","answer":"x"}\n'));
    expect(() => pack(stray)).toThrow(/ghost is not in the manifest/);
  });
});
