// The closed catalogue of Salesforce error codes this emulator emits, and the error type that carries
// one to the wire. Engine, org services and HTTP layer all throw SalesforceError; one middleware in
// server/http writes `[{"message","errorCode"}]` with `status` (via toWire()).
import { caretMessage } from './excerpt.js';

/** Every code with its default HTTP status and what it means here. */
export const ERROR_CATALOGUE = {
  MALFORMED_QUERY: { status: 400, about: 'SOQL syntax error or a query Salesforce rejects at parse time' },
  INVALID_FIELD: { status: 400, about: 'unknown field / relationship, type mismatch, duplicate field, non-filterable field' },
  INVALID_TYPE: { status: 400, about: 'unknown sObject type (also unknown child relationship)' },
  INVALID_QUERY_FILTER_OPERATOR: { status: 400, about: 'bad id literal, operator not valid for the field type' },
  INVALID_QUERY_LOCATOR: { status: 400, about: 'unknown or expired queryMore locator' },
  NUMBER_OUTSIDE_VALID_RANGE: { status: 400, about: 'OFFSET > 2000 and similar range checks' },
  MALFORMED_SEARCH: { status: 400, about: 'SOSL syntax error' },
  INVALID_SEARCH: { status: 400, about: 'SOSL term too short and similar' },
  NOT_EMULATED: { status: 400, about: 'valid Salesforce syntax that Localforce does not emulate (listed in docs/compatibility.md)' },
  INVALID_SESSION_ID: { status: 401, about: 'missing or unknown token (401)' },
  INVALID_AUTH_HEADER: { status: 401, about: 'malformed Authorization header (401)' },
  NOT_FOUND: { status: 404, about: 'unknown resource, record or version (404)' },
  GONE: { status: 410, about: 'a retired API version (7.0–30.0) (410)' },
  NOT_ACCEPTABLE: { status: 406, about: 'an Accept header asking for a format Localforce does not write, e.g. XML (406)' },
  METHOD_NOT_ALLOWED: { status: 405, about: 'verb not supported on a resource (405)' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, about: 'body content type not JSON (415)' },
  JSON_PARSER_ERROR: { status: 400, about: 'malformed JSON body (400)' },
  REQUEST_LIMIT_EXCEEDED: { status: 403, about: 'daily API limit exhausted (403)' },
  REQUIRED_FIELD_MISSING: { status: 400, about: 'DML: required field absent' },
  INVALID_FIELD_FOR_INSERT_UPDATE: { status: 400, about: 'DML: read-only field written' },
  MALFORMED_ID: { status: 400, about: 'DML / URL: bad id value' },
  FIELD_INTEGRITY_EXCEPTION: { status: 400, about: 'DML: reference to a record of the wrong type' },
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: { status: 400, about: 'DML: bad restricted picklist value' },
  INVALID_TYPE_ON_FIELD_IN_RECORD: { status: 400, about: 'DML: value of the wrong JSON type' },
  STRING_TOO_LONG: { status: 400, about: 'DML: text longer than the field length' },
  DUPLICATE_VALUE: { status: 400, about: 'DML: unique / external id collision' },
  ENTITY_IS_DELETED: { status: 400, about: 'DML on a soft-deleted record' },
  ALL_OR_NONE_OPERATION_ROLLED_BACK: { status: 400, about: 'composite allOrNone failure on the other records' },
  PROCESSING_HALTED: { status: 400, about: 'composite: a prior subrequest failed' },
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: { status: 400, about: 'write to a non-writable object' },
  INVALID_CROSS_REFERENCE_KEY: { status: 400, about: 'DML: reference to a missing record' },
  REQUEST_HEADER_FIELDS_TOO_LARGE: { status: 431, about: 'URL / headers over the server limit (431)' },
  REQUEST_ENTITY_TOO_LARGE: { status: 413, about: 'body over the size limit (413)' },
  INVALID_EMAIL_ADDRESS: { status: 400, about: 'DML: malformed email value' },
  EXCEEDED_ID_LIMIT: { status: 400, about: 'sObject Collections: more than 200 records / ids' },
  MISSING_ARGUMENT: { status: 400, about: 'a required request parameter is absent (e.g. start/end of sobjects/T/updated)' },
  INVALID_REPLICATION_DATE: { status: 400, about: 'sobjects/T/updated|deleted: start/end not datetimes or end before start' },
  QUERY_TOO_COMPLICATED: { status: 400, about: 'the query exceeds an engine limit (SQLite expression depth, variables)' },
  SERVER_UNAVAILABLE: { status: 503, about: 'a server-wide capacity limit (the episode cap) is reached (503)' },
  QUERY_TIMEOUT: { status: 400, about: 'a query ran longer than the per-query time limit' },
  UNKNOWN_EXCEPTION: { status: 500, about: 'a bug in Localforce (500); logged' },
} as const satisfies Record<string, { readonly status: number; readonly about: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as readonly ErrorCode[];

/** Where in a statement an error points: `offset` (0-based) into `source`, the whole SOQL/SOSL text. */
export interface ErrorLocation {
  readonly source: string;
  readonly offset: number;
}

export class SalesforceError extends Error {
  /** The message without the caret excerpt (equals `message` when there is no location). */
  readonly text: string;
  readonly location: ErrorLocation | undefined;

  /**
   * `message` is the bare text; with a `location` the wire message gets Salesforce's caret excerpt
   * (`\n<row>\n   ^\nERROR at Row:R:Column:C\n<text>`), and `message` holds that full wire text too.
   */
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
    readonly status: number = ERROR_CATALOGUE[errorCode].status,
    readonly fields?: readonly string[],
    location?: ErrorLocation,
  ) {
    super(location ? caretMessage(location.source, location.offset, message) : message);
    this.name = 'SalesforceError';
    this.text = message;
    this.location = location;
  }

  /** The message as Salesforce writes it: the caret excerpt (when located) followed by the text. */
  wireMessage(): string {
    return this.message;
  }

  /** The same error under another code (e.g. a SOQL error inside SOSL becomes MALFORMED_SEARCH), location kept. */
  withCode(code: ErrorCode): SalesforceError {
    return new SalesforceError(code, this.text, this.status, this.fields, this.location);
  }

  /** The wire body: `[{"message","errorCode"(,"fields")}]`; NOT_FOUND puts errorCode first, as Salesforce does. */
  toWire(): Array<Record<string, unknown>> {
    if (this.errorCode === 'NOT_FOUND') return [{ errorCode: this.errorCode, message: this.wireMessage() }];
    const body: Record<string, unknown> = { message: this.wireMessage(), errorCode: this.errorCode };
    if (this.fields) body.fields = [...this.fields];
    return [body];
  }
}

/** Options of one factory call. */
export interface ErrorOptions {
  readonly at?: ErrorLocation;
  readonly fields?: readonly string[];
  /** Overrides the catalogue's status (rare: e.g. a code answered with another status by one resource). */
  readonly status?: number;
}

export type ErrorFactory = { readonly [C in ErrorCode]: (message: string, opts?: ErrorOptions) => SalesforceError };

/**
 * One constructor per code, the status taken from the catalogue:
 * `sfError.MALFORMED_QUERY("unexpected token: 'x'", { at: { source, offset } })`.
 */
export const sfError: ErrorFactory = Object.fromEntries(
  ERROR_CODES.map((code) => [
    code,
    (message: string, opts: ErrorOptions = {}) =>
      new SalesforceError(code, message, opts.status ?? ERROR_CATALOGUE[code].status, opts.fields, opts.at),
  ]),
) as unknown as ErrorFactory;
