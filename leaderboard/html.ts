// The leaderboard as one self-contained HTML file: inline CSS, a few lines of inline script for sorting,
// inline SVG charts; no external resource of any kind, so it can be attached to a CI run or e-mailed.
// The markup is also well-formed XML (void elements self-closed, script free of < and &), which the tests use.
import { causesText, ciText, deltaText, formatCost, formatInt, formatMs, pct } from './markdown.js';
import { FAMILY_CODES, PERSONAS, PERSONA_TITLES, type Group, type Leaderboard, type Row } from './table.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const CAUSE_COLORS: Readonly<Record<string, string>> = {
  wrong_answer: '#d62728',
  max_turns: '#ff7f0e',
  malformed_output: '#9467bd',
  llm_error: '#8c564b',
  context_length: '#e377c2',
  server_error: '#7f7f7f',
  interrupted: '#bcbd22',
};
const color = (i: number) => PALETTE[i % PALETTE.length]!;
const causeColor = (c: string, i: number) => CAUSE_COLORS[c] ?? PALETTE[(i + 3) % PALETTE.length]!;
const num = (x: number) => (Math.round(x * 10) / 10).toString();

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;white-space:nowrap}
th{background:#f3f3f3;cursor:pointer;user-select:none}th.l,td.l{text-align:left}
th[data-dir="asc"]::after{content:" \\25B2"}th[data-dir="desc"]::after{content:" \\25BC"}
tr.baseline td{background:#fffbe6}.ci{color:#777;font-size:12px}.sig{font-weight:bold}.note{color:#555}
.ref th{background:#eef3fb}.key{font-family:ui-monospace,monospace;font-size:12px;color:#555}
svg text{font:11px system-ui,sans-serif}
`;

// Sorts a table by the clicked column, using each cell's data-v (a number) when present.
const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var dir = th.getAttribute('data-dir') === 'desc' ? 'asc' : 'desc';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('data-dir'); });
      th.setAttribute('data-dir', dir);
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (r) {
        var c = r.cells[col];
        var v = c.getAttribute('data-v');
        return v === null ? c.textContent.trim().toLowerCase() : Number(v);
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = typeof x === 'number' ? (isNaN(x) ? -1 : x) - (isNaN(y) ? -1 : y) : String(x).localeCompare(String(y));
        return dir === 'asc' ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

function td(text: string, opts: { v?: number | null; cls?: string; title?: string } = {}): string {
  const attrs = [
    opts.cls ? ` class="${opts.cls}"` : '',
    opts.v !== undefined ? ` data-v="${opts.v === null ? 'NaN' : String(opts.v)}"` : '',
    opts.title ? ` title="${escapeHtml(opts.title)}"` : '',
  ].join('');
  return `<td${attrs}>${text}</td>`;
}

function th(text: string, left = false): string {
  return `<th${left ? ' class="l"' : ''}>${escapeHtml(text)}</th>`;
}

function runCell(r: Row): string {
  const links: string[] = [];
  if (r.links.report) links.push(`<a href="${escapeHtml(r.links.report)}">report</a>`);
  if (r.links.trajectories) links.push(`<a href="${escapeHtml(r.links.trajectories)}">trajectories</a>`);
  return td(
    `${escapeHtml(r.label)}${r.isBaseline ? ' <em>(baseline)</em>' : ''}${links.length ? ` <span class="note">(${links.join(', ')})</span>` : ''}`,
    { cls: 'l', title: r.sources.join(', ') },
  );
}

function scoreCell(c: { score: number; ci: { low: number; high: number } | null } | undefined): string {
  if (!c) return td('–', { v: null });
  const ci = c.ci ? `<br/><span class="ci">${ciText({ ...c, n: 0 })}</span>` : '';
  return td(`${pct(c.score)}${ci}`, { v: Number(pct(c.score)) });
}

function mainTable(g: Group): string {
  const head = ['#', 'Run', ...FAMILY_CODES, ...PERSONAS.map((p) => PERSONA_TITLES[p]), 'ALL', 'n', 'failures', 'mean turns', 'tokens in', 'tokens out', 'cost', 'wall time'];
  const rows = g.rows.map((r) => {
    const failures = Object.values(r.stats.failuresByCause).reduce((a, b) => a + b, 0);
    return `<tr${r.isBaseline ? ' class="baseline"' : ''}>${[
      td(r.rank === null ? '–' : String(r.rank), { v: r.rank }),
      runCell(r),
      ...FAMILY_CODES.map((c) => scoreCell(r.families[c])),
      ...PERSONAS.map((p) => scoreCell(r.personas[p])),
      scoreCell(r.all).replace('<td', '<td style="font-weight:bold"'),
      td(String(r.n), { v: r.n }),
      td(escapeHtml(causesText(r.stats.failuresByCause)), { v: failures, cls: 'l' }),
      td(r.stats.meanTurns === null ? '–' : r.stats.meanTurns.toFixed(1), { v: r.stats.meanTurns }),
      td(formatInt(r.stats.tokens?.prompt), { v: r.stats.tokens?.prompt ?? null }),
      td(formatInt(r.stats.tokens?.completion), { v: r.stats.tokens?.completion ?? null }),
      td(escapeHtml(formatCost(r.stats.costUsd)), { v: r.stats.costUsd }),
      td(escapeHtml(formatMs(r.stats.wallMs)), { v: r.stats.wallMs }),
    ].join('')}</tr>`;
  });
  return `<table class="sortable runs"><thead><tr>${head.map((h, i) => th(h, i === 1 || i === head.length - 6)).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function baselineTable(g: Group): string {
  const compared = g.rows.filter((r) => r.vsBaseline);
  if (!compared.length) return '';
  const head = ['Run', ...FAMILY_CODES, 'ALL', 'p (ALL)', 'shared'];
  const rows = compared.map((r) => {
    const v = r.vsBaseline!;
    const cells = [...FAMILY_CODES.map((c) => v.families[c]), v.all ?? undefined].map((p) =>
      td(deltaText(p).replace(/\*\*(.*)\*\*/, '<span class="sig">$1</span>'), { v: p ? 100 * p.delta : null, ...(p ? { title: `p = ${p.p.toFixed(3)}, n = ${p.n}` } : {}) }),
    );
    return `<tr>${runCell(r)}${cells.join('')}${td(v.all ? v.all.p.toFixed(3) : '–', { v: v.all?.p ?? null })}${td(String(v.all?.n ?? 0), { v: v.all?.n ?? 0 })}</tr>`;
  });
  return `<p>Difference from the baseline (${escapeHtml(compared[0]!.vsBaseline!.baseline)}) in points, paired on shared instances; <span class="sig">bold</span> = the 95% interval excludes 0.</p>
<table class="sortable paired"><thead><tr>${head.map((h, i) => th(h, i === 0)).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Grouped bars: one cluster per family and ALL, one bar per run, a whisker for its 95% interval. */
function scoreChart(g: Group): string {
  const cols = [...FAMILY_CODES, 'ALL'];
  const bar = Math.max(6, Math.min(22, Math.floor(120 / Math.max(1, g.rows.length))));
  const cluster = bar * g.rows.length + 14;
  const left = 34;
  const top = 10;
  const h = 180;
  const width = left + cluster * cols.length + 10;
  const legendH = 16 * g.rows.length + 8;
  const y = (v: number) => top + h - (v / 100) * h;
  const parts: string[] = [];
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/><text x="${left - 4}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  cols.forEach((c, ci) => {
    const x0 = left + ci * cluster + 7;
    g.rows.forEach((r, ri) => {
      const cell = c === 'ALL' ? r.all : r.families[c];
      if (!cell) return;
      const x = x0 + ri * bar;
      const v = 100 * cell.score;
      parts.push(`<rect class="bar" x="${x}" y="${num(y(v))}" width="${bar - 2}" height="${num(y(0) - y(v))}" fill="${color(ri)}"><title>${escapeHtml(`${r.label} ${c}: ${pct(cell.score)} (${ciText(cell)})`)}</title></rect>`);
      if (cell.ci) {
        const cx = x + (bar - 2) / 2;
        const lo = num(y(100 * cell.ci.low));
        const hi = num(y(100 * cell.ci.high));
        parts.push(`<path class="whisker" d="M${cx} ${lo}V${hi}M${cx - 3} ${lo}H${cx + 3}M${cx - 3} ${hi}H${cx + 3}" stroke="#000" stroke-width="1" fill="none"/>`);
      }
    });
    parts.push(`<text x="${x0 + (bar * g.rows.length) / 2}" y="${top + h + 14}" text-anchor="middle">${c}</text>`);
  });
  g.rows.forEach((r, ri) => {
    const ly = top + h + 30 + ri * 16;
    parts.push(`<rect x="${left}" y="${ly - 9}" width="10" height="10" fill="${color(ri)}"/><text x="${left + 15}" y="${ly}">${escapeHtml(r.label)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="scores" width="${width}" height="${top + h + 22 + legendH}" role="img" aria-label="scores per family with 95% intervals">${parts.join('')}</svg>`;
}

/** One horizontal stacked bar per run: its failed instances split by cause. */
function failureChart(g: Group): string {
  const causes = [...new Set(g.rows.flatMap((r) => Object.keys(r.stats.failuresByCause)))].sort();
  const labelW = 260;
  const w = 420;
  const maxN = Math.max(1, ...g.rows.map((r) => r.n));
  const parts: string[] = [];
  g.rows.forEach((r, ri) => {
    const yy = 8 + ri * 22;
    parts.push(`<text x="${labelW - 6}" y="${yy + 12}" text-anchor="end">${escapeHtml(r.label.length > 42 ? `${r.label.slice(0, 40)}…` : r.label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${yy}" width="${w}" height="16" fill="#f1f1f1"/>`);
    let x = labelW;
    causes.forEach((c, ci) => {
      const k = r.stats.failuresByCause[c] ?? 0;
      if (!k) return;
      const bw = (k / maxN) * w;
      parts.push(`<rect class="cause" data-cause="${escapeHtml(c)}" x="${num(x)}" y="${yy}" width="${num(bw)}" height="16" fill="${causeColor(c, ci)}"><title>${escapeHtml(`${r.label}: ${c} ${k} of ${r.n}`)}</title></rect>`);
      x += bw;
    });
  });
  const ly = 8 + g.rows.length * 22 + 10;
  causes.forEach((c, ci) => {
    parts.push(`<rect x="${labelW + ci * 130}" y="${ly}" width="10" height="10" fill="${causeColor(c, ci)}"/><text x="${labelW + ci * 130 + 14}" y="${ly + 9}">${escapeHtml(c)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="failures" width="${labelW + w + 20 + Math.max(0, causes.length * 130 - w)}" height="${ly + 20}" role="img" aria-label="failed instances by cause, as a share of n">${parts.join('')}</svg>`;
}

function groupHtml(g: Group, i: number): string {
  return `<section class="group" id="group-${i + 1}">
<h2>${escapeHtml(g.title)}</h2>
<p class="explanation">${escapeHtml(g.explanation)}</p>
${g.key ? `<p class="key">org ${escapeHtml(g.key.orgContentHash)}<br/>tasks ${escapeHtml(g.key.tasksHash)}<br/>Localforce ${escapeHtml(g.key.localforceVersion)}</p>` : ''}
${mainTable(g)}
${baselineTable(g)}
<h3>Scores per family with 95% intervals</h3>
${scoreChart(g)}
<h3>Failures by cause</h3>
${failureChart(g)}
${g.rows.some((r) => r.notes.length) ? `<ul class="note">${g.rows.flatMap((r) => r.notes.map((n) => `<li>${escapeHtml(`${r.label}: ${n}`)}</li>`)).join('')}</ul>` : ''}
</section>`;
}

export function toHtml(lb: Leaderboard): string {
  const ref = lb.reference
    ? `<section class="reference" id="reference">
<h2>Published CRMArena results (${escapeHtml(lb.reference.label)})</h2>
<p class="explanation">${escapeHtml(lb.reference.source)}. Not ranked against the runs above: a different org, different instances and a different scorer.</p>
<table class="sortable ref"><thead><tr>${['Strategy', 'Model', ...FAMILY_CODES, 'ALL'].map((h, i) => th(h, i < 2)).join('')}</tr></thead><tbody>${lb.reference.rows
        .map((r) => `<tr>${td(escapeHtml(r.strategy), { cls: 'l' })}${td(escapeHtml(r.model), { cls: 'l' })}${FAMILY_CODES.map((c) => td((r.families[c] ?? 0).toFixed(1), { v: r.families[c] ?? 0 })).join('')}${td(r.all.toFixed(1), { v: r.all })}</tr>`)
        .join('')}</tbody></table>
</section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>Localforce leaderboard</title>
<style>${CSS}</style>
</head>
<body>
<h1>Localforce leaderboard</h1>
<p class="note">${escapeHtml(lb.note)} Click a column header to sort.</p>
${lb.groups.length > 1 ? `<p class="note">${lb.groups.length} tables: runs on different orgs, task files, Localforce versions or instance sets are never ranked together.</p>` : ''}
${lb.groups.map(groupHtml).join('\n')}
${ref}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
