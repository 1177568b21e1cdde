// The benchmark side: the task browser, the run viewer (`serve --runs DIR`) with per-task
// trajectories, and the leaderboard built from the runs' report.json files. Gold answers appear only
// when the server was started with --show-answers (an agent browsing the UI must not read them).
import { SalesforceError } from '../../org/index.js';
import { scoreAnswer } from '../../../tasks/index.js';
import { TASK_CODES, TASK_IDS, type Instance } from '../../../tasks/index.js';
import type { Trajectory } from '../../../tasks/index.js';
import { href, html, type Html } from '../html.js';
import { page } from '../layout.js';
import { pageReply, param, type Ctx, type Reply } from '../reply.js';
import { buildLeaderboard, loadRun as loadLeaderboardRun, toHtml, type LoadedRun as LeaderboardRun } from '../../../leaderboard/index.js';
import { findRun, loadRun, runDirs, runSource, type LoadedRun } from '../runs.js';

export interface BenchSources {
  /** The task instances (loaded once, then cached by the caller). */
  readonly tasks: () => Promise<readonly Instance[]>;
  readonly runsDir: string | undefined;
  readonly showAnswers: boolean;
}

const familyLabel = (t: string) => `${TASK_CODES[t as keyof typeof TASK_CODES] ?? t} · ${t.replace(/_/g, ' ')}`;

function head(kind: string, title: string, icon: string): Html {
  return html`<div class="page-head"><div class="icon" aria-hidden="true">${icon}</div><div><div class="kind">${kind}</div><h1>${title}</h1></div></div>`;
}

function goldText(gold: readonly (string | null)[]): string {
  return gold.map((g) => g ?? 'None').join(', ');
}

// ── tasks ──────────────────────────────────────────────────────────────────────────────────

export async function tasksPage(ctx: Ctx, src: BenchSources, q: Record<string, unknown>): Promise<Reply> {
  const all = await src.tasks();
  const family = param(q, 'family') ?? '';
  const persona = param(q, 'persona') ?? '';
  if (family && !(TASK_IDS as readonly string[]).includes(family)) throw new SalesforceError('INVALID_FIELD', `Unknown task family "${family}".`, 400);
  const personas = [...new Set(all.map((t) => t.persona))].sort();
  if (persona && !personas.includes(persona as Instance['persona'])) throw new SalesforceError('INVALID_FIELD', `Unknown persona "${persona}".`, 400);
  const shown = all.filter((t) => (!family || t.task === family) && (!persona || t.persona === persona));
  const body = html`${head('Benchmark', 'Tasks', 'T')}
<section class="card" aria-label="Tasks">
<form class="filters" method="get" action="/lightning/tasks" role="search" aria-label="Filter tasks">
  <label for="t-family">Family<select id="t-family" name="family"><option value="">All</option>${TASK_IDS.map((t) => html`<option value="${t}"${t === family ? ' selected' : ''}>${familyLabel(t)}</option>`)}</select></label>
  <label for="t-persona">Persona<select id="t-persona" name="persona"><option value="">All</option>${personas.map((p) => html`<option${p === persona ? ' selected' : ''}>${p}</option>`)}</select></label>
  <button class="btn" type="submit">Apply</button>
</form>
<div class="pager" role="status">${shown.length} of ${all.length} tasks${src.showAnswers ? ' · gold answers shown (--show-answers)' : ' · gold answers hidden'}</div>
<table class="grid"><caption class="skip">Task instances</caption><thead><tr><th scope="col">Id</th><th scope="col">Family</th><th scope="col">Persona</th><th scope="col">Query</th>${src.showAnswers ? html`<th scope="col">Gold</th>` : ''}</tr></thead>
<tbody>${shown.slice(0, 1000).map(
    (t) => html`<tr><th scope="row"><a href="/lightning/tasks/${t.id}">${t.id}</a></th><td>${familyLabel(t.task)}</td><td>${t.persona}</td><td>${t.query.length > 180 ? `${t.query.slice(0, 180)}…` : t.query}</td>${
      src.showAnswers ? html`<td>${goldText(t.answer)}</td>` : ''
    }</tr>`,
  )}</tbody></table>
${shown.length > 1000 ? html`<p class="body muted">Showing the first 1,000; filter by family to see the rest.</p>` : ''}
</section>`;
  return pageReply(page('Tasks', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'tasks' } }));
}

