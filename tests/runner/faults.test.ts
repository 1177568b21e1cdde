// Fault policies: every misbehaviour of the model or its endpoint ends as a recorded failure with
// its cause (never a crash, a hang, or a silent "None"), and --resume --retry-errors finishes a run
// after an outage.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../../runner/outputs.js';
import { DEFAULT_PROMPTS } from '../../runner/prompts/index.js';
import { run, type RunOptions } from '../../runner/run.js';
import type { EndReason, Strategy } from '../../tasks/run-format.js';
import type { Policy } from '../helpers/fake-llm.js';
import { runnerFixture, type RunnerFixture } from './fixture.js';

let fx: RunnerFixture;
let ids: string[];
beforeAll(async () => {
  fx = await runnerFixture(1);
  ids = [fx.instances.find((i) => i.task === 'handle_time')!.id, fx.instances.find((i) => i.task === 'knowledge_qa')!.id];
});
afterAll(async () => {
  await fx?.close();
});

let seq = 0;
function options(model: string, strategy: Strategy, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    tasksBytes: fx.tasksBytes,
    tasks: fx.instances,
    out: join(fx.dir, `fault-${model}-${strategy}-${++seq}`),
    strategy,
    llm: { baseUrl: fx.llm.url, apiKey: 'x', model, timeoutMs: 400, retries: 2, backoffMs: 1, backoffCapMs: 5 },
    temperature: null,
    seed: null,
    maxTurns: 4,
    concurrency: 2,
    selection: { ids },
    resume: false,
    prompts: DEFAULT_PROMPTS,
    server: { url: fx.server.url, adminToken: fx.server.token },
    org: { seed: 1, scale: 1, contentHash: 'test' },
    localforceVersion: 'test',
    ...extra,
  };
}

const CASES: [Policy, EndReason][] = [
  ['garbage', 'malformed_output'],
  ['unknown-tool', 'malformed_output'],
  ['bad-args', 'max_turns'],
  ['loop', 'max_turns'],
  ['429', 'llm_error'],
  ['500', 'llm_error'],
  ['timeout', 'llm_error'],
  ['drop', 'llm_error'],
  ['context', 'context_length'],
];

describe('fault policies (react)', () => {
  it.each(CASES)('%s ends as %s, recorded and scored as a failure', async (policy, reason) => {
    const o = options(policy, 'react');
    const { report } = await run(o);
    const { answers, trajectories } = readRun(o.out);
    expect(answers).toHaveLength(2);
    for (const a of answers) {
      expect(a.answer).toBeNull();
      expect(a.error).toBe(reason);
    }
    for (const t of trajectories) {
      expect(t.endReason).toBe(reason);
      expect(t.error).toBeTruthy();
    }
    expect(report.overall).toBe(0);
    expect(report.errors).toBe(2);
    expect(report.run.failuresByCause).toEqual({ [reason]: 2 });
    if (reason === 'max_turns' || reason === 'malformed_output') for (const t of trajectories) expect(t.turns).toBe(4);
  });

  it('retries through 429, 503 and a dropped connection, then answers', async () => {
    const base = options('flaky', 'react', { maxTurns: 20 });
    const o = { ...base, llm: { ...base.llm, retries: 4 } };
    const { report } = await run(o);
    expect(report.run.failuresByCause).toEqual({});
    expect(report.overall).toBe(1);
  });
});

const TOOL_CASES: [Policy, EndReason][] = [
  ['garbage', 'malformed_output'],
  ['unknown-tool', 'max_turns'],
  ['bad-args', 'max_turns'],
  ['loop', 'max_turns'],
  ['429', 'llm_error'],
  ['drop', 'llm_error'],
];

describe.each<Strategy>(['tool_call', 'tool_call_flex'])('fault policies (%s)', (strategy) => {
  it.each(TOOL_CASES)('%s ends as %s', async (policy, reason) => {
    const o = options(policy, strategy);
    const { report } = await run(o);
    const { answers, trajectories } = readRun(o.out);
    expect(answers.map((a) => a.error)).toEqual([reason, reason]);
    expect(report.overall).toBe(0);
    if (policy === 'unknown-tool') {
      const obs = trajectories[0]!.steps.filter((st) => st.role === 'tool').map((st) => st.content);
      expect(obs.length).toBe(4);
      expect(obs[0]).toMatch(/frobnicate_records/);
    }
    if (policy === 'bad-args') expect(trajectories[0]!.steps.find((st) => st.role === 'tool')?.content).toMatch(/not valid JSON/);
  });
});

describe('an outage, then --resume --retry-errors', () => {
  it('re-runs only the failed episodes and completes the run', async () => {
    fx.llm.route('outage-model', '500');
    const o = options('outage-model', 'act', { maxTurns: 20 });
    const first = await run(o);
    expect(first.report.run.failuresByCause).toEqual({ llm_error: 2 });
    expect(first.manifest.endedAt).not.toBeNull();
    // a plain second run refuses to overwrite the directory
    await expect(run(o)).rejects.toThrow(/--resume/);
    // --resume alone keeps recorded failures
    const again = await run({ ...o, resume: true });
    expect(again.report.run.failuresByCause).toEqual({ llm_error: 2 });
    fx.llm.route('outage-model', 'expert');
    const fixed = await run({ ...o, resume: true, retryErrors: true });
    expect(fixed.report.run.failuresByCause).toEqual({});
    expect(fixed.report.overall).toBe(1);
    expect(readRun(o.out).answers.map((a) => a.id).sort()).toEqual([...ids].sort());
  });

  it('refuses to resume with a different model', async () => {
    const o = options('garbage', 'react');
    await run(o);
    await expect(run({ ...o, resume: true, llm: { ...o.llm, model: 'loop' } })).rejects.toThrow(/model/);
  });
});
