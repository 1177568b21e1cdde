// The expert policy really solves every family through the runner (queries or CRMArena's task
// functions over HTTP, answers scored by the deterministic scorer): 100% in every strategy, with the
// outputs on disk. In tool_call it has only the `crmarena` set (no raw SOQL/SOSL tool).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestSchema, readRun } from '../../runner/outputs.js';
import { DEFAULT_PROMPTS } from '../../runner/prompts/index.js';
import { run } from '../../runner/run.js';
import type { Strategy } from '../../tasks/run-format.js';
import { TASK_IDS } from '../../tasks/types.js';
import { runnerFixture, type RunnerFixture } from './fixture.js';

let fx: RunnerFixture;
beforeAll(async () => {
  fx = await runnerFixture(3);
});
afterAll(async () => {
  await fx?.close();
});

describe.each<Strategy>(['react', 'act', 'tool_call', 'tool_call_flex'])('expert policy, %s', (strategy) => {
  it('scores 100% on every family and writes the run directory', async () => {
    const out = join(fx.dir, `expert-${strategy}`);
    const { report, manifest, episodes } = await run({
      tasksBytes: fx.tasksBytes,
      tasks: fx.instances,
      out,
      strategy,
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
    });
    expect(report.n).toBe(fx.instances.length);
    expect(Object.keys(report.families).sort()).toEqual([...TASK_IDS].sort());
    expect(report.failures).toEqual([]);
    expect(report.overall).toBe(1);
    expect(report.run.failuresByCause).toEqual({});
    for (const f of ['manifest.json', 'answers.jsonl', 'trajectories.jsonl', 'report.json', 'report.md']) expect(existsSync(join(out, f))).toBe(true);
    const m = ManifestSchema.parse(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    expect(m.endedAt).not.toBeNull();
    expect(m.instanceIds).toEqual(fx.instances.map((i) => i.id));
    expect(manifest.strategy).toBe(strategy);
    // one fresh episode per task, each deleted afterwards
    expect(episodes).toBe('isolated');
    const listing = (await (await fetch(`${fx.server.url}/localforce/sessions`, { headers: { Authorization: `Bearer ${fx.server.token}` } })).json()) as { size: number };
    expect(listing.size).toBe(0);
    const { trajectories } = readRun(out);
    expect(trajectories).toHaveLength(fx.instances.length);
    for (const t of trajectories) {
      expect(t.endReason).toBe('answered');
      // really queried: at least one observation step came back from Localforce
      expect(t.steps.some((s) => s.role === 'tool')).toBe(true);
      expect(t.turns).toBeGreaterThan(1);
      expect(t.tokens.prompt).toBeGreaterThan(0);
      const called = t.steps.flatMap((s) => (s.action?.kind === 'tool_call' ? [s.action.name ?? ''] : []));
      if (strategy === 'tool_call') {
        // only CRMArena's task functions, and more than one per family on the way to the answer
        expect(called.filter((n) => /^issue_so[qs]l_query$/.test(n))).toEqual([]);
        expect(new Set(called).size).toBeGreaterThan(1);
      }
      if (strategy === 'tool_call_flex') expect(called.some((n) => /^issue_so[qs]l_query$/.test(n))).toBe(true);
    }
  });
});

describe('tool_call (the crmarena set)', () => {
  it('calls a real tool in the episode and submits from its observation', async () => {
    const out = join(fx.dir, 'probe-tool_call');
    const tii = fx.instances.filter((i) => i.task === 'top_issue_identification').slice(0, 2);
    const { report } = await run({
      tasksBytes: fx.tasksBytes,
      tasks: fx.instances,
      out,
      strategy: 'tool_call',
      llm: { baseUrl: fx.llm.url, apiKey: 'x', model: 'probe', timeoutMs: 30_000, retries: 0 },
      temperature: 0,
      seed: null,
      maxTurns: 5,
      concurrency: 2,
      selection: { ids: tii.map((i) => i.id) },
      resume: false,
      prompts: DEFAULT_PROMPTS,
      server: { url: fx.server.url, adminToken: fx.server.token },
      org: { seed: 1, scale: 1, contentHash: 'test' },
      localforceVersion: 'test',
    });
    expect(report.run.failuresByCause).toEqual({});
    const { answers, trajectories } = readRun(out);
    for (const t of trajectories) {
      const obs = t.steps.find((s) => s.role === 'tool')!.content!;
      // CRMArena's get_issues returns [{'Id': …, 'Name': …}] and the model sees its Python str()
      expect(obs).toMatch(/^\[\{'Id': 'a1M[A-Za-z0-9]{15}', 'Name': '/);
      expect(t.steps.filter((s) => s.action?.kind === 'tool_call').map((s) => s.action!.name)).toEqual(['get_issues', 'respond']);
      expect(answers.find((a) => a.id === t.id)!.answer).toBe(/a1M[A-Za-z0-9]{15}/.exec(obs)![0]);
    }
  });
});
