// Small builders that turn compact field specs into complete FieldDefs with Salesforce's defaults
// (e.g. long text areas are never filterable, sortable or groupable).
import { traitsOf } from './field-types.js';
import type { FieldDef, FieldType, PicklistValue } from './types.js';

type Opts = Partial<Omit<FieldDef, 'name' | 'type' | 'description'>>;

export function field(name: string, type: FieldType, description: string, opts: Opts = {}): FieldDef {
  const custom = name.endsWith('__c');
  const longText = opts.longText ?? false;
  const isId = type === 'id';
  const traits = traitsOf(type);
  const numeric = traits.number !== null;
  const defaultLength = traits.compare === 'id' ? 18 : traits.textual ? 255 : 0;
  const base: FieldDef = {
    name,
    label: opts.label ?? labelFor(name),
    type,
    length: defaultLength,
    precision: numeric ? 18 : 0,
    scale: type === 'currency' ? 2 : 0,
    nillable: !isId,
    createable: !isId,
    updateable: !isId,
    filterable: !longText,
    sortable: !longText && type !== 'multipicklist',
    groupable: !longText && type !== 'double' && type !== 'currency' && type !== 'percent' && type !== 'datetime' && type !== 'multipicklist',
    aggregatable: !longText,
    custom,
    nameField: false,
    autoNumber: false,
    calculated: false,
    externalId: false,
    unique: false,
    idLookup: isId,
    defaultedOnCreate: isId,
    defaultValue: null,
    htmlFormatted: false,
    extraTypeInfo: type === 'textarea' ? (longText ? 'plaintextarea' : 'plaintextarea') : null,
    longText,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: null,
    cascadeDelete: false,
    description,
  };
  return { ...base, ...opts, name, type, description, longText };
}

/** Turns `ShippingState` into `Shipping State`, `IssueId__c` into `Issue Id`. */
export function labelFor(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim();
}

export const str = (name: string, description: string, length = 255, opts: Opts = {}) =>
  field(name, 'string', description, { length, ...opts });

export const longText = (name: string, description: string, length = 32000, opts: Opts = {}) =>
  field(name, 'textarea', description, { length, longText: true, ...opts });

export const picklist = (name: string, description: string, values: readonly (string | PicklistValue)[], opts: Opts = {}) =>
  field(name, 'picklist', description, {
    length: 255,
    picklistValues: values.map((v) => (typeof v === 'string' ? { value: v, label: v } : v)),
    ...opts,
  });

/**
 * A lookup. `relationshipName` defaults to Salesforce's convention: `AccountId` → `Account`,
 * custom `IssueId__c` → `IssueId__r`.
 */
export const ref = (
  name: string,
  to: string,
  description: string,
  childRelationshipName: string | null,
  opts: Opts = {},
) =>
  field(name, 'reference', description, {
    referenceTo: [to],
    relationshipName: name.endsWith('__c') ? name.replace(/__c$/, '__r') : name.replace(/Id$/, ''),
    childRelationshipName,
    ...opts,
  });

/** A reference to an object this org does not model (Profile, RecordType…): typed as an id, not traversable. */
export const opaqueRef = (name: string, to: string, description: string, opts: Opts = {}) =>
  field(name, 'reference', description, { referenceTo: [to], relationshipName: null, ...opts });

export const autoNumber = (name: string, description: string, opts: Opts = {}) =>
  field(name, 'string', description, {
    length: 30,
    autoNumber: true,
    nillable: false,
    createable: false,
    updateable: false,
    defaultedOnCreate: true,
    ...opts,
  });

const READ_ONLY: Opts = { createable: false, updateable: false, defaultedOnCreate: true, nillable: false };

/** The audit fields every sObject carries, in describe order (Id is added separately, first). */
export function systemFields(objectLabel: string): FieldDef[] {
  return [
    field('IsDeleted', 'boolean', `Whether the ${objectLabel} record is in the recycle bin.`, { ...READ_ONLY, label: 'Deleted', defaultValue: false }),
    field('CreatedDate', 'datetime', `When the ${objectLabel} record was created.`, { ...READ_ONLY, label: 'Created Date' }),
    ref('CreatedById', 'User', `The user who created the ${objectLabel} record.`, null, { ...READ_ONLY, label: 'Created By ID' }),
    field('LastModifiedDate', 'datetime', `When the ${objectLabel} record was last modified.`, { ...READ_ONLY, label: 'Last Modified Date' }),
    ref('LastModifiedById', 'User', `The user who last modified the ${objectLabel} record.`, null, { ...READ_ONLY, label: 'Last Modified By ID' }),
    field('SystemModstamp', 'datetime', `System timestamp of the last change to the ${objectLabel} record.`, { ...READ_ONLY, label: 'System Modstamp' }),
  ];
}

export const idField = (objectLabel: string) =>
  field('Id', 'id', `The unique 18-character Id of the ${objectLabel} record.`, { label: `${objectLabel} ID` });