export async function taskPage(ctx: Ctx, src: BenchSources, id: string): Promise<Reply> {
  const t = (await src.tasks()).find((x) => x.id === id);
  if (!t) throw new SalesforceError('NOT_FOUND', `There is no task ${id}.`, 404);
  const body = html`${head(familyLabel(t.task), `Task ${t.id}`, TASK_CODES[t.task])}
<section class="card" aria-labelledby="tq"><h2 id="tq">Query</h2><div class="body"><pre>${t.query}</pre></div></section>
<section class="card" aria-labelledby="tm"><h2 id="tm">About</h2><dl class="fields">
  <div class="f"><dt>Family</dt><dd>${familyLabel(t.task)}</dd></div><div class="f"><dt>Persona</dt><dd>${t.persona}</dd></div>
  <div class="f"><dt>Reward metric</dt><dd>${t.reward_metric}</dd></div>
  <div class="f"><dt>Gold answer</dt><dd id="gold">${src.showAnswers ? goldText(t.answer) : html`<span class="muted">hidden (start the server with --show-answers to see it)</span>`}</dd></div>
</dl></section>
<section class="card" aria-labelledby="tc"><h2 id="tc">Context given to the agent: required</h2><div class="body"><pre>${t.metadata.required || '—'}</pre></div></section>
<section class="card" aria-labelledby="to"><h2 id="to">Context given to the agent: optional</h2><div class="body"><pre>${t.metadata.optional || '—'}</pre></div></section>`;
  return pageReply(page(`Task ${t.id}`, body, { chrome: ctx.chrome, active: { kind: 'page', name: 'tasks' } }));
}

// ── runs ───────────────────────────────────────────────────────────────────────────────────

type Outcome = 'pass' | 'partial' | 'fail' | 'error' | 'missing';

interface Row {
  readonly id: string;
  readonly task: string;
  readonly answer: string | null;
  readonly gold: readonly (string | null)[] | null;
  readonly reward: number | null;
  readonly outcome: Outcome;
  readonly trajectory: Trajectory | undefined;
}

async function runRows(run: LoadedRun, src: BenchSources): Promise<Row[]> {
  const tasks = new Map((await src.tasks()).map((t) => [t.id, t]));
  const failures = new Map((run.report?.failures ?? []).map((f) => [f.id, f]));
  const ids = run.manifest?.instanceIds ?? [...run.answers.keys()];
  return ids.map((id) => {
    const a = run.answers.get(id);
    const tr = run.trajectories.get(id);
    const inst = tasks.get(id);
    const taskName = inst?.task ?? tr?.task ?? failures.get(id)?.task ?? id.split('-')[0] ?? '';
    let reward: number | null = null;
    if (a && a.answer !== null && inst) reward = scoreAnswer(inst.task, inst.reward_metric, inst.answer, a.answer).reward;
    else if (a && a.answer !== null && run.report) reward = failures.get(id)?.reward ?? 1;
    else if (a) reward = 0;
    const outcome: Outcome = !a ? 'missing' : a.answer === null ? 'error' : reward === null ? 'missing' : reward >= 1 ? 'pass' : reward > 0 ? 'partial' : 'fail';
    return { id, task: taskName, answer: a?.answer ?? null, gold: inst?.answer ?? null, reward, outcome, trajectory: tr };
  });
}

function runOr404(src: BenchSources, name: string): LoadedRun {
  const run = src.runsDir === undefined ? undefined : findRun(src.runsDir, name);
  if (!run) throw new SalesforceError('NOT_FOUND', src.runsDir === undefined ? 'No runs: start the server with --runs DIR.' : `There is no run "${name}".`, 404);
  return run;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function runsPage(ctx: Ctx, src: BenchSources): Reply {
  const runs = src.runsDir === undefined ? [] : runDirs(src.runsDir).map(loadRun);
  const body = html`${head('Benchmark', 'Runs', 'R')}
<section class="card" aria-label="Runs">${
    src.runsDir === undefined
      ? html`<p class="body">No run directory: start the server with <code>localforce serve --runs DIR</code>.</p>`
      : runs.length === 0
        ? html`<p class="body">No run directories (with a manifest.json) under <code>${src.runsDir}</code>.</p>`
        : html`<table class="grid"><caption class="skip">Runs</caption><thead><tr><th scope="col">Run</th><th scope="col">Model</th><th scope="col">Strategy</th><th scope="col">Tasks</th><th scope="col">Score</th><th scope="col">Started</th></tr></thead><tbody>${runs.map(
            (r) => html`<tr><th scope="row"><a href="/lightning/runs/${r.name}">${r.name}</a></th><td>${r.manifest?.model ?? '?'}</td><td>${r.manifest?.strategy ?? '?'}</td><td class="num">${r.answers.size} / ${r.manifest?.instanceIds.length ?? '?'}</td><td class="num">${r.report ? pct(r.report.overall) : '—'}</td><td>${r.manifest?.startedAt ?? ''}</td></tr>`,
          )}</tbody></table>`
  }</section>`;
  return pageReply(page('Runs', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'runs' } }));
}

