// Which objects get a tab, the columns of their list views and the SOQL value syntax the pages use.
// Everything else (fields, sections, related lists) is derived from the schema registry.
import type { FieldDef, ObjectInfo, SchemaRegistry } from '../../schema/index.js';
import { SalesforceError } from '../org/index.js';

export interface ObjectView {
  readonly name: string;
  /** Default list columns (field names; references show their parent's name). */
  readonly columns: readonly string[];
  readonly sort: string;
  readonly dir: 'asc' | 'desc';
}

/** The app bar, in order. */
export const TABS: readonly ObjectView[] = [
  { name: 'Account', columns: ['Name', 'Phone', 'PersonEmail', 'ShippingCity', 'ShippingState', 'OwnerId'], sort: 'Name', dir: 'asc' },
  { name: 'Contact', columns: ['Name', 'Email', 'Phone', 'AccountId', 'OwnerId'], sort: 'Name', dir: 'asc' },
  { name: 'Case', columns: ['CaseNumber', 'Subject', 'Status', 'Priority', 'Origin', 'AccountId', 'OwnerId', 'CreatedDate'], sort: 'CreatedDate', dir: 'desc' },
  { name: 'Order', columns: ['OrderNumber', 'AccountId', 'Status', 'EffectiveDate', 'TotalAmount', 'OwnerId'], sort: 'EffectiveDate', dir: 'desc' },
  { name: 'Product2', columns: ['Name', 'ProductCode', 'Family', 'IsActive'], sort: 'Name', dir: 'asc' },
  { name: 'Knowledge__kav', columns: ['Title', 'ArticleNumber', 'UrlName', 'PublishStatus', 'LastModifiedDate'], sort: 'Title', dir: 'asc' },
  { name: 'Issue__c', columns: ['Name', 'Description__c'], sort: 'Name', dir: 'asc' },
  { name: 'User', columns: ['Name', 'Username', 'Email', 'Title', 'Department', 'IsActive'], sort: 'Name', dir: 'asc' },
];

/** Views of objects that have no tab but appear in related lists. */
const OTHER_VIEWS: readonly ObjectView[] = [
  { name: 'EmailMessage', columns: ['Subject', 'FromAddress', 'ToAddress', 'MessageDate', 'Incoming', 'Status'], sort: 'MessageDate', dir: 'asc' },
  { name: 'LiveChatTranscript', columns: ['Name', 'StartTime', 'EndTime', 'Status', 'OwnerId', 'ContactId', 'CaseId'], sort: 'StartTime', dir: 'asc' },
  { name: 'CaseHistory__c', columns: ['Name', 'CaseId__c', 'Field__c', 'NewValue__c', 'OldValue__c', 'CreatedDate'], sort: 'CreatedDate', dir: 'asc' },
  { name: 'OrderItem', columns: ['OrderItemNumber', 'OrderId', 'Product2Id', 'Quantity', 'UnitPrice', 'TotalPrice'], sort: 'OrderItemNumber', dir: 'asc' },
  { name: 'PricebookEntry', columns: ['Name', 'Pricebook2Id', 'Product2Id', 'UnitPrice', 'IsActive'], sort: 'Name', dir: 'asc' },
];

/** The list view of any object (tabs, related lists, the "All objects" page). */
export function viewOf(info: ObjectInfo): ObjectView {
  const known = TABS.find((t) => t.name === info.def.name) ?? OTHER_VIEWS.find((t) => t.name === info.def.name);
  if (known) return known;
  const name = info.nameField?.name ?? 'Id';
  const business = info.def.fields.filter((f) => !SYSTEM_FIELDS.has(f.name) && f.name !== name && !f.longText && f.type !== 'textarea');
  return { name: info.def.name, columns: [name, ...business.slice(0, 5).map((f) => f.name)], sort: name, dir: 'asc' };
}

export const SYSTEM_FIELDS: ReadonlySet<string> = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);
/** Audit references: every object has them, so they make no useful related list on User. */
const AUDIT_REFS: ReadonlySet<string> = new Set(['CreatedById', 'LastModifiedById']);

export function objectOrThrow(registry: SchemaRegistry, name: string): ObjectInfo {
  const info = registry.object(name);
  if (!info) throw new SalesforceError('NOT_FOUND', `There is no object named ${name} in this org.`, 404);
  return info;
}

/** The field that names a record (CaseNumber, OrderNumber, Title…). */
export function nameFieldOf(info: ObjectInfo): string {
  return info.nameField?.name ?? 'Id';
}

/** A reference field's parent, when the org models it and it can be traversed in SOQL. */
export function lookupTarget(registry: SchemaRegistry, f: FieldDef): ObjectInfo | undefined {
  if (f.type !== 'reference' || f.relationshipName === null) return undefined;
  return registry.parentObject(f);
}

/** `Account.Name` for AccountId: the SOQL path that names the referenced record. */
export function lookupNamePath(registry: SchemaRegistry, f: FieldDef): string | undefined {
  const target = lookupTarget(registry, f);
  if (!target) return undefined;
  return `${f.relationshipName}.${nameFieldOf(target)}`;
}

export interface RelatedList {
  readonly child: ObjectInfo;
  readonly field: FieldDef;
  readonly label: string;
}

export function relatedListsOf(registry: SchemaRegistry, info: ObjectInfo): RelatedList[] {
  const out: RelatedList[] = [];
  for (const c of info.childRelationships) {
    if (AUDIT_REFS.has(c.field)) continue;
    const child = registry.object(c.childSObject);
    const field = child?.fieldsByLower.get(c.field.toLowerCase());
    if (!child || !field) continue;
    // EmailMessage.RelatedToId duplicates ParentId for cases; one list is enough.
    if (c.relationshipName === null && out.some((r) => r.child === child)) continue;
    const label = c.relationshipName !== null && info.def.name !== 'User' ? child.def.labelPlural : `${child.def.labelPlural} (${field.label.replace(/ Id$/, '')})`;
    out.push({ child, field, label });
  }
  return out;
}

// ── SOQL literals ───────────────────────────────────────────────────────────────────────────
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm

export function soqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A LIKE pattern matching `s` anywhere (its own % and _ escaped). */
export function soqlContains(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[%_]/g, (c) => `\\${c}`);
  return `'%${body}%'`;
}

/** A filter value as the SOQL literal for its field's type; bad input is a 400 the page shows. */
export function soqlValue(f: FieldDef, v: string): string {
  switch (f.type) {
    case 'boolean':
      if (v !== 'true' && v !== 'false') throw badFilter(f, v);
      return v;
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (!/^-?\d+(\.\d+)?$/.test(v)) throw badFilter(f, v);
      return v;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw badFilter(f, v);
      return v;
    case 'datetime':
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) throw badFilter(f, v);
      return v;
    case 'id':
    case 'reference':
      if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v)) throw badFilter(f, v);
      return soqlString(v);
    case 'string':
    case 'textarea':
    case 'picklist':
    case 'multipicklist':
    case 'email':
    case 'phone':
    case 'url':
      return soqlString(v);
    default:
      return assertNever(f.type);
  }
}

function badFilter(f: FieldDef, v: string): SalesforceError {
  return new SalesforceError('INVALID_QUERY_FILTER_OPERATOR', `${f.label}: "${v}" is not a valid ${f.type} value`, 400, [f.name]);
}

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
