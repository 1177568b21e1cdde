// Describe JSON builders: describeGlobal entries, sobject basic info and the full sobject describe,
// built from the schema data alone (pure; no store, no HTTP). Keys are emitted in Salesforce's order
// (case-sensitive ASCII order, as the real API prints them), so the JSON is byte-stable.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
import type { ObjectInfo } from './registry.js';
import { traitsOf } from './field-types.js';
import type { FieldDef, ObjectDef } from './types.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** The id of the implicit Master record type every object has. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** Copies an object with its keys in case-sensitive ASCII order (Salesforce's describe order). */
function sorted(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = o[k] as Json;
  return out;
}

const base = (version: string) => `/services/data/v${version}`;

/** The `urls` block of an object (global, basic info and full describe). */
export function objectUrls(o: ObjectDef, version: string): JsonObject {
  const s = `${base(version)}/sobjects/${o.name}`;
  return {
    compactLayouts: `${s}/describe/compactLayouts`,
    rowTemplate: `${s}/{ID}`,
    approvalLayouts: `${s}/describe/approvalLayouts`,
    defaultValues: `${s}/defaultValues?recordTypeId&fields`,
    listviews: `${s}/listviews`,
    describe: `${s}/describe`,
    quickActions: `${s}/quickActions`,
    layouts: `${s}/describe/layouts`,
    sobject: s,
  };
}

const isSystemObject = (o: ObjectDef) => o.name === 'Organization';
const hasOwner = (o: ObjectDef) => o.fields.some((f) => f.name === 'OwnerId');

/** One entry of `GET /sobjects` (describeGlobal), also the `objectDescribe` of basic info. */
export function describeGlobalSObject(o: ObjectDef, version: string): JsonObject {
  const system = isSystemObject(o);
  return sorted({
    activateable: false,
    createable: o.createable,
    custom: o.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: o.deletable,
    deprecatedAndHidden: false,
    feedEnabled: !system && (o.name === 'Account' || o.name === 'Contact' || o.name === 'Case'),
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: o.keyPrefix,
    label: o.label,
    labelPlural: o.labelPlural,
    layoutable: !system,
    mergeable: o.name === 'Account' || o.name === 'Contact' || o.name === 'Case',
    mruEnabled: !system,
    name: o.name,
    queryable: o.queryable,
    replicateable: !system,
    retrieveable: true,
    searchable: o.searchable,
    triggerable: !system,
    undeletable: o.deletable,
    updateable: o.updateable,
    urls: objectUrls(o, version),
  });
}

/** `GET /sobjects` body. */
export function describeGlobal(objects: readonly ObjectDef[], version: string): JsonObject {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...objects].sort((a, b) => (a.name < b.name ? -1 : 1)).map((o) => describeGlobalSObject(o, version)),
  };
}

/** `GET /sobjects/T` body. */
export function sobjectBasicInfo(o: ObjectDef, version: string, recentItems: readonly JsonObject[] = []): JsonObject {
  return { objectDescribe: describeGlobalSObject(o, version), recentItems: [...recentItems] };
}

/** The `length` a describe reports: text lengths and 18 for ids; 0 for everything else. */
function describeLength(f: FieldDef): number {
  const t = traitsOf(f.type);
  if (t.compare === 'id') return 18;
  return t.textual ? f.length : 0;
}

/** One picklist entry as describe prints it. */
export function describePicklistValue(f: FieldDef, v: { value: string; label: string; defaultValue?: boolean }): JsonObject {
  return {
    active: true,
    defaultValue: v.defaultValue === true || (f.defaultValue !== null && f.defaultValue === v.value),
    label: v.label,
    validFor: null,
    value: v.value,
  };
}

/** One entry of `fields` in the full describe: every key of jsforce's `Field` type (plus a few newer ones). */
export function describeField(f: FieldDef): JsonObject {
  const length = describeLength(f);
  const system = f.name === 'Id' || (!f.createable && !f.updateable && f.defaultedOnCreate);
  return sorted({
    aggregatable: f.aggregatable,
    aiPredictionField: false,
    autoNumber: f.autoNumber,
    byteLength: traitsOf(f.type).compare === 'id' ? 18 : traitsOf(f.type).textual ? length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: f.cascadeDelete,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.defaultValue,
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.type === 'int' ? f.precision : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.extraTypeInfo,
    filterable: f.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: f.groupable,
    highScaleNumber: false,
    htmlFormatted: f.htmlFormatted,
    idLookup: f.idLookup,
    inlineHelpText: f.description,
    label: f.label,
    length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: false,
    nillable: f.nillable,
    permissionable: !system && f.nillable && !f.nameField,
    picklistValues: f.picklistValues.map((v) => describePicklistValue(f, v)),
    polymorphicForeignKey: false,
    precision: traitsOf(f.type).number === 'decimal' ? f.precision : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: [...f.referenceTo],
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: traitsOf(f.type).number === 'decimal' ? f.scale : 0,
    searchPrefilterable: f.type === 'reference',
    soapType: traitsOf(f.type).soapType,
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  });
}

/** One entry of `childRelationships`. */
export function describeChildRelationship(c: ObjectInfo['childRelationships'][number]): JsonObject {
  return {
    cascadeDelete: c.cascadeDelete,
    childSObject: c.childSObject,
    deprecatedAndHidden: false,
    field: c.field,
    junctionIdListNames: [],
    junctionReferenceTo: [],
    relationshipName: c.relationshipName,
    restrictedDelete: false,
  };
}

/** `GET /sobjects/T/describe` body. */
export function describeSObject(info: ObjectInfo, version: string): JsonObject {
  const o = info.def;
  const system = isSystemObject(o);
  const plural = o.labelPlural.toLowerCase();
  const scopes: JsonObject[] = [{ label: `All ${plural}`, name: 'everything' }];
  if (hasOwner(o)) scopes.push({ label: `My ${plural}`, name: 'mine' });
  return sorted({
    ...describeGlobalSObject(o, version),
    actionOverrides: [],
    childRelationships: info.childRelationships.map(describeChildRelationship),
    compactLayoutable: !system,
    fields: o.fields.map(describeField),
    listviewable: !system,
    lookupLayoutable: !system,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        available: true,
        defaultRecordTypeMapping: true,
        master: true,
        name: 'Master',
        recordTypeId: MASTER_RECORD_TYPE_ID,
        urls: { layout: `${base(version)}/sobjects/${o.name}/describe/layouts/${MASTER_RECORD_TYPE_ID}` },
      },
    ],
    searchLayoutable: o.searchable,
    supportedScopes: scopes,
  });
}