const OUTCOMES: readonly Outcome[] = ['pass', 'partial', 'fail', 'error', 'missing'];

export async function runPage(ctx: Ctx, src: BenchSources, name: string, q: Record<string, unknown>): Promise<Reply> {
  const run = runOr404(src, name);
  const family = param(q, 'family') ?? '';
  const outcome = param(q, 'outcome') ?? '';
  if (outcome && !(OUTCOMES as readonly string[]).includes(outcome)) throw new SalesforceError('INVALID_FIELD', `Unknown outcome "${outcome}".`, 400);
  const rows = await runRows(run, src);
  const families = [...new Set(rows.map((r) => r.task))].sort();
  if (family && !families.includes(family)) throw new SalesforceError('INVALID_FIELD', `Unknown task family "${family}".`, 400);
  const shown = rows.filter((r) => (!family || r.task === family) && (!outcome || r.outcome === outcome));
  const m = run.manifest;
  const rep = run.report;
  const body = html`${head('Run', run.name, 'R')}
${run.problems.length > 0 ? html`<div class="alert" role="alert">Some files could not be read: <ul>${run.problems.slice(0, 10).map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
<section class="card" aria-labelledby="rm"><h2 id="rm">Run</h2><dl class="fields">
  <div class="f"><dt>Model</dt><dd>${m?.model ?? '?'}</dd></div><div class="f"><dt>Strategy</dt><dd>${m?.strategy ?? '?'}</dd></div>
  <div class="f"><dt>Started</dt><dd>${m?.startedAt ?? ''}</dd></div><div class="f"><dt>Ended</dt><dd>${m?.endedAt ?? 'not finished'}</dd></div>
  <div class="f"><dt>Overall score</dt><dd>${rep ? pct(rep.overall) : '—'}</dd></div><div class="f"><dt>Tasks answered</dt><dd>${run.answers.size} / ${m?.instanceIds.length ?? '?'}</dd></div>
  ${rep?.run ? html`<div class="f"><dt>Tokens (prompt / completion)</dt><dd>${rep.run.tokens.prompt.toLocaleString('en-US')} / ${rep.run.tokens.completion.toLocaleString('en-US')}</dd></div><div class="f"><dt>Mean turns</dt><dd>${rep.run.meanTurns.toFixed(1)}</dd></div>` : ''}
</dl></section>
${rep ? familyTable([{ label: run.name, report: rep }], 'Scores by family') : ''}
<section class="card" aria-label="Tasks in this run">
<form class="filters" method="get" action="/lightning/runs/${run.name}" role="search" aria-label="Filter tasks of this run">
  <label for="r-family">Family<select id="r-family" name="family"><option value="">All</option>${families.map((f) => html`<option value="${f}"${f === family ? ' selected' : ''}>${familyLabel(f)}</option>`)}</select></label>
  <label for="r-outcome">Outcome<select id="r-outcome" name="outcome"><option value="">All</option>${OUTCOMES.map((o) => html`<option${o === outcome ? ' selected' : ''}>${o}</option>`)}</select></label>
  <button class="btn" type="submit">Apply</button>
</form>
<div class="pager" role="status">${shown.length} of ${rows.length} tasks</div>
<table class="grid"><caption class="skip">Task outcomes</caption><thead><tr><th scope="col">Task</th><th scope="col">Family</th><th scope="col">Outcome</th><th scope="col">Reward</th><th scope="col">Answer</th>${src.showAnswers ? html`<th scope="col">Gold</th>` : ''}<th scope="col">Turns</th><th scope="col">Tokens</th><th scope="col">Time</th></tr></thead>
<tbody>${shown.map(
    (r) => html`<tr><th scope="row"><a href="/lightning/runs/${run.name}/${r.id}">${r.id}</a></th><td>${familyLabel(r.task)}</td><td><span class="badge ${r.outcome === 'pass' ? 'pass' : r.outcome === 'partial' ? '' : 'fail'}">${r.outcome}</span></td><td class="num">${r.reward === null ? '' : r.reward.toFixed(2)}</td><td>${r.answer ?? html`<span class="muted">${run.answers.get(r.id)?.error ?? ''}</span>`}</td>${
      src.showAnswers ? html`<td>${r.gold ? goldText(r.gold) : ''}</td>` : ''
    }<td class="num">${r.trajectory?.turns ?? ''}</td><td class="num">${r.trajectory ? (r.trajectory.tokens.prompt + r.trajectory.tokens.completion).toLocaleString('en-US') : ''}</td><td class="num">${r.trajectory ? `${(r.trajectory.ms / 1000).toFixed(1)} s` : ''}</td></tr>`,
  )}</tbody></table></section>`;
  return pageReply(page(`Run ${run.name}`, body, { chrome: ctx.chrome, active: { kind: 'page', name: 'runs' } }));
}

function argsText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

export async function trajectoryPage(ctx: Ctx, src: BenchSources, name: string, id: string): Promise<Reply> {
  const run = runOr404(src, name);
  const row = (await runRows(run, src)).find((r) => r.id === id);
  if (!row) throw new SalesforceError('NOT_FOUND', `Run "${name}" has no task ${id}.`, 404);
  const tr = row.trajectory;
  const steps = tr?.steps ?? [];
  const body = html`${head(`Run ${run.name}`, `Trajectory of ${id}`, 'Tr')}
<section class="card" aria-labelledby="ans"><h2 id="ans">Answer</h2><dl class="fields">
  <div class="f"><dt>Outcome</dt><dd><span class="badge ${row.outcome === 'pass' ? 'pass' : 'fail'}">${row.outcome}</span>${row.reward === null ? '' : ` reward ${row.reward.toFixed(2)}`}</dd></div>
  <div class="f"><dt>End reason</dt><dd>${tr?.endReason ?? run.answers.get(id)?.error ?? ''}${tr?.error ? ` — ${tr.error}` : ''}</dd></div>
  <div class="f"><dt>Submitted answer</dt><dd id="answer">${row.answer ?? html`<span class="muted">none</span>`}</dd></div>
  <div class="f"><dt>Gold answer</dt><dd id="gold">${src.showAnswers ? (row.gold ? goldText(row.gold) : html`<span class="muted">not in the tasks file</span>`) : html`<span class="muted">hidden (--show-answers)</span>`}</dd></div>
  <div class="f"><dt>Turns</dt><dd>${tr?.turns ?? ''}</dd></div>
  <div class="f"><dt>Tokens (prompt / completion)</dt><dd>${tr ? `${tr.tokens.prompt.toLocaleString('en-US')} / ${tr.tokens.completion.toLocaleString('en-US')}` : ''}</dd></div>
  <div class="f"><dt>Time (total / in Localforce)</dt><dd>${tr ? `${(tr.ms / 1000).toFixed(2)} s / ${(tr.localforceMs / 1000).toFixed(2)} s` : ''}</dd></div>
  <div class="f"><dt>Cost</dt><dd>${tr?.costUsd === null || tr?.costUsd === undefined ? '' : `$${tr.costUsd.toFixed(4)}`}</dd></div>
  <div class="f"><dt>Task</dt><dd><a href="/lightning/tasks/${id}">${id}</a></dd></div>
</dl></section>
<section class="card" aria-labelledby="steps"><h2 id="steps">Steps (${steps.length})</h2>
<ol class="steps" style="list-style:none;padding:0;margin:12px 0">${steps.map(
    (s, i) => html`<li class="step ${s.role}" aria-label="Step ${i + 1}: ${s.role}"><h3>${i + 1}. ${s.role === 'assistant' ? 'Agent' : s.role === 'tool' ? 'Observation' : s.role === 'user' ? 'User' : 'System'}${
      s.action ? html` — ${s.action.kind}${s.action.name ? html` <code>${s.action.name}</code>` : ''}` : ''
    }</h3><div class="meta">${s.tokens ? `${s.tokens.prompt} + ${s.tokens.completion} tokens` : ''}${s.tokens && s.ms !== undefined ? ' · ' : ''}${s.ms !== undefined ? `${s.ms} ms` : ''}</div>${
      s.thought ? html`<p><strong>Thought:</strong></p><pre>${s.thought}</pre>` : ''
    }${s.action && (s.action.arguments !== undefined || s.action.text !== undefined) ? html`<p><strong>Action:</strong></p><pre>${s.action.text ?? argsText(s.action.arguments)}</pre>` : ''}${
      s.content ? html`<details${s.role === 'system' ? '' : ' open'}><summary>${s.role === 'tool' ? 'Observation' : 'Message'}</summary><pre>${s.content}</pre></details>` : ''
    }</li>`,
  )}</ol>${steps.length === 0 ? html`<p class="body muted">No trajectory was recorded for this task.</p>` : ''}</section>`;
  return pageReply(page(`Trajectory ${id}`, body, { chrome: ctx.chrome, active: { kind: 'page', name: 'runs' } }));
}

// ── leaderboard ────────────────────────────────────────────────────────────────────────────

function familyTable(entries: ReadonlyArray<{ readonly label: string; readonly href?: string; readonly report: NonNullable<LoadedRun['report']> }>, title: string): Html {
  const fams = TASK_IDS.filter((t) => entries.some((e) => e.report.families[t] !== undefined));
  return html`<section class="card" aria-labelledby="ft-${title.length}"><h2 id="ft-${title.length}">${title}</h2><table class="grid"><thead><tr><th scope="col">Run</th><th scope="col">Model</th><th scope="col">Strategy</th><th scope="col">Overall</th>${fams.map(
    (f) => html`<th scope="col" title="${f}">${TASK_CODES[f]}</th>`,
  )}<th scope="col">n</th></tr></thead><tbody>${entries.map(
    (e) => html`<tr><th scope="row">${e.href ? html`<a href="${e.href}">${e.label}</a>` : e.label}</th><td>${e.report.run?.model ?? ''}</td><td>${e.report.run?.strategy ?? ''}</td><td class="num"><strong>${pct(e.report.overall)}</strong></td>${fams.map((f) => {
      const s = e.report.families[f];
      return html`<td class="num">${s ? pct(s.score) : '—'}</td>`;
    })}<td class="num">${e.report.n}</td></tr>`,
  )}</tbody></table></section>`;
}

export function leaderboardPage(ctx: Ctx, src: BenchSources): Reply {
  const runs = src.runsDir === undefined ? [] : runDirs(src.runsDir).map(loadRun);
  const scored = runs.filter((r): r is LoadedRun & { report: NonNullable<LoadedRun['report']> } => r.report !== null).sort((a, b) => b.report.overall - a.report.overall);
  const body = html`${head('Benchmark', 'Leaderboard', '#')}
${
  scored.length === 0
    ? html`<section class="card"><p class="body">${src.runsDir === undefined ? html`No runs to rank: start the server with <code>localforce serve --runs DIR</code>.` : html`No run under <code>${src.runsDir}</code> has a report.json yet.`}</p></section>`
    : html`${familyTable(
        scored.map((r) => ({ label: r.name, href: href(`/lightning/runs/${r.name}`), report: r.report })),
        'Runs ranked by overall score (families weighted equally)',
      )}
<section class="card" aria-labelledby="lb-full"><div class="card-head"><h2 id="lb-full">Full leaderboard: 95% intervals, personas, comparability groups, CRMArena's published rows</h2><a href="/lightning/leaderboard/full">Open on its own page</a></div>
<iframe src="/lightning/leaderboard/full" title="Full leaderboard (localforce leaderboard --format html)" style="width:100%;height:900px;border:0"></iframe></section>`
}`;
  return pageReply(page('Leaderboard', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'leaderboard' } }));
}

/** `localforce leaderboard --format html` over the run directories (leaderboard/), as its own document. */
export function leaderboardDocument(src: BenchSources): Reply {
  const runs: LeaderboardRun[] = [];
  const skipped: string[] = [];
  for (const dir of src.runsDir === undefined ? [] : runDirs(src.runsDir)) {
    const name = dir.split(/[\\/]/).pop() ?? dir;
    try {
      runs.push(loadLeaderboardRun(runSource(dir, name)));
    } catch (err) {
      skipped.push(`${name}: ${(err as Error).message}`);
    }
  }
  if (runs.length === 0) {
    const body = html`<p>No run with a readable report.json${src.runsDir === undefined ? ' (start the server with --runs DIR)' : ''}.</p>${skipped.map((s) => html`<p>${s}</p>`)}`;
    return { kind: 'document', html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Leaderboard</title></head><body>${body.text}</body></html>` };
  }
  return { kind: 'document', html: toHtml(buildLeaderboard(runs, { reference: 'crmarena' })) };
}
