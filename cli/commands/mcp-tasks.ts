// Task files for MCP sessions: the agent-visible part of a task instance (query, context, domain
// details; never the answer or the drawn parameters) and its "today", for `localforce mcp --task` and
// `serve --tasks` (/mcp?task=ID).
import { readFileSync } from 'node:fs';
import type { McpTask } from '../../server/mcp/index.js';
import { parseToday } from '../../tasks/index.js';

export function loadTask(path: string, id: string): { task: McpTask; today?: Date } {
  const list = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(list)) throw new Error(`${path} is not a list of task instances`);
  return loadTaskFrom(list as Record<string, unknown>[], id, path);
}

function loadTaskFrom(list: Record<string, unknown>[], id: string, path: string): { task: McpTask; today?: Date } {
  const rec = list.find((r) => String(r.id ?? r.idx) === id);
  if (!rec) throw new Error(`no task ${id} in ${path}`);
  const meta = (rec.metadata ?? {}) as { required?: unknown; optional?: unknown };
  const query = String(rec.query ?? '');
  const context = typeof meta.required === 'string' ? meta.required : '';
  const details = typeof meta.optional === 'string' && meta.optional !== '' ? meta.optional : undefined;
  const today = parseToday(context) ?? parseToday(query);
  return { task: { id, task: String(rec.task ?? rec.type ?? ''), query, context, ...(details ? { details } : {}) }, ...(today ? { today } : {}) };
}

/** `/mcp?task=ID` lookups over a tasks file, read once (serve --tasks). */
export function taskFinder(path: string): (id: string) => { task: McpTask; now?: string } | undefined {
  const list = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(list)) throw new Error(`${path} is not a list of task instances`);
  return (id) => {
    if (!(list as Record<string, unknown>[]).some((r) => String(r.id ?? r.idx) === id)) return undefined;
    const { task, today } = loadTaskFrom(list as Record<string, unknown>[], id, path);
    return { task, ...(today ? { now: today.toISOString() } : {}) };
  };
}

