// The benchmark commands through commander: tasks generate (both formats), eval, schema.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerTasks } from '../../cli/commands/tasks.js';
import { testOrgPath } from '../helpers/org.js';

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerTasks(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'localforce', ...args]);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  return out;
}

describe('localforce tasks / eval / schema', () => {
  const dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'tasks-cli-'));

  it('generates native tasks and scores their gold answers 100%', async () => {
    const tasks = join(dir, 'tasks.json');
    await run('tasks', 'generate', '--db', testOrgPath(), '--out', tasks, '--per-task', '5', '--seed', '3');
    const list = JSON.parse(readFileSync(tasks, 'utf8')) as { id: string; answer: string[] }[];
    expect(list).toHaveLength(45);
    const answers = join(dir, 'answers.jsonl');
    writeFileSync(answers, list.map((x) => JSON.stringify({ id: x.id, answer: x.answer[0] })).join('\n'));
    const md = await run('eval', '--tasks', tasks, '--answers', answers, '--out', join(dir, 'report.json'), '--markdown', join(dir, 'report.md'));
    expect(md).toContain('| NCR | HTU | TCU | NED | PVI | KQA | TII | MTA | BRI | ALL |');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { overall: number; families: Record<string, { n: number }> };
    expect(report.overall).toBe(1);
    expect(report.families.handle_time!.n).toBe(5);
  });

  it('exports the CRMArena format', async () => {
    const tasks = join(dir, 'crm.json');
    await run('tasks', 'generate', '--db', testOrgPath(), '--out', tasks, '--per-task', '4', '--format', 'crmarena', '--tasks', 'handle_time,monthly_trend_analysis');
    const list = JSON.parse(readFileSync(tasks, 'utf8')) as Record<string, unknown>[];
    expect(list).toHaveLength(8);
    expect(Object.keys(list[0]!).sort()).toEqual(['answer', 'idx', 'metadata', 'query', 'reward_metric', 'task']);
    expect(list.map((x) => x.idx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('prints the agent-facing schema', async () => {
    const list = JSON.parse(await run('schema')) as { object: string; fields: Record<string, string> }[];
    expect(list.find((o) => o.object === 'CaseHistory__c')?.fields.Field__c).toMatch(/Owner Assignment/);
    const detailed = JSON.parse(await run('schema', '--format', 'json')) as { fields: { type: string }[] }[];
    expect(detailed[0]!.fields[0]!.type).toBe('id');
  });
});
