// The runner's pure parts: action parsing, observation shaping, selection and shards, prompts,
// progress output, retry/backoff bounds and prices.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseAction, taskNow, type RunnerTask } from '../../runner/episode.js';
import { costUsd, LlmClient, LlmFailure } from '../../runner/llm.js';
import { isSosl, shapeRows, unwrapStatement } from '../../runner/observe.js';
import { manifestDiff } from '../../runner/outputs.js';
import { createProgress } from '../../runner/progress.js';
import { DEFAULT_PROMPTS, fill, parsePromptFile, promptsHash, renderSystem } from '../../runner/prompts/index.js';
import { parseShard, selectTasks } from '../../runner/run.js';
import type { RunManifest } from '../../tasks/run-format.js';

describe('react / act action parsing', () => {
  it('takes the first <execute>, else the first <respond>, with the thought before it', () => {
    expect(parseAction('Look up cases.\n<execute>SELECT Id FROM Case</execute> <respond>x</respond>')).toEqual({ kind: 'execute', statement: 'SELECT Id FROM Case', thought: 'Look up cases.' });
    expect(parseAction('Done. <respond> 005Ws000001AbCd </respond>')).toEqual({ kind: 'respond', text: '005Ws000001AbCd', thought: 'Done.' });
    expect(parseAction('<execute>   </execute>')).toEqual({ kind: 'invalid' });
    expect(parseAction('I will answer later')).toEqual({ kind: 'invalid' });
    expect(parseAction('<think>maybe <respond>None</respond>?</think>\nNo: <execute>SELECT Id FROM Issue__c</execute>')).toMatchObject({ kind: 'execute', statement: 'SELECT Id FROM Issue__c' });
  });
  it('unwraps fenced statements, collapses whitespace, and sends FIND to SOSL', () => {
    expect(unwrapStatement('```sql\nSELECT Id\n  FROM Case\n```')).toBe('SELECT Id FROM Case');
    expect(isSosl(' find {shoe} RETURNING Product2')).toBe(true);
    expect(isSosl('SELECT Id FROM Case WHERE Subject = \'FIND\'')).toBe(false);
  });
  it('drops top-level attributes and columns null in every row (CRMArena connector)', () => {
    const rows = [
      { attributes: { type: 'Case' }, Id: 'a', ClosedDate: null, Owner: { attributes: { type: 'User' }, Name: 'x' } },
      { attributes: { type: 'Case' }, Id: 'b', ClosedDate: null, Owner: null },
    ];
    expect(shapeRows(rows)).toEqual([
      { Id: 'a', Owner: { attributes: { type: 'User' }, Name: 'x' } },
      { Id: 'b', Owner: null },
    ]);
    expect(shapeRows([])).toEqual([]);
  });
  it("the episode clock is the task's date at midnight UTC", () => {
    const t: RunnerTask = { id: 'x', task: 'handle_time', query: 'q', metadata: { required: "## Today's date: 2023-04-05", optional: '' } };
    expect(taskNow(t)).toBe('2023-04-05T00:00:00.000Z');
    expect(taskNow({ ...t, metadata: { required: '', optional: '' } })).toBeUndefined();
  });
});

