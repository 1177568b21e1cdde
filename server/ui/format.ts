// Field values as text and links, by field type.
import type { FieldDef, SchemaRegistry } from '../../schema/index.js';
import { html, type Html } from './html.js';
import { assertNever, lookupTarget, nameFieldOf } from './objects.js';

type Rec = Record<string, unknown>;

/** `2024-03-05T14:22:00.000+0000` → `2024-03-05 14:22 UTC` (the API's values are UTC). */
export function formatDatetime(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(v);
  return m ? `${m[1]} ${m[2]} UTC` : v;
}

export function plainValue(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return '';
  switch (f.type) {
    case 'boolean':
      return v === true ? 'Yes' : 'No';
    case 'currency':
      return typeof v === 'number' ? `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : String(v);
    case 'percent':
      return `${String(v)}%`;
    case 'datetime':
      return formatDatetime(String(v));
    case 'int':
    case 'double':
      return typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(v);
    case 'id':
    case 'string':
    case 'textarea':
    case 'date':
    case 'picklist':
    case 'multipicklist':
    case 'reference':
    case 'email':
    case 'phone':
    case 'url':
      return String(v);
    default:
      return assertNever(f.type);
  }
}

/** The value of `f` on `rec`, with lookups linked to their record (named through `Rel.Name`). */
export function cell(registry: SchemaRegistry, f: FieldDef, rec: Rec): Html {
  const v = rec[f.name];
  if (v === null || v === undefined || v === '') return html``;
  if (f.type === 'reference') {
    const target = lookupTarget(registry, f) ?? registry.object(registry.objectForId(String(v))?.name ?? '');
    if (!target) return html`<span class="mono">${String(v)}</span>`;
    const parent = f.relationshipName ? (rec[f.relationshipName] as Rec | null | undefined) : undefined;
    const label = parent ? parent[nameFieldOf(target)] : undefined;
    return html`<a href="/lightning/r/${target.def.name}/${String(v)}">${label === null || label === undefined ? String(v) : String(label)}</a>`;
  }
  if (f.type === 'id') return html`<span class="mono">${String(v)}</span>`;
  if (f.type === 'email') return html`<a href="mailto:${String(v)}">${String(v)}</a>`;
  // Only http(s) URLs become links: a `javascript:` value stays text.
  if (f.type === 'url' && /^https?:\/\//i.test(String(v))) return html`<a href="${String(v)}" rel="noopener noreferrer">${String(v)}</a>`;
  return html`${plainValue(f, v)}`;
}

export function isNumeric(f: FieldDef): boolean {
  return f.type === 'int' || f.type === 'double' || f.type === 'currency' || f.type === 'percent';
}

/** A record's title: its name field, else Subject, else its Id. */
export function recordTitle(nameField: string, rec: Rec): string {
  const v = (nameField === 'Id' ? undefined : rec[nameField]) ?? rec.Subject ?? rec.Title ?? rec.Id;
  return v === null || v === undefined ? '' : String(v);
}

/** How a field is labelled on pages: a lookup by what it points at ("Account", not "Account Id"). */
export function displayLabel(f: FieldDef): string {
  return f.type === 'reference' ? f.label.replace(/ Id$/, '').replace(/ ID$/, '') : f.label;
}
