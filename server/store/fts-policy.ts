// Search policy: which fields of an object SOSL searches, which count as names (weight, NAME scope),
// and which objects ignore `IN … FIELDS`.
import { traitsOf, type FieldDef, type ObjectDef } from '../../schema/index.js';

/** Field groups of `IN … FIELDS` (SIDEBAR is searched as NAME). */
export type FtsScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';

/** Objects whose search ignores `IN … FIELDS` (always all fields), per the IN SearchGroup docs. */
const SCOPE_FREE: ReadonlySet<string> = new Set(['Knowledge__kav', 'Product2']);
/** Extra NAME-scope fields beyond the object's name field. */
const EXTRA_NAME_FIELDS: ReadonlySet<string> = new Set(['FirstName', 'LastName', 'Subject', 'Title']);

export interface FtsLayout {
  readonly object: ObjectDef;
  readonly table: string; // temp table name
  readonly fields: readonly FieldDef[]; // searchable fields; column i ↔ fields[i]
  readonly scopeFree: boolean;
  /** name-scope flags per field (higher relevance weight) */
  readonly isName: readonly boolean[];
}

/** The fields of an object that ALL FIELDS searches: string, textarea (incl. long/rich text), email, phone, url. */
export function searchableFields(o: ObjectDef): FieldDef[] {
  return o.fields.filter((f) => traitsOf(f.type).searchable);
}

export function layoutOf(o: ObjectDef): FtsLayout {
  const fields = searchableFields(o);
  return {
    object: o,
    table: `fts_${o.name}`,
    fields,
    scopeFree: SCOPE_FREE.has(o.name),
    isName: fields.map((f) => f.nameField || EXTRA_NAME_FIELDS.has(f.name)),
  };
}

/** Column indexes searched for a scope. */
export function scopeColumns(l: FtsLayout, scope: FtsScope): number[] {
  const idx = l.fields.map((_, i) => i);
  if (l.scopeFree || scope === 'ALL') return idx;
  if (scope === 'NAME') return idx.filter((i) => l.isName[i]);
  if (scope === 'EMAIL') return idx.filter((i) => l.fields[i]!.type === 'email');
  return idx.filter((i) => l.fields[i]!.type === 'phone');
}
