// `GET …/query?q=…&columns=true`: the column metadata of a query instead of its rows. Undocumented,
// but the Developer Console and the Salesforce CLI (`sf data query`) ask for it to lay out their tables:
// one column per selected item, parent-relationship fields nested under the relationship's column in
// `joinColumns`, child subqueries as an `aggregate` column whose joinColumns are the subquery's fields,
// aggregate functions as `expr0…` (or their alias) with the function as `displayName`.
import type { FieldDef, FieldType } from '../../schema/index.js';
import { assertNever } from './ast.js';
import type { AggregateRef, CheckedQuery, FieldRef, ScalarExpr, SelectItem } from './checked.js';

export interface ColumnMetadata {
  readonly aggregate: boolean;
  readonly apexType: string | null;
  readonly booleanType: boolean;
  readonly columnName: string;
  readonly custom: boolean;
  readonly displayName: string;
  readonly foreignKeyName: string | null;
  readonly insertable: boolean;
  readonly joinColumns: ColumnMetadata[];
  readonly numberType: boolean;
  readonly textType: boolean;
  readonly updatable: boolean;
}

export interface QueryColumns {
  readonly columnMetadata: ColumnMetadata[];
  readonly entityName: string;
  readonly groupBy: boolean;
  readonly idSelected: boolean;
  readonly keyPrefix: string | null;
}

const APEX_TYPES: Readonly<Record<FieldType, string>> = {
  id: 'Id',
  reference: 'Id',
  string: 'String',
  textarea: 'String',
  picklist: 'String',
  multipicklist: 'String',
  email: 'String',
  phone: 'String',
  url: 'String',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  currency: 'Double',
  percent: 'Double',
  date: 'Date',
  datetime: 'Datetime',
};
const NUMBER_TYPES = new Set<FieldType>(['int', 'double', 'currency', 'percent']);
const TEXT_TYPES = new Set<FieldType>(['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url']);

function fieldColumn(field: FieldDef, displayName: string): ColumnMetadata {
  return {
    aggregate: false,
    apexType: APEX_TYPES[field.type],
    booleanType: field.type === 'boolean',
    columnName: field.name,
    custom: field.custom,
    displayName,
    foreignKeyName: null,
    insertable: field.createable,
    joinColumns: [],
    numberType: NUMBER_TYPES.has(field.type),
    textType: TEXT_TYPES.has(field.type),
    updatable: field.updateable,
  };
}

/** A column that only groups others: a parent relationship or a child subquery. */
function groupColumn(name: string, displayName: string, aggregate: boolean, custom: boolean): ColumnMetadata {
  return {
    aggregate,
    apexType: null,
    booleanType: false,
    columnName: name,
    custom,
    displayName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: false,
    updatable: false,
  };
}

function computed(key: string, displayName: string, apexType: string, numberType: boolean, textType: boolean): ColumnMetadata {
  return { ...groupColumn(key, displayName, true, false), apexType, numberType, textType, booleanType: apexType === 'Boolean' };
}

function pathText(f: FieldRef): string {
  return [...f.steps.map((s) => s.relationshipName), f.field.name].join('.');
}

function scalarText(e: ScalarExpr): string {
  return e.kind === 'field' ? pathText(e) : `${e.fn}(${e.convertTimezone ? `convertTimezone(${pathText(e.arg)})` : pathText(e.arg)})`;
}

function aggregateType(a: AggregateRef): { apexType: string; number: boolean; text: boolean } {
  if (a.fn === 'COUNT' || a.fn === 'COUNT_DISTINCT') return { apexType: 'Integer', number: true, text: false };
  if (a.fn === 'AVG' || a.fn === 'SUM') return { apexType: 'Double', number: true, text: false };
  // MIN / MAX keep their argument's type.
  if (a.arg.kind === 'dateFn') return { apexType: 'Integer', number: true, text: false };
  const t = a.arg.field.type;
  return { apexType: APEX_TYPES[t], number: NUMBER_TYPES.has(t), text: TEXT_TYPES.has(t) };
}

/** Adds a (possibly relationship-path) field to a column list, merging shared relationship prefixes. */
function addField(columns: ColumnMetadata[], f: FieldRef, prefix = ''): void {
  if (f.steps.length === 0) {
    columns.push(fieldColumn(f.field, `${prefix}${f.field.name}`));
    return;
  }
  let list = columns;
  let display = prefix;
  for (const step of f.steps) {
    display += step.relationshipName;
    let col = list.find((c) => c.columnName === step.relationshipName && c.apexType === null && !c.aggregate);
    if (!col) {
      col = groupColumn(step.relationshipName, display, false, step.field.custom);
      list.push(col);
    }
    list = col.joinColumns;
    display += '.';
  }
  list.push(fieldColumn(f.field, `${display}${f.field.name}`));
}

function selectColumns(select: readonly SelectItem[], columns: ColumnMetadata[]): void {
  for (const item of select) {
    switch (item.kind) {
      case 'field':
        // In an aggregate query a grouped field is flat under its key (alias or field name).
        if (item.key !== item.expr.field.name) columns.push(fieldColumn(item.expr.field, item.key));
        else addField(columns, item.expr);
        break;
      case 'aggregate': {
        const t = aggregateType(item.expr);
        const fn = item.expr.fn === 'COUNT_DISTINCT' ? 'COUNT_DISTINCT' : item.expr.fn;
        columns.push(computed(item.key, /^expr\d+$/.test(item.key) ? `${fn}(${scalarText(item.expr.arg)})` : item.key, t.apexType, t.number, t.text));
        break;
      }
      case 'dateFn':
        columns.push(computed(item.key, /^expr\d+$/.test(item.key) ? scalarText(item.expr) : item.key, 'Integer', true, false));
        break;
      case 'grouping':
        columns.push(computed(item.key, /^expr\d+$/.test(item.key) ? `GROUPING(${scalarText(item.expr.arg)})` : item.key, 'Integer', true, false));
        break;
      case 'subquery': {
        const col = groupColumn(item.key, item.key, true, item.query.relationship.field.endsWith('__c'));
        selectColumns(item.query.select, col.joinColumns);
        columns.push(col);
        break;
      }
      default:
        assertNever(item);
    }
  }
}

/** The `columns=true` answer for a checked query. */
export function queryColumns(q: CheckedQuery): QueryColumns {
  const columnMetadata: ColumnMetadata[] = [];
  selectColumns(q.select, columnMetadata);
  return {
    columnMetadata,
    entityName: q.object.def.name,
    groupBy: q.groupBy !== null,
    idSelected: q.select.some((s) => s.kind === 'field' && s.expr.steps.length === 0 && s.expr.field.type === 'id'),
    keyPrefix: q.mode === 'aggregate' ? null : q.object.def.keyPrefix,
  };
}
