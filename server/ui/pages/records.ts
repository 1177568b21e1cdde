// The record browser: home, list views, record pages with related lists, edit/create forms,
// delete with confirm, global search. Every read is SOQL/SOSL and every write a create/update/delete
// on the session's EpisodeApi: the same services the REST API answers from.
import type { FieldDef, ObjectInfo } from '../../../schema/index.js';
import { SalesforceError } from '../../org/index.js';
import { cell, displayLabel, isNumeric, recordTitle } from '../format.js';
import { href, html, raw, type Html } from '../html.js';
import { objectIcon, page } from '../layout.js';
import {
  lookupNamePath, nameFieldOf, objectOrThrow, relatedListsOf, soqlContains, soqlValue, SYSTEM_FIELDS, TABS, viewOf, type ObjectView,
} from '../objects.js';
import { pageReply, param, redirect, type Ctx, type Reply } from '../reply.js';

type Rec = Record<string, unknown>;
type Query = Record<string, unknown>;

const PAGE_SIZES = [25, 50, 100, 200] as const;
const RELATED_ROWS = 10;

// ── home and the object index ──────────────────────────────────────────────────────────────

async function count(ctx: Ctx, object: string, where = ''): Promise<number> {
  const r = await ctx.episode.query(`SELECT COUNT() FROM ${object}${where ? ` WHERE ${where}` : ''}`);
  return r.totalSize;
}

export async function homePage(ctx: Ctx, q: Query): Promise<Reply> {
  const tiles: Html[] = [];
  for (const t of TABS) {
    const info = ctx.registry.object(t.name);
    if (!info) continue;
    tiles.push(html`<a class="tile" href="/lightning/o/${t.name}"><strong>${(await count(ctx, t.name)).toLocaleString('en-US')}</strong>${info.def.labelPlural}</a>`);
  }
  const e = ctx.episode;
  const body = html`
<div class="page-head"><div class="icon" aria-hidden="true">Lf</div><div><div class="kind">Home</div><h1>Welcome, ${ctx.session.userName}</h1></div></div>
${param(q, 'reset') ? html`<div class="alert ok" role="status">The episode was reset to the pristine org.</div>` : ''}
<section class="card" aria-labelledby="org-h"><h2 id="org-h">This org</h2>
  <div class="body"><div class="tiles">${tiles}</div></div>
</section>
<section class="card" aria-labelledby="ep-h"><h2 id="ep-h">Episode</h2>
  <dl class="fields">
    <div class="f"><dt>Episode</dt><dd class="mono" id="episode-id">${e.id}</dd></div>
    <div class="f"><dt>API token for this episode (Authorization: Bearer …)</dt><dd class="mono" id="episode-token">${e.token}</dd></div>
    <div class="f"><dt>Clock (today for SOQL date literals)</dt><dd>${e.now().toISOString()}</dd></div>
    <div class="f"><dt>Time zone</dt><dd>${e.timeZone}</dd></div>
    <div class="f"><dt>Signed in as</dt><dd>${ctx.session.username}</dd></div>
  </dl>
  ${ctx.session.watching
    ? html`<p class="body muted">You are watching this episode (opened with ?token=); it cannot be reset from here.</p>`
    : html`<form class="body" method="post" action="/lightning/episode/reset" aria-label="Reset this episode">
    <input type="hidden" name="csrf" value="${ctx.session.csrf}">
    <label><input type="checkbox" name="confirm" value="yes" required> Discard every change made in this episode</label>
    <button class="btn danger" type="submit">Reset to the pristine org</button></form>`}
</section>`;
  return pageReply(page('Home', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'home' } }));
}

