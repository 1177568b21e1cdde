// The leaderboard as Markdown: per comparability group, Table 2's columns with persona averages and ALL,
// then the intervals, cost and failure causes, the paired test against a baseline; the published rows last.
import type { PairedResult } from './stats.js';
import { FAMILY_CODES, PERSONAS, PERSONA_TITLES, type Cell, type Group, type Leaderboard, type Row } from './table.js';

export const pct = (x: number): string => (100 * x).toFixed(1);
const dash = '–';

export function cellText(c: Cell | undefined): string {
  return c ? pct(c.score) : dash;
}

export function ciText(c: Cell | undefined): string {
  return c?.ci ? `${pct(c.ci.low)}–${pct(c.ci.high)}` : dash;
}

export function deltaText(p: PairedResult | undefined): string {
  if (!p) return dash;
  const d = 100 * p.delta;
  const s = `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(1)}`;
  return p.significant ? `**${s}**` : s;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return dash;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ${Math.round(s - 60 * m)} s` : `${(m / 60).toFixed(1)} h`;
}

export function formatCost(c: number | null): string {
  return c === null ? dash : `$${c < 10 ? c.toFixed(3) : c.toFixed(2)}`;
}

export function formatInt(x: number | null | undefined): string {
  return x === null || x === undefined ? dash : Math.round(x).toLocaleString('en-US');
}

export function causesText(causes: Readonly<Record<string, number>>): string {
  const e = Object.entries(causes);
  return e.length ? e.map(([k, v]) => `${k} ${v}`).join(', ') : 'none';
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function rowLabel(r: Row): string {
  return esc(r.label) + (r.isBaseline ? ' (baseline)' : '');
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function groupMarkdown(g: Group): string[] {
  const personaHeads = PERSONAS.map((p) => PERSONA_TITLES[p]);
  const out: string[] = [`### ${g.title}`, '', g.explanation, ''];
  out.push(
    ...table(
      ['#', 'Run', ...FAMILY_CODES, ...personaHeads, 'ALL', '95% CI', 'n'],
      ['r', 'l', ...FAMILY_CODES.map(() => 'r' as const), ...personaHeads.map(() => 'r' as const), 'r', 'r', 'r'],
      g.rows.map((r) => [
        r.rank === null ? dash : String(r.rank),
        rowLabel(r),
        ...FAMILY_CODES.map((c) => cellText(r.families[c])),
        ...PERSONAS.map((p) => cellText(r.personas[p])),
        `**${pct(r.all.score)}**`,
        ciText(r.all),
        String(r.n),
      ]),
    ),
    '',
    '95% bootstrap confidence intervals per family:',
    '',
    ...table(
      ['Run', ...FAMILY_CODES],
      ['l', ...FAMILY_CODES.map(() => 'r' as const)],
      g.rows.map((r) => [rowLabel(r), ...FAMILY_CODES.map((c) => ciText(r.families[c]))]),
    ),
    '',
    ...table(
      ['Run', 'failures by cause', 'mean turns', 'tokens in', 'tokens out', 'cost', 'wall time', 'scored from'],
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
      g.rows.map((r) => [
        rowLabel(r),
        causesText(r.stats.failuresByCause),
        r.stats.meanTurns === null ? dash : r.stats.meanTurns.toFixed(1),
        formatInt(r.stats.tokens?.prompt),
        formatInt(r.stats.tokens?.completion),
        formatCost(r.stats.costUsd),
        formatMs(r.stats.wallMs),
        r.rewards === 'rescored' ? 'answers re-scored' : 'report.json',
      ]),
    ),
  );
  const compared = g.rows.filter((r) => r.vsBaseline);
  if (compared.length) {
    const base = compared[0]!.vsBaseline!.baseline;
    out.push(
      '',
      `Difference from the baseline (${esc(base)}) in points, paired on shared instances; **bold** = the 95% interval excludes 0:`,
      '',
      ...table(
        ['Run', ...FAMILY_CODES, 'ALL', 'p (ALL)', 'shared'],
        ['l', ...FAMILY_CODES.map(() => 'r' as const), 'r', 'r', 'r'],
        compared.map((r) => [
          rowLabel(r),
          ...FAMILY_CODES.map((c) => deltaText(r.vsBaseline!.families[c])),
          deltaText(r.vsBaseline!.all ?? undefined),
          r.vsBaseline!.all ? r.vsBaseline!.all.p.toFixed(3) : dash,
          String(r.vsBaseline!.all?.n ?? 0),
        ]),
      ),
    );
  }
  const notes = g.rows.flatMap((r) => r.notes.map((n) => `- ${esc(r.label)}: ${n}`));
  if (notes.length) out.push('', ...notes);
  return out;
}

export function toMarkdown(lb: Leaderboard): string {
  const out: string[] = ['# Localforce leaderboard', '', lb.note, ''];
  if (lb.groups.length > 1) {
    out.push(`${lb.groups.length} tables: runs on different orgs, task files, Localforce versions or instance sets are never ranked together.`, '');
  }
  for (const g of lb.groups) out.push(...groupMarkdown(g), '');
  if (lb.reference) {
    out.push(
      `### Published CRMArena results (${lb.reference.label})`,
      '',
      `${lb.reference.source}. Not ranked against the runs above: a different org, different instances and a different scorer.`,
      '',
      ...table(
        ['Strategy', 'Model', ...FAMILY_CODES, 'ALL'],
        ['l', 'l', ...FAMILY_CODES.map(() => 'r' as const), 'r'],
        lb.reference.rows.map((r) => [r.strategy, esc(r.model), ...FAMILY_CODES.map((c) => (r.families[c] ?? 0).toFixed(1)), r.all.toFixed(1)]),
      ),
      '',
    );
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