describe('selection and shards', () => {
  const tasks: RunnerTask[] = ['a', 'b', 'c'].flatMap((f) => [1, 2, 3, 4].map((i) => ({ id: `${f}${i}`, task: f, query: 'q', metadata: { required: '', optional: '' } })));
  it('families, per-task, ids, then the shard', () => {
    expect(selectTasks(tasks, { families: ['b'], perTask: 2 }).map((t) => t.id)).toEqual(['b1', 'b2']);
    expect(selectTasks(tasks, { ids: ['c4', 'a1'] }).map((t) => t.id)).toEqual(['a1', 'c4']);
    expect(() => selectTasks(tasks, { ids: ['zz'] })).toThrow(/unknown task ids: zz/);
  });
  it('shards partition the selection deterministically', () => {
    const parts = [1, 2, 3, 4, 5].map((i) => selectTasks(tasks, { perTask: 3, shard: { index: i, count: 5 } }).map((t) => t.id));
    expect(parts.flat().sort()).toEqual(selectTasks(tasks, { perTask: 3 }).map((t) => t.id).sort());
    expect(new Set(parts.flat()).size).toBe(9);
    expect(parts[0]).toEqual(selectTasks(tasks, { perTask: 3, shard: { index: 1, count: 5 } }).map((t) => t.id));
  });
  it('parses i/n', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1-2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});

describe('prompts', () => {
  const task = { persona: 'analyst', query: 'q', metadata: { required: "Today's date: 2024-01-01", optional: 'Winter = Dec–Feb' } };
  it('renders schema, persona, context and domain; other braces survive', () => {
    const s = renderSystem(DEFAULT_PROMPTS, 'react', task);
    expect(s).toContain('Case');
    expect(s).toContain(DEFAULT_PROMPTS.personas.analyst!);
    expect(s).toContain("Today's date: 2024-01-01");
    expect(s).toContain('Winter = Dec–Feb');
    expect(fill('FIND {term} in {system}', { system: 'Salesforce instance' })).toBe('FIND {term} in Salesforce instance');
  });
  it('a prompt file replaces strategies field by field, and changes the hash', () => {
    const set = parsePromptFile({ name: 'mine', react: { system: 'Schema:\n{system_description}\nUse {system}.', observationPrefix: 'Salesforce instance output: ' } });
    expect(set.react.correction).toBe(DEFAULT_PROMPTS.react.correction);
    expect(set.act).toBe(DEFAULT_PROMPTS.act);
    const s = renderSystem(set, 'react', task);
    expect(s.startsWith('Schema:\nThe org has these objects:')).toBe(true);
    expect(s).toContain('Use Salesforce instance.');
    expect(promptsHash(set, 'react')).not.toBe(promptsHash(DEFAULT_PROMPTS, 'react'));
    expect(() => parsePromptFile({ name: 'x', react: { sytem: 'typo' } })).toThrow(/invalid prompts file/);
    expect(() => parsePromptFile({ react: { system: 'x' } })).toThrow(/name/);
  });
});

describe('manifests', () => {
  const m: RunManifest = {
    format: 1, localforceVersion: '0.1.0', org: { seed: 1, scale: 1, contentHash: 'h' }, tasksHash: 't', promptsHash: 'p', promptsName: 'n',
    model: 'm', strategy: 'react',
    parameters: { temperature: 0, seed: null, maxTurns: 20, concurrency: 4, families: null, perTask: null, ids: null, baseUrl: 'u' },
    shard: { index: 1, count: 2 }, instanceIds: ['a'], startedAt: 's', endedAt: null,
  };
  it('agree across shards, concurrency and base URL; differ on model, prompts, parameters, shard count', () => {
    expect(manifestDiff(m, { ...m, shard: { index: 2, count: 2 }, instanceIds: ['b'], parameters: { ...m.parameters, concurrency: 32, baseUrl: 'v' } })).toEqual([]);
    expect(manifestDiff(m, { ...m, model: 'o' })).toEqual(['model: "m" ≠ "o"']);
    expect(manifestDiff(m, { ...m, promptsHash: 'q', parameters: { ...m.parameters, maxTurns: 10 } })).toHaveLength(2);
    expect(manifestDiff(m, { ...m, shard: { index: 1, count: 3 } })).toEqual(['shardCount: 2 ≠ 3']);
  });
});

describe('progress', () => {
  const ev = { id: 'x-1', endReason: 'answered' as const, reward: 1, turns: 3, ms: 1200 };
  it('plain lines when not a TTY', () => {
    let out = '';
    let clock = 0;
    const p = createProgress({ write: (s: string) => (out += s) }, () => clock);
    p.start(4, 1);
    clock = 2000;
    p.episode(ev);
    p.end();
    expect(out).toBe('running 3 of 4 episodes (1 already done)\n[2/4] x-1 answered reward 1.00 turns 3 1.2s | score 100.0% ETA 4s\n');
  });
  it('a redrawn bar on a TTY', () => {
    let out = '';
    const p = createProgress({ isTTY: true, write: (s: string) => (out += s) }, () => 0);
    p.start(2, 0);
    p.episode({ ...ev, endReason: 'max_turns', reward: 0 });
    expect(out).toMatch(/^\r\[#{15}\.{15}\] 1\/2 {2}ETA 0s {2}score 0\.0% {2}failed 1/);
  });
});

describe('LLM client retries', () => {
  it('retries 5xx a bounded number of times with jittered backoff, then fails as llm_error', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"bad gateway"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const waits: number[] = [];
    const llm = new LlmClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'k', model: 'm', retries: 3, backoffMs: 100, backoffCapMs: 250,
      sleep: async (ms) => void waits.push(ms), random: () => 1,
    });
    const err = await llm.chat([{ role: 'user', content: 'hi' }]).catch((e: unknown) => e);
    server.close();
    expect(err).toBeInstanceOf(LlmFailure);
    expect((err as LlmFailure).reason).toBe('llm_error');
    expect(hits).toBe(4);
    expect(waits).toEqual([100, 200, 250]);
  });
  it('prices per million tokens', () => {
    expect(costUsd({ m: { prompt: 2.5, completion: 10 } }, 'm', { prompt: 1_000_000, completion: 500_000 })).toBe(7.5);
    expect(costUsd(undefined, 'm', { prompt: 1, completion: 1 })).toBeNull();
  });
});