export async function resetEpisode(ctx: Ctx, form: Record<string, unknown>, reset: () => Promise<void>): Promise<Reply> {
  if (ctx.session.watching) throw new SalesforceError('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'A watched episode (opened with ?token=) cannot be reset from the UI.', 403);
  if (form.confirm !== 'yes') throw new SalesforceError('REQUIRED_FIELD_MISSING', 'Tick the box to confirm the reset.', 400, ['confirm']);
  await reset();
  return redirect('/lightning?reset=1');
}

export async function objectsPage(ctx: Ctx): Promise<Reply> {
  const rows: Html[] = [];
  for (const o of ctx.registry.objects) {
    rows.push(html`<tr><td><a href="/lightning/o/${o.name}">${o.labelPlural}</a></td><td class="mono">${o.name}</td><td class="num">${(await count(ctx, o.name)).toLocaleString('en-US')}</td><td>${o.description}</td></tr>`);
  }
  const body = html`
<div class="page-head"><div class="icon" aria-hidden="true">All</div><div><div class="kind">Setup</div><h1>All objects</h1></div></div>
<section class="card" aria-label="Objects"><table class="grid"><caption class="skip">Objects in this org</caption>
<thead><tr><th scope="col">Object</th><th scope="col">API name</th><th scope="col">Records</th><th scope="col">Description</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
  return pageReply(page('All objects', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'objects' } }));
}

// ── list views ─────────────────────────────────────────────────────────────────────────────

/** The SELECT list for a set of fields: each field, plus `Rel.Name` for lookups. */
function selectList(ctx: Ctx, fields: readonly FieldDef[]): string {
  const out = new Set<string>(['Id']);
  for (const f of fields) {
    out.add(f.name);
    const path = lookupNamePath(ctx.registry, f);
    if (path) out.add(path);
  }
  return [...out].join(', ');
}

function fieldsOf(info: ObjectInfo, names: readonly string[]): FieldDef[] {
  return names.map((n) => info.fieldsByLower.get(n.toLowerCase())).filter((f): f is FieldDef => f !== undefined);
}

/** The filters a list view offers as selects: picklists and checkboxes. */
function filterFields(info: ObjectInfo): FieldDef[] {
  return info.def.fields.filter((f) => f.filterable && (f.type === 'picklist' || f.type === 'boolean') && f.name !== 'IsDeleted');
}

interface ListState {
  readonly sort: FieldDef;
  readonly dir: 'asc' | 'desc';
  readonly page: number;
  readonly size: number;
  readonly q: string;
  /** Field equality filters from `f_<Field>=value`. */
  readonly filters: ReadonlyArray<{ readonly field: FieldDef; readonly value: string }>;
}

function listState(info: ObjectInfo, view: ObjectView, q: Query): ListState {
  const sortName = param(q, 'sort') ?? view.sort;
  const sort = info.fieldsByLower.get(sortName.toLowerCase());
  if (!sort || !sort.sortable) throw new SalesforceError('INVALID_FIELD', `${info.def.label} cannot be sorted by "${sortName}".`, 400);
  const dirText = param(q, 'dir') ?? (sortName === view.sort ? view.dir : 'asc');
  if (dirText !== 'asc' && dirText !== 'desc') throw new SalesforceError('INVALID_FIELD', `Sort direction must be asc or desc, not "${dirText}".`, 400);
  const page = intParam(q, 'page', 1);
  const size = intParam(q, 'size', 50);
  if (!(PAGE_SIZES as readonly number[]).includes(size)) throw new SalesforceError('INVALID_FIELD', `Page size must be one of ${PAGE_SIZES.join(', ')}.`, 400);
  const filters: Array<{ field: FieldDef; value: string }> = [];
  for (const [k, v] of Object.entries(q)) {
    if (!k.startsWith('f_')) continue;
    const value = typeof v === 'string' ? v : undefined;
    if (value === undefined || value === '') continue;
    const field = info.fieldsByLower.get(k.slice(2).toLowerCase());
    if (!field || !field.filterable) throw new SalesforceError('INVALID_FIELD', `${info.def.label} cannot be filtered by "${k.slice(2)}".`, 400);
    filters.push({ field, value });
  }
  return { sort, dir: dirText, page, size, q: (param(q, 'q') ?? '').trim(), filters };
}

function intParam(q: Query, name: string, dflt: number): number {
  const v = param(q, name);
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new SalesforceError('INVALID_FIELD', `${name} must be a positive whole number, not "${v}".`, 400);
  return Number(v);
}

function whereOf(info: ObjectInfo, columns: readonly FieldDef[], st: ListState): string {
  const parts = st.filters.map(({ field, value }) => `${field.name} = ${soqlValue(field, value)}`);
  if (st.q) {
    const text = columns.filter((f) => f.filterable && (f.type === 'string' || f.type === 'email' || f.type === 'phone'));
    const name = info.nameField;
    if (name && name.filterable && !text.includes(name)) text.unshift(name);
    if (text.length === 0) throw new SalesforceError('INVALID_FIELD', `${info.def.labelPlural} have no text field to search in.`, 400);
    parts.push(`(${text.map((f) => `${f.name} LIKE ${soqlContains(st.q)}`).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

/** Sort expression: lookups sort by the parent's name. */
function sortExpr(ctx: Ctx, f: FieldDef): string {
  return lookupNamePath(ctx.registry, f) ?? f.name;
}

function listHref(object: string, st: ListState, change: Partial<{ sort: string; dir: string; page: number }>): string {
  const params: Record<string, string | number | undefined> = {
    q: st.q || undefined,
    sort: change.sort ?? st.sort.name,
    dir: change.dir ?? st.dir,
    size: st.size === 50 ? undefined : st.size,
    page: change.page ?? undefined,
  };
  for (const f of st.filters) params[`f_${f.field.name}`] = f.value;
  return href(`/lightning/o/${object}`, params);
}

/**
 * One page of a list view. The ordered Ids of every matching row come first (one narrow query, so
 * any page of thousands of rows is reachable without SOQL's 2,000-row OFFSET cap); the page's rows
 * are then fetched by Id.
 */
export async function listPage(ctx: Ctx, object: string, q: Query): Promise<Reply> {
  const info = objectOrThrow(ctx.registry, object);
  const o = info.def;
  if (o.name !== object) return redirect(`/lightning/o/${o.name}`);
  const view = viewOf(info);
  const columns = fieldsOf(info, view.columns);
  const st = listState(info, view, q);
  const where = whereOf(info, columns, st);
  const order = `${sortExpr(ctx, st.sort)} ${st.dir.toUpperCase()} NULLS LAST, Id ${st.dir.toUpperCase()}`;
  const ids = await ctx.episode.query(`SELECT Id FROM ${o.name}${where ? ` WHERE ${where}` : ''} ORDER BY ${order}`);
  const total = ids.totalSize;
  const pages = Math.max(1, Math.ceil(total / st.size));
  const pageNo = Math.min(st.page, pages);
  const pageIds = ids.records.slice((pageNo - 1) * st.size, pageNo * st.size).map((r) => String(r.Id));
  let rows: Rec[] = [];
  if (pageIds.length > 0) {
    const got = await ctx.episode.query(`SELECT ${selectList(ctx, columns)} FROM ${o.name} WHERE Id IN (${pageIds.map((id) => `'${id}'`).join(', ')})`);
    const byId = new Map(got.records.map((r) => [String(r.Id), r]));
    rows = pageIds.map((id) => byId.get(id)).filter((r): r is Rec => r !== undefined);
  }
  const nameField = nameFieldOf(info);
  // The column that links to the record: the name field, else the first column.
  const linkField = columns.some((f) => f.name === nameField) ? nameField : (columns[0]?.name ?? 'Id');
  const first = total === 0 ? 0 : (pageNo - 1) * st.size + 1;
  const last = Math.min(total, pageNo * st.size);
  const flash = param(q, 'deleted');

  const head = columns.map((f) => {
    const sorted = f === st.sort;
    const nextDir = sorted && st.dir === 'asc' ? 'desc' : 'asc';
    const aria = sorted ? (st.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<th scope="col" aria-sort="${aria}">${f.sortable ? html`<a href="${listHref(o.name, st, { sort: f.name, dir: nextDir })}">${displayLabel(f)}${sorted ? (st.dir === 'asc' ? ' ▲' : ' ▼') : ''}</a>` : displayLabel(f)}</th>`;
  });
  const body = rows.map(
    (r) => html`<tr>${columns.map((f) => {
      const value = f.name === linkField ? recordLink(ctx, o.name, f, r) : cell(ctx.registry, f, r);
      return f.name === linkField ? html`<th scope="row">${value}</th>` : html`<td${isNumeric(f) ? html` class="num"` : ''}>${value}</td>`;
    })}</tr>`,
  );
  const selects = filterFields(info).map((f) => {
    const current = st.filters.find((x) => x.field === f)?.value ?? '';
    const options = f.type === 'boolean' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : f.picklistValues;
    return html`<label for="filter-${f.name}">${f.label}<select id="filter-${f.name}" name="f_${f.name}"><option value="">All</option>${options.map((p) => html`<option value="${p.value}"${p.value === current ? ' selected' : ''}>${p.label}</option>`)}</select></label>`;
  });
  const hiddenFilters = st.filters.filter((x) => !filterFields(info).includes(x.field));
  const pageBody = html`
<div class="page-head"><div class="icon" aria-hidden="true">${objectIcon(o.label)}</div><div><div class="kind">${o.labelPlural}</div><h1>All ${o.labelPlural}</h1></div>
  <div class="actions">${o.createable ? html`<a class="btn primary" href="/lightning/o/${o.name}/new">New ${o.label}</a>` : ''}</div></div>
${flash ? html`<div class="alert ok" role="status">${flash} was deleted.</div>` : ''}
<section class="card" aria-label="${o.labelPlural} list">
<form class="filters" method="get" action="/lightning/o/${o.name}" role="search" aria-label="Filter ${o.labelPlural}">
  <label for="list-q">Search this list<input id="list-q" name="q" type="search" value="${st.q}"></label>
  ${selects}
  ${hiddenFilters.map((x) => html`<input type="hidden" name="f_${x.field.name}" value="${x.value}">`)}
  <input type="hidden" name="sort" value="${st.sort.name}"><input type="hidden" name="dir" value="${st.dir}">
  <label for="list-size">Rows per page<select id="list-size" name="size">${PAGE_SIZES.map((n) => html`<option${n === st.size ? ' selected' : ''}>${n}</option>`)}</select></label>
  <button class="btn" type="submit">Apply</button>
  <a class="btn" href="/lightning/o/${o.name}">Clear</a>
</form>
${hiddenFilters.length > 0 ? html`<div class="chips" aria-label="Active filters">${hiddenFilters.map((x) => html`<span class="chip">${x.field.label} = ${x.value}</span>`)}</div>` : ''}
<div class="pager" role="status" aria-live="polite"><span id="list-count">${total === 0 ? 'No items' : `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} items`}</span>
  <span>· sorted by ${st.sort.label} (${st.dir === 'asc' ? 'ascending' : 'descending'})</span></div>
<table class="grid"><caption class="skip">${o.labelPlural}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
${pager(o.name, st, pageNo, pages)}
</section>`;
  return pageReply(page(o.labelPlural, pageBody, { chrome: ctx.chrome, active: { kind: 'object', name: o.name } }));
}

/** A link to the record, labelled with `f`'s value (its Id when the value is empty). */
function recordLink(ctx: Ctx, object: string, f: FieldDef, r: Rec): Html {
  const text = f.type === 'reference' ? cell(ctx.registry, f, r).text.replace(/<[^>]*>/g, '') : '';
  const v = r[f.name];
  const label = f.type === 'reference' ? text : v === null || v === undefined || v === '' ? String(r.Id) : String(v);
  return html`<a href="/lightning/r/${object}/${String(r.Id)}">${f.type === 'reference' ? html`${raw(label)}` : label}</a>`;
}

function pager(object: string, st: ListState, pageNo: number, pages: number): Html {
  const link = (n: number, text: string, rel?: string) =>
    n < 1 || n > pages || n === pageNo ? html`<span class="btn" aria-disabled="true">${text}</span>` : html`<a class="btn" href="${listHref(object, st, { page: n })}"${rel ? html` rel="${rel}"` : ''}>${text}</a>`;
  return html`<nav class="pager" aria-label="Pages">${link(1, 'First')}${link(pageNo - 1, 'Previous', 'prev')}<span>Page ${pageNo} of ${pages}</span>${link(pageNo + 1, 'Next', 'next')}${link(pages, 'Last')}</nav>`;
}

// ── record pages ───────────────────────────────────────────────────────────────────────────

function checkId(info: ObjectInfo, id: string): void {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id) || id.slice(0, 3) !== info.def.keyPrefix) {
    throw new SalesforceError('NOT_FOUND', `No ${info.def.label} has the Id ${id}.`, 404);
  }
}

async function loadRecord(ctx: Ctx, info: ObjectInfo, id: string): Promise<Rec> {
  checkId(info, id);
  const r = await ctx.episode.query(`SELECT ${selectList(ctx, info.def.fields)} FROM ${info.def.name} WHERE Id = '${id}'`);
  const rec = r.records[0];
  if (!rec) throw new SalesforceError('NOT_FOUND', `No ${info.def.label} has the Id ${id} (it may have been deleted).`, 404);
  return rec;
}

interface Section {
  readonly title: string;
  readonly fields: readonly FieldDef[];
}

const ADDRESS = /^(Shipping|Billing|Mailing)/;

function sectionsOf(info: ObjectInfo): Section[] {
  const fields = info.def.fields.filter((f) => f.name !== 'IsDeleted');
  const system = fields.filter((f) => SYSTEM_FIELDS.has(f.name));
  const address = fields.filter((f) => !SYSTEM_FIELDS.has(f.name) && ADDRESS.test(f.name));
  const long = fields.filter((f) => !SYSTEM_FIELDS.has(f.name) && !address.includes(f) && (f.type === 'textarea' || f.longText));
  const details = fields.filter((f) => !system.includes(f) && !address.includes(f) && !long.includes(f));
  return [
    { title: 'Details', fields: details },
    { title: 'Address', fields: address },
    { title: 'Description and content', fields: long },
    { title: 'System information', fields: system },
  ].filter((s) => s.fields.length > 0);
}

export async function recordPage(ctx: Ctx, object: string, id: string, q: Query): Promise<Reply> {
  const info = objectOrThrow(ctx.registry, object);
  const o = info.def;
  const rec = await loadRecord(ctx, info, id);
  const realId = String(rec.Id);
  if (o.name !== object || realId !== id) return redirect(`/lightning/r/${o.name}/${realId}`);
  const title = recordTitle(nameFieldOf(info), rec);
  const sections = sectionsOf(info).map(
    (s, i) => html`<section class="section" aria-labelledby="sec-${i}"><h2 id="sec-${i}">${s.title}</h2><dl class="fields">${s.fields.map(
      (f) => html`<div class="f${f.type === 'textarea' || f.longText ? ' wide' : ''}" data-field="${f.name}"><dt>${displayLabel(f)}</dt><dd>${cell(ctx.registry, f, rec)}</dd></div>`,
    )}</dl></section>`,
  );
  const related: Html[] = [];
  for (const rl of relatedListsOf(ctx.registry, info)) {
    const view = viewOf(rl.child);
    // Three columns fit the side column; "View all" opens the full list view.
    const cols = fieldsOf(rl.child, view.columns.filter((c) => c !== rl.field.name)).slice(0, 3);
    const where = `${rl.field.name} = '${realId}'`;
    const n = await count(ctx, rl.child.def.name, where);
    const sort = rl.child.fieldsByLower.get(view.sort.toLowerCase());
    const order = sort ? ` ORDER BY ${sortExpr(ctx, sort)} ${view.dir.toUpperCase()} NULLS LAST, Id` : '';
    const rows = n === 0 ? [] : (await ctx.episode.query(`SELECT ${selectList(ctx, cols)} FROM ${rl.child.def.name} WHERE ${where}${order} LIMIT ${RELATED_ROWS}`)).records;
    const headId = `rel-${rl.child.def.name}-${rl.field.name}`;
    related.push(html`<section class="card related" aria-labelledby="${headId}"><div class="card-head"><h2 id="${headId}">${rl.label} (${n})</h2>${
      n > 0 ? html`<a href="${href(`/lightning/o/${rl.child.def.name}`, { [`f_${rl.field.name}`]: realId })}">View all<span class="skip"> ${rl.label}</span></a>` : ''
    }</div>${
      n === 0
        ? html`<p class="body muted">None.</p>`
        : html`<div class="scroll"><table class="grid"><thead><tr>${cols.map((c) => html`<th scope="col">${displayLabel(c)}</th>`)}</tr></thead><tbody>${rows.map(
            (r) => html`<tr>${cols.map((c, i) =>
              i === 0 ? html`<th scope="row">${recordLink(ctx, rl.child.def.name, c, r)}</th>` : html`<td${isNumeric(c) ? html` class="num"` : ''}>${cell(ctx.registry, c, r)}</td>`,
            )}</tr>`,
          )}</tbody></table></div>${n > rows.length ? html`<p class="body muted">Showing ${rows.length} of ${n}.</p>` : ''}`
    }</section>`);
  }
  const saved = param(q, 'saved');
  const body = html`
<div class="page-head"><div class="icon" aria-hidden="true">${objectIcon(o.label)}</div><div><div class="kind">${o.label}</div><h1>${title}</h1></div>
  <div class="actions">
    ${o.updateable ? html`<a class="btn" href="/lightning/r/${o.name}/${realId}/edit">Edit</a>` : ''}
    ${o.deletable ? html`<a class="btn danger" href="/lightning/r/${o.name}/${realId}/delete">Delete</a>` : ''}
  </div></div>
${saved ? html`<div class="alert ok" role="status">${o.label} "${title}" was ${saved === 'created' ? 'created' : 'saved'}.</div>` : ''}
<div class="layout">
  <div><div class="card" role="region" aria-label="${o.label} details">${sections}</div></div>
  <div role="complementary" aria-label="Related lists">${related.length ? related : html`<p class="muted">No related lists.</p>`}</div>
</div>`;
  return pageReply(page(`${title} | ${o.label}`, body, { chrome: ctx.chrome, active: { kind: 'object', name: o.name } }));
}

// ── edit / create ──────────────────────────────────────────────────────────────────────────

function editableFields(info: ObjectInfo, mode: 'create' | 'update'): FieldDef[] {
  return info.def.fields.filter(
    (f) => !SYSTEM_FIELDS.has(f.name) && !f.autoNumber && !f.calculated && (mode === 'create' ? f.createable : f.updateable),
  );
}

/** A form value as the JSON the REST API would receive: '' clears, numbers and booleans typed. */
function bodyValue(f: FieldDef, v: string): unknown {
  if (v === '') return null;
  if (f.type === 'boolean') return v === 'true';
  if (isNumeric(f) && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function formValue(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (f.type === 'boolean') return v === true ? 'true' : 'false';
  return String(v);
}

interface FormErrors {
  readonly message: string;
  readonly code: string;
  readonly fields: ReadonlySet<string>;
}

function formField(ctx: Ctx, f: FieldDef, value: string, rec: Rec | undefined, errors: FormErrors | undefined): Html {
  const id = `field-${f.name}`;
  const bad = errors?.fields.has(f.name) === true;
  const required = !f.nillable && f.type !== 'boolean' && !f.defaultedOnCreate;
  const describedBy = bad ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  let input: Html;
  if (f.type === 'picklist' || f.type === 'boolean') {
    const options = f.type === 'boolean' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : f.picklistValues;
    const known = value === '' || options.some((p) => p.value === value);
    input = html`<select id="${id}" name="${f.name}"${describedBy}>${f.type !== 'boolean' ? html`<option value="">--None--</option>` : ''}${options.map(
      (p) => html`<option value="${p.value}"${p.value === value ? ' selected' : ''}>${p.label}</option>`,
    )}${known ? '' : html`<option value="${value}" selected>${value}</option>`}</select>`;
  } else if (f.type === 'textarea' || f.longText) {
    input = html`<textarea id="${id}" name="${f.name}"${describedBy}>${value}</textarea>`;
  } else {
    // Plain text inputs: Salesforce validates (lengths, emails, numbers), and its messages are shown here.
    const hint = f.type === 'reference' ? 'an 18-character Id' : f.type === 'date' ? 'YYYY-MM-DD' : f.type === 'datetime' ? 'YYYY-MM-DDThh:mm:ssZ' : '';
    input = html`<input id="${id}" name="${f.name}" type="text" value="${value}"${hint ? html` placeholder="${hint}"` : ''}${
      isNumeric(f) ? html` inputmode="decimal"` : ''
    }${describedBy}>`;
  }
  const current = f.type === 'reference' && rec ? cell(ctx.registry, f, rec) : undefined;
  return html`<div class="row${bad ? ' invalid' : ''}"><label for="${id}">${displayLabel(f)}${required ? html` <span class="req" aria-hidden="true">*</span><span class="skip"> (required)</span>` : ''}${
    f.type === 'reference' ? ' (Id)' : ''
  }</label>${input}${current && current.text ? html`<span class="muted">Now: ${current}</span>` : ''}${
    bad ? html`<span class="field-error" id="${id}-error" role="alert">${errors!.message}</span>` : ''
  }</div>`;
}

function formPage(ctx: Ctx, info: ObjectInfo, mode: 'create' | 'update', values: ReadonlyMap<string, string>, rec: Rec | undefined, errors: FormErrors | undefined): string {
  const o = info.def;
  const fields = editableFields(info, mode);
  const title = mode === 'create' ? `New ${o.label}` : `Edit ${recordTitle(nameFieldOf(info), rec ?? {})}`;
  const action = mode === 'create' ? `/lightning/o/${o.name}/new` : `/lightning/r/${o.name}/${String(rec?.Id)}/edit`;
  const cancel = mode === 'create' ? `/lightning/o/${o.name}` : `/lightning/r/${o.name}/${String(rec?.Id)}`;
  const body = html`
<div class="page-head"><div class="icon" aria-hidden="true">${objectIcon(o.label)}</div><div><div class="kind">${o.label}</div><h1>${title}</h1></div></div>
${errors ? html`<div class="alert" role="alert" id="form-errors"><strong>Review the errors on this page.</strong> <span class="mono">${errors.code}</span>: ${errors.message}</div>` : ''}
<form class="card record" method="post" action="${action}" aria-label="${title}">
  <input type="hidden" name="csrf" value="${ctx.session.csrf}">
  <div class="body"><div class="fields">${fields.map((f) => html`<div class="f${f.type === 'textarea' || f.longText ? ' wide' : ''}">${formField(ctx, f, values.get(f.name) ?? '', rec, errors)}</div>`)}</div>
  <div class="actions"><button class="btn primary" type="submit">Save</button> <a class="btn" href="${cancel}">Cancel</a></div></div>
</form>`;
  return page(title, body, { chrome: ctx.chrome, active: { kind: 'object', name: o.name } });
}

export async function editForm(ctx: Ctx, object: string, id: string | undefined): Promise<Reply> {
  const info = objectOrThrow(ctx.registry, object);
  const mode = id === undefined ? 'create' : 'update';
  if (mode === 'create' ? !info.def.createable : !info.def.updateable) throw new SalesforceError('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', `${info.def.labelPlural} cannot be ${mode === 'create' ? 'created' : 'edited'}.`, 403);
  const rec = id === undefined ? undefined : await loadRecord(ctx, info, id);
  const values = new Map<string, string>();
  for (const f of editableFields(info, mode)) {
    if (rec) values.set(f.name, formValue(f, rec[f.name]));
    else if (f.defaultValue !== null && f.defaultValue !== undefined) values.set(f.name, String(f.defaultValue));
    else if (f.type === 'picklist') values.set(f.name, f.picklistValues.find((p) => p.defaultValue)?.value ?? '');
  }
  return pageReply(formPage(ctx, info, mode, values, rec, undefined));
}

export async function saveForm(ctx: Ctx, object: string, id: string | undefined, form: Record<string, unknown>): Promise<Reply> {
  const info = objectOrThrow(ctx.registry, object);
  const mode = id === undefined ? 'create' : 'update';
  const rec = id === undefined ? undefined : await loadRecord(ctx, info, id);
  const fields = editableFields(info, mode);
  const values = new Map<string, string>();
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = form[f.name];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') throw new SalesforceError('JSON_PARSER_ERROR', `${f.label} was sent more than once.`, 400, [f.name]);
    values.set(f.name, raw);
    const v = bodyValue(f, raw);
    // Unchanged values are not sent (an edit touches only what the user changed).
    if (rec && formValue(f, rec[f.name]) === raw) continue;
    if (!rec && v === null) continue;
    body[f.name] = v;
  }
  try {
    if (id === undefined) {
      const newId = await ctx.episode.create(info.def.name, body);
      return redirect(`/lightning/r/${info.def.name}/${newId}?saved=created`);
    }
    if (Object.keys(body).length > 0) await ctx.episode.update(info.def.name, String(rec!.Id), body);
    return redirect(`/lightning/r/${info.def.name}/${String(rec!.Id)}?saved=1`);
  } catch (err) {
    if (!(err instanceof SalesforceError) || err.status >= 500) throw err;
    const errors: FormErrors = { message: err.message, code: err.errorCode, fields: new Set(err.fields ?? []) };
    return pageReply(formPage(ctx, info, mode, values, rec, errors), 400);
  }
}

// ── delete ─────────────────────────────────────────────────────────────────────────────────

export async function deleteConfirm(ctx: Ctx, object: string, id: string): Promise<Reply> {
  const info = objectOrThrow(ctx.registry, object);
  const rec = await loadRecord(ctx, info, id);
  const o = info.def;
  const title = recordTitle(nameFieldOf(info), rec);
  const body = html`
<div class="page-head"><div class="icon" aria-hidden="true">${objectIcon(o.label)}</div><div><div class="kind">${o.label}</div><h1>Delete ${title}?</h1></div></div>
<form class="card" method="post" action="/lightning/r/${o.name}/${String(rec.Id)}/delete" role="alertdialog" aria-labelledby="del-h" aria-describedby="del-d">
  <h2 id="del-h">Delete ${o.label}</h2>
  <div class="body"><p id="del-d">Are you sure you want to delete the ${o.label} "${title}"? It goes to the recycle bin (queryAll still sees it).</p>
  <input type="hidden" name="csrf" value="${ctx.session.csrf}">
  <button class="btn danger" type="submit">Delete</button> <a class="btn" href="/lightning/r/${o.name}/${String(rec.Id)}">Cancel</a></div>
</form>`;
  return pageReply(page(`Delete ${title}`, body, { chrome: ctx.chrome, active: { kind: 'object', name: o.name } }));
}

export async function deleteRecord(ctx: Ctx, object: string, id: string): Promise<Reply> {
  const info = objectOrThrow(ctx.registry, object);
  const rec = await loadRecord(ctx, info, id);
  await ctx.episode.delete(info.def.name, String(rec.Id));
  return redirect(href(`/lightning/o/${info.def.name}`, { deleted: `${info.def.label} "${recordTitle(nameFieldOf(info), rec)}"` }));
}

// ── global search (SOSL) ───────────────────────────────────────────────────────────────────

const SEARCHED: ReadonlyArray<{ readonly object: string; readonly fields: readonly string[] }> = [
  { object: 'Account', fields: ['Name', 'PersonEmail', 'Phone', 'ShippingCity'] },
  { object: 'Contact', fields: ['Name', 'Email', 'Phone', 'AccountId'] },
  { object: 'Case', fields: ['CaseNumber', 'Subject', 'Status', 'AccountId'] },
  { object: 'Order', fields: ['OrderNumber', 'Status', 'AccountId', 'EffectiveDate'] },
  { object: 'Product2', fields: ['Name', 'ProductCode', 'Family'] },
  { object: 'Knowledge__kav', fields: ['Title', 'ArticleNumber', 'UrlName'] },
  { object: 'Issue__c', fields: ['Name'] },
  { object: 'User', fields: ['Name', 'Username', 'Email'] },
];

/** SOSL's reserved characters, escaped with a backslash. https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm */
export function soslTerm(s: string): string {
  return s.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, (c) => `\\${c}`);
}

export async function searchPage(ctx: Ctx, q: Query): Promise<Reply> {
  const term = (param(q, 'q') ?? '').trim();
  let content: Html;
  let status = 200;
  if (term === '') {
    content = html`<p class="muted">Type a word in the search box: names, emails, case subjects, article titles…</p>`;
  } else {
    const specs = SEARCHED.map((s) => ({ ...s, info: ctx.registry.object(s.object) })).filter((s) => s.info !== undefined);
    const returning = specs.map((s) => `${s.object}(${selectList(ctx, fieldsOf(s.info!, s.fields))} LIMIT 25)`).join(', ');
    const sosl = `FIND {${soslTerm(term)}} IN ALL FIELDS RETURNING ${returning}`;
    try {
      const { searchRecords } = await ctx.episode.search(sosl);
      const groups = specs.map((s) => ({ ...s, rows: searchRecords.filter((r) => (r.attributes as { type?: string } | undefined)?.type === s.object) }));
      const found = groups.filter((g) => g.rows.length > 0);
      content = found.length === 0
        ? html`<p role="status">No results for "${term}".</p>`
        : html`<p role="status">${searchRecords.length} results for "${term}".</p>${found.map((g) => {
            const info = g.info!;
            const cols = fieldsOf(info, g.fields);
            return html`<section class="card" aria-labelledby="s-${info.def.name}"><h2 id="s-${info.def.name}">${info.def.labelPlural} (${g.rows.length})</h2><table class="grid"><thead><tr>${cols.map((c) => html`<th scope="col">${displayLabel(c)}</th>`)}</tr></thead><tbody>${g.rows.map(
              (r) => html`<tr>${cols.map((c, i) =>
                i === 0 ? html`<th scope="row">${recordLink(ctx, info.def.name, c, r)}</th>` : html`<td>${cell(ctx.registry, c, r)}</td>`,
              )}</tr>`,
            )}</tbody></table></section>`;
          })}`;
    } catch (err) {
      if (!(err instanceof SalesforceError) || err.status >= 500) throw err;
      status = err.status;
      content = html`<div class="alert" role="alert"><span class="mono">${err.errorCode}</span>: ${err.message}</div>`;
    }
  }
  const body = html`<div class="page-head"><div class="icon" aria-hidden="true">Q</div><div><div class="kind">Search</div><h1>${term ? `Results for "${term}"` : 'Search'}</h1></div></div>${content}`;
  return pageReply(page(term ? `Search: ${term}` : 'Search', body, { chrome: ctx.chrome, active: { kind: 'page', name: 'search' }, query: term }), status);
}

