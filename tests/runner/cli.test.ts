// The built CLI end to end: `localforce run` serving the org in-process, killed mid-run and resumed
// (identical answers, no duplicates), shards merged by `eval --merge` (and refused when they disagree).
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, readRun } from '../../runner/outputs.js';
import { DEFAULT_PROMPTS } from '../../runner/prompts/index.js';
import { run, type RunOptions } from '../../runner/run.js';
import { testOrgPath } from '../helpers/org.js';
import { runnerFixture, type RunnerFixture } from './fixture.js';

const exec = promisify(execFile);
const CLI = join(process.cwd(), 'dist/cli/index.js');

let fx: RunnerFixture;
let reference: Map<string, string | null>;

function libOptions(out: string, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    tasksBytes: fx.tasksBytes,
    tasks: fx.instances,
    out,
    strategy: 'react',
    llm: { baseUrl: fx.llm.url, apiKey: 'x', model: 'expert', timeoutMs: 30_000, retries: 0 },
    temperature: 0,
    seed: null,
    maxTurns: 20,
    concurrency: 4,
    selection: {},
    resume: false,
    prompts: DEFAULT_PROMPTS,
    server: { url: fx.server.url, adminToken: fx.server.token },
    org: { seed: 1, scale: 1, contentHash: 'test' },
    localforceVersion: 'test',
    ...extra,
  };
}

beforeAll(async () => {
  expect(existsSync(CLI), 'dist/ is built by `npm test` (npm run build)').toBe(true);
  fx = await runnerFixture(2);
  const out = join(fx.dir, 'reference');
  await run(libOptions(out));
  reference = new Map(readRun(out).answers.map((a) => [a.id, a.answer]));
});
afterAll(async () => {
  await fx?.close();
});

function cliArgs(out: string, extra: string[] = []): string[] {
  return [CLI, 'run', '--tasks', fx.tasksPath, '--db', testOrgPath(), '--strategy', 'react', '--model', 'expert', '--base-url', fx.llm.url, '--out', out, '--progress', 'lines', ...extra];
}

describe('localforce run (built CLI, in-process server)', () => {
  it('killed mid-run, then --resume completes it with identical answers', async () => {
    const out = join(fx.dir, 'killed');
    fx.llm.setDelay(60);
    const child = spawn(process.execPath, cliArgs(out, ['--concurrency', '2']), { stdio: 'ignore' });
    const answersPath = join(out, 'answers.jsonl');
    const lines = () => (existsSync(answersPath) ? readFileSync(answersPath, 'utf8').split('\n').filter(Boolean).length : 0);
    const deadline = Date.now() + 60_000;
    while (lines() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    fx.llm.setDelay(0);
    const partial = readRun(out).answers.length;
    expect(partial).toBeGreaterThanOrEqual(4);
    expect(partial).toBeLessThan(fx.instances.length);
    expect(readManifest(out).endedAt).toBeNull();

    const { stdout } = await exec(process.execPath, cliArgs(out, ['--resume', '--concurrency', '4']));
    expect(stdout).toMatch(/^done: 18 of 18 episodes, score 100\.0%/);
    const all = readFileSync(answersPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; answer: string | null });
    expect(all).toHaveLength(fx.instances.length); // no duplicates
    expect(new Map(all.map((a) => [a.id, a.answer]))).toEqual(reference);
    expect(readManifest(out).endedAt).not.toBeNull();
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { overall: number; run: { n: number } };
    expect(report.overall).toBe(1);
    expect(report.run.n).toBe(18);
  });

  it('rejects bad options with a clear message', async () => {
    await expect(exec(process.execPath, [...cliArgs(join(fx.dir, 'bad1')), '--strategy', 'telepathy'])).rejects.toMatchObject({ stderr: expect.stringMatching(/unknown strategy telepathy/) });
    await expect(exec(process.execPath, cliArgs(join(fx.dir, 'bad2'), ['--shard', '3/2']))).rejects.toMatchObject({ stderr: expect.stringMatching(/--shard must be i\/n/) });
    await expect(exec(process.execPath, cliArgs(join(fx.dir, 'bad3'), ['--ids', 'nope-1']))).rejects.toMatchObject({ stderr: expect.stringMatching(/unknown task ids: nope-1/) });
  });
});

