// What each field type means to every layer, in one table: the store's column type, the JSON a query
// returns, how SOQL compares it, what describe reports, whether SOSL searches it. A new FieldType does
// not compile until its row is written here.
import type { FieldType } from './types.js';

/** SQLite column type of a stored value (booleans are INTEGER 0/1, dates and datetimes ISO text). */
export type StorageType = 'TEXT' | 'INTEGER' | 'REAL';

/** How a stored value is written in JSON. */
export type JsonFormat =
  | 'text' // strings, ids, picklists, dates 'YYYY-MM-DD' (stored as returned)
  | 'boolean' // 0/1 → false/true
  | 'int'
  | 'double'
  | 'datetime'; // stored UTC text → 'YYYY-MM-DDTHH:MM:SS.sss+0000'

/** The class of values a field is compared with in SOQL (which literals and operators fit). */
export type CompareClass = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'multipicklist';

export interface FieldTypeTraits {
  readonly storage: StorageType;
  readonly json: JsonFormat;
  readonly compare: CompareClass;
  /** The describe `soapType`. */
  readonly soapType: 'tns:ID' | 'xsd:string' | 'xsd:boolean' | 'xsd:int' | 'xsd:double' | 'xsd:date' | 'xsd:dateTime';
  /** Carries a text length (describe `length`, `byteLength` = 3 × length). */
  readonly textual: boolean;
  /** `integer` reports `digits`; `decimal` reports precision and scale; SUM/AVG accept both. */
  readonly number: 'integer' | 'decimal' | null;
  /** Indexed for SOSL (ALL FIELDS): string, textarea incl. long/rich text, email, phone, url; not picklists. */
  readonly searchable: boolean;
}

const text = (searchable: boolean, compare: CompareClass = 'text'): FieldTypeTraits => ({
  storage: 'TEXT',
  json: 'text',
  compare,
  soapType: 'xsd:string',
  textual: true,
  number: null,
  searchable,
});
const decimal: FieldTypeTraits = { storage: 'REAL', json: 'double', compare: 'number', soapType: 'xsd:double', textual: false, number: 'decimal', searchable: false };
const id: FieldTypeTraits = { storage: 'TEXT', json: 'text', compare: 'id', soapType: 'tns:ID', textual: false, number: null, searchable: false };

export const FIELD_TYPE_TRAITS: Readonly<Record<FieldType, FieldTypeTraits>> = {
  id,
  reference: id,
  string: text(true),
  textarea: text(true),
  email: text(true),
  phone: text(true),
  url: text(true),
  picklist: text(false),
  multipicklist: text(false, 'multipicklist'),
  boolean: { storage: 'INTEGER', json: 'boolean', compare: 'boolean', soapType: 'xsd:boolean', textual: false, number: null, searchable: false },
  int: { storage: 'INTEGER', json: 'int', compare: 'number', soapType: 'xsd:int', textual: false, number: 'integer', searchable: false },
  double: decimal,
  currency: decimal,
  percent: decimal,
  date: { storage: 'TEXT', json: 'text', compare: 'date', soapType: 'xsd:date', textual: false, number: null, searchable: false },
  datetime: { storage: 'TEXT', json: 'datetime', compare: 'datetime', soapType: 'xsd:dateTime', textual: false, number: null, searchable: false },
};

export const traitsOf = (t: FieldType): FieldTypeTraits => FIELD_TYPE_TRAITS[t];
