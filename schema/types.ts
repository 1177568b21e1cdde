// Org metadata as plain data. Every other layer (store DDL, SOQL checks, describe, generator,
// tasks) reads these definitions; nothing here knows about SQLite or HTTP.

/** Salesforce field types used by this org (the `type` key of a describe field). */
export const FIELD_TYPES = [
  'id',
  'string',
  'textarea',
  'boolean',
  'int',
  'double',
  'currency',
  'percent',
  'date',
  'datetime',
  'picklist',
  'multipicklist',
  'reference',
  'email',
  'phone',
  'url',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface PicklistValue {
  readonly value: string;
  readonly label: string;
  readonly defaultValue?: boolean;
}

export interface FieldDef {
  /** Canonical API name, e.g. `AccountId`, `IssueId__c`. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** Text length (string/textarea/email/phone/url/picklist); 18 for ids and references. */
  readonly length: number;
  /** Numeric precision/scale (double/currency/percent/int). */
  readonly precision: number;
  readonly scale: number;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly filterable: boolean;
  readonly sortable: boolean;
  readonly groupable: boolean;
  readonly aggregatable: boolean;
  readonly custom: boolean;
  readonly nameField: boolean;
  readonly autoNumber: boolean;
  readonly calculated: boolean;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly idLookup: boolean;
  /** Set by the platform on create when absent (Status defaults, audit fields, auto numbers). */
  readonly defaultedOnCreate: boolean;
  readonly defaultValue: string | boolean | null;
  readonly htmlFormatted: boolean;
  /** `plaintextarea` / `richtextarea` for textareas, `personname` etc.; null otherwise. */
  readonly extraTypeInfo: string | null;
  /** Long text area (> 255 chars): not filterable, sortable or groupable; SOSL-searchable. */
  readonly longText: boolean;
  readonly picklistValues: readonly PicklistValue[];
  readonly restrictedPicklist: boolean;
  /** Referenced object API names (references only); may name an object this org does not model. */
  readonly referenceTo: readonly string[];
  /** Parent relationship name for SOQL paths (`Account`, `IssueId__r`); null when not traversable. */
  readonly relationshipName: string | null;
  /** Child relationship name on the parent object (`Contacts`, `Cases`, `CaseHistories__r`). */
  readonly childRelationshipName: string | null;
  readonly cascadeDelete: boolean;
  /** One-line agent-facing description (CRMArena's agents read these). */
  readonly description: string;
}

export interface ChildRelationship {
  readonly childSObject: string;
  readonly field: string;
  readonly relationshipName: string | null;
  readonly cascadeDelete: boolean;
}

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly custom: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  readonly queryable: boolean;
  readonly searchable: boolean;
  /** One-line agent-facing description of the object. */
  readonly description: string;
  /** Fields in describe order (Id first, then business fields, then system audit fields). */
  readonly fields: readonly FieldDef[];
}