describe('shards and eval --merge', () => {
  it('two shards merge into the full run; disagreeing or missing shards are refused', async () => {
    const s1 = join(fx.dir, 'shard-1');
    const s2 = join(fx.dir, 'shard-2');
    const r1 = await run(libOptions(s1, { selection: { shard: { index: 1, count: 2 } } }));
    const r2 = await run(libOptions(s2, { selection: { shard: { index: 2, count: 2 } } }));
    expect(r1.manifest.instanceIds.length + r2.manifest.instanceIds.length).toBe(fx.instances.length);
    expect(r1.manifest.instanceIds.filter((id) => r2.manifest.instanceIds.includes(id))).toEqual([]);

    const merged = join(fx.dir, 'merged');
    const { stdout } = await exec(process.execPath, [CLI, 'eval', '--merge', s2, s1, '--tasks', fx.tasksPath, '--merge-out', merged, '--out', join(fx.dir, 'merged.json')]);
    expect(stdout).toMatch(/\*\*100\.0\*\*/);
    const m = readManifest(merged);
    expect(m.shard).toBeNull();
    expect(m.instanceIds).toEqual(fx.instances.map((i) => i.id));
    expect(new Map(readRun(merged).answers.map((a) => [a.id, a.answer]))).toEqual(reference);

    const other = join(fx.dir, 'shard-2-other-model');
    await run(libOptions(other, { selection: { shard: { index: 2, count: 2 } }, llm: { baseUrl: fx.llm.url, apiKey: 'x', model: 'garbage', timeoutMs: 5000, retries: 0 }, maxTurns: 1 }));
    await expect(exec(process.execPath, [CLI, 'eval', '--merge', s1, other, '--tasks', fx.tasksPath])).rejects.toMatchObject({ stderr: expect.stringMatching(/cannot merge[\s\S]*model: "expert" ≠ "garbage"/) });
    await expect(exec(process.execPath, [CLI, 'eval', '--merge', s1, '--tasks', fx.tasksPath])).rejects.toMatchObject({ stderr: expect.stringMatching(/shard 2\/2 is missing/) });
    await expect(exec(process.execPath, [CLI, 'eval', '--merge', s1, s1, '--tasks', fx.tasksPath])).rejects.toMatchObject({ stderr: expect.stringMatching(/appears twice/) });
  });
});

describe('Ctrl-C', () => {
  it('SIGINT stops the run quickly, keeps the finished episodes, and --resume finishes it', async () => {
    const out = join(fx.dir, 'sigint');
    fx.llm.setDelay(150);
    const child = spawn(process.execPath, cliArgs(out, ['--concurrency', '3']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    const answersPath = join(out, 'answers.jsonl');
    const lines = () => (existsSync(answersPath) ? readFileSync(answersPath, 'utf8').split('\n').filter(Boolean).length : 0);
    const deadline = Date.now() + 60_000;
    while (lines() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    fx.llm.setDelay(0);
    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(stdout).toMatch(/^interrupted: \d+ of 18 episodes/);
    expect(readManifest(out).endedAt).toBeNull();
    const partial = readRun(out).answers;
    expect(partial.length).toBeLessThan(18);
    for (const a of partial) expect(a.answer).toBe(reference.get(a.id));
    const { stdout: resumed } = await exec(process.execPath, cliArgs(out, ['--resume']));
    expect(resumed).toMatch(/^done: 18 of 18 episodes, score 100\.0%/);
    expect(new Map(readRun(out).answers.map((a) => [a.id, a.answer]))).toEqual(reference);
  });
});
