// The SOQL/SOSL console: a query box (CodeMirror once the bundle loads, a plain textarea before and
// without it), results as a table whose relationship columns nest, errors with the caret position
// marked in the query, and the session's query history.
import { SalesforceError } from '../../org/index.js';
import { href, html, type Html } from '../html.js';
import { page } from '../layout.js';
import { pageReply, param, type Ctx, type Reply } from '../reply.js';
import { remember } from '../session.js';

type Rec = Record<string, unknown>;

const MAX_ROWS_SHOWN = 500;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSubquery(v: unknown): v is { totalSize: number; records: Rec[] } {
  return isRecord(v) && Array.isArray(v.records) && typeof v.totalSize === 'number';
}

/** Column paths in first-seen order: parent relationships flatten to `Account.Owner.Name`. */
function columnsOf(records: readonly Rec[]): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  const walk = (r: Rec, prefix: string) => {
    for (const [k, v] of Object.entries(r)) {
      if (k === 'attributes') continue;
      const path = prefix + k;
      if (isRecord(v) && !isSubquery(v)) walk(v, `${path}.`);
      else if (!seen.has(path)) {
        seen.add(path);
        cols.push(path);
      }
    }
  };
  for (const r of records) walk(r, '');
  return cols;
}

function valueAt(r: Rec, path: string): unknown {
  let v: unknown = r;
  for (const part of path.split('.')) {
    if (!isRecord(v)) return undefined;
    v = v[part];
  }
  return v;
}

function linkFor(r: Rec, path: string, v: unknown): Html | undefined {
  if (typeof v !== 'string' || !path.endsWith('Id') || !/^[a-zA-Z0-9]{18}$/.test(v)) return undefined;
  const owner = path.includes('.') ? valueAt(r, path.slice(0, path.lastIndexOf('.'))) : r;
  const type = isRecord(owner) && isRecord(owner.attributes) ? owner.attributes.type : undefined;
  if (path.endsWith('.Id') || path === 'Id') return typeof type === 'string' ? html`<a href="/lightning/r/${type}/${v}">${v}</a>` : undefined;
  return html`<a href="/lightning/id/${v}">${v}</a>`;
}

export function resultTable(records: readonly Rec[], caption: string): Html {
  const cols = columnsOf(records);
  if (cols.length === 0) return html`<p class="body muted">${records.length} rows (no fields).</p>`;
  const shown = records.slice(0, MAX_ROWS_SHOWN);
  return html`<table class="grid"><caption class="skip">${caption}</caption><thead><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${shown.map(
    (r) => html`<tr>${cols.map((c) => {
      const v = valueAt(r, c);
      if (isSubquery(v)) return html`<td>${resultTable(v.records, c)}</td>`;
      if (v === null || v === undefined) return html`<td></td>`;
      return html`<td>${linkFor(r, c, v) ?? (typeof v === 'object' ? JSON.stringify(v) : String(v))}</td>`;
    })}</tr>`,
  )}</tbody></table>${records.length > shown.length ? html`<p class="body muted">Showing the first ${shown.length} of ${records.length} rows.</p>` : ''}`;
}

/** `ERROR at Row:R:Column:C` in a Salesforce message → an offset into the query text. */
export function errorOffset(query: string, message: string): number | undefined {
  const m = /ERROR at Row:(\d+):Column:(\d+)/.exec(message);
  if (!m) return undefined;
  const lines = query.split('\n');
  const row = Number(m[1]);
  const column = Number(m[2]);
  if (row < 1 || row > lines.length) return undefined;
  let offset = 0;
  for (let i = 0; i < row - 1; i++) offset += lines[i]!.length + 1;
  return Math.min(offset + Math.max(0, column - 1), query.length);
}

function echo(query: string, offset: number | undefined): Html {
  if (offset === undefined) return html`<pre class="query-echo">${query}</pre>`;
  const ch = query.slice(offset, offset + 1);
  return html`<pre class="query-echo" aria-label="Query with the error position marked">${query.slice(0, offset)}<mark id="error-caret" title="error here">${ch === '' || ch === '\n' ? ' ' : ch}</mark>${query.slice(offset + 1)}</pre>`;
}

const EXAMPLE = 'SELECT Id, CaseNumber, Subject, Status, Account.Name, Owner.Name,\n  (SELECT Field__c, NewValue__c FROM CaseHistories__r)\nFROM Case\nORDER BY CreatedDate DESC\nLIMIT 20';

export async function consolePage(ctx: Ctx, q: Record<string, unknown>, bundle: boolean): Promise<Reply> {
  const text = param(q, 'q') ?? '';
  const all = param(q, 'all') === 'true';
  let result: Html = html``;
  let status = 200;
  let caret: number | undefined;
  if (text.trim() !== '') {
    const isSosl = /^\s*FIND\b/i.test(text);
    try {
      const started = process.hrtime.bigint();
      const records = isSosl ? (await ctx.episode.search(text)).searchRecords : (await ctx.episode.query(text, { all })).records;
      const total = records.length;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      remember(ctx.session, text);
      result = html`<section class="card" aria-labelledby="res-h"><div class="card-head"><h2 id="res-h">Results</h2><span class="muted" role="status">${total} ${total === 1 ? 'row' : 'rows'} in ${ms.toFixed(1)} ms</span></div>${resultTable(records, 'Query results')}</section>`;
    } catch (err) {
      if (!(err instanceof SalesforceError) || err.status >= 500) throw err;
      status = err.status;
      caret = errorOffset(text, err.message);
      remember(ctx.session, text);
      result = html`<section class="card" aria-labelledby="err-h"><h2 id="err-h">Error</h2><div class="body"><div class="alert" role="alert"><span class="mono">${err.errorCode}</span>${
        caret !== undefined ? html` at position ${caret + 1}` : ''
      }</div>${echo(text, caret)}<pre class="mono">${err.message}</pre></div></section>`;
    }
  }
  const history = ctx.session.history;
  const body = html`
<div class="page-head"><div class="icon" aria-hidden="true">&gt;_</div><div><div class="kind">Developer</div><h1>Query console</h1></div></div>
<section class="card" aria-labelledby="q-h"><h2 id="q-h">SOQL or SOSL</h2>
<form method="get" action="/lightning/console" class="body editor" id="console-form">
  <label for="soql">Query (SOQL SELECT … or SOSL FIND {…}); Ctrl+Enter runs it</label>
  <textarea id="soql" name="q" spellcheck="false"${caret !== undefined ? html` data-error-offset="${caret}"` : ''}>${text || (history.length === 0 ? EXAMPLE : '')}</textarea>
  <p><label><input type="checkbox" name="all" value="true"${all ? ' checked' : ''}> Include deleted records (queryAll)</label></p>
  <button class="btn primary" type="submit">Run</button>
</form></section>
${result}
<section class="card" aria-labelledby="h-h"><h2 id="h-h">History</h2>${
    history.length === 0
      ? html`<p class="body muted">Queries you run appear here.</p>`
      : html`<ol class="history">${history.map((h) => html`<li><a href="${href('/lightning/console', { q: h })}" class="mono">${h.length > 160 ? `${h.slice(0, 160)}…` : h}</a></li>`)}</ol>`
  }</section>`;
  return pageReply(page('Query console', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'console' }, scripts: bundle ? ['/lightning/assets/console.js'] : [] }), status);
}
