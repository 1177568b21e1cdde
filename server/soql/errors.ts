// The closed catalogue of Salesforce error codes this emulator emits, and the error type that carries
// one to the wire. Engine, org services and HTTP layer all throw SalesforceError; one middleware in
// server/http writes `[{"message","errorCode"}]` with `status`.

export const ERROR_CODES = [
  'MALFORMED_QUERY', // SOQL syntax error or a query Salesforce rejects at parse time
  'INVALID_FIELD', // unknown field / relationship, type mismatch, duplicate field, non-filterable field
  'INVALID_TYPE', // unknown sObject type (also unknown child relationship)
  'INVALID_QUERY_FILTER_OPERATOR', // bad id literal, operator not valid for the field type
  'INVALID_QUERY_LOCATOR', // unknown or expired queryMore locator
  'NUMBER_OUTSIDE_VALID_RANGE', // OFFSET > 2000 and similar range checks
  'MALFORMED_SEARCH', // SOSL syntax error
  'INVALID_SEARCH', // SOSL term too short and similar
  'NOT_EMULATED', // valid Salesforce syntax that Localforce does not emulate (listed in docs/compatibility.md)
  'INVALID_SESSION_ID', // missing or unknown token (401)
  'INVALID_AUTH_HEADER', // malformed Authorization header (401)
  'NOT_FOUND', // unknown resource, record or version (404)
  'METHOD_NOT_ALLOWED', // verb not supported on a resource (405)
  'UNSUPPORTED_MEDIA_TYPE', // body content type not JSON (415)
  'JSON_PARSER_ERROR', // malformed JSON body (400)
  'REQUEST_LIMIT_EXCEEDED', // daily API limit exhausted (403)
  'REQUIRED_FIELD_MISSING', // DML: required field absent
  'INVALID_FIELD_FOR_INSERT_UPDATE', // DML: read-only field written
  'MALFORMED_ID', // DML / URL: bad id value
  'FIELD_INTEGRITY_EXCEPTION', // DML: reference to a record of the wrong type
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', // DML: bad restricted picklist value
  'INVALID_TYPE_ON_FIELD_IN_RECORD', // DML: value of the wrong JSON type
  'STRING_TOO_LONG', // DML: text longer than the field length
  'DUPLICATE_VALUE', // DML: unique / external id collision
  'ENTITY_IS_DELETED', // DML on a soft-deleted record
  'ALL_OR_NONE_OPERATION_ROLLED_BACK', // composite allOrNone failure on the other records
  'PROCESSING_HALTED', // composite: a prior subrequest failed
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', // write to a non-writable object
  'INVALID_CROSS_REFERENCE_KEY', // DML: reference to a missing record
  'REQUEST_HEADER_FIELDS_TOO_LARGE', // URL / headers over the server limit (431)
  'REQUEST_ENTITY_TOO_LARGE', // body over the size limit (413)
  'INVALID_EMAIL_ADDRESS', // DML: malformed email value
  'EXCEEDED_ID_LIMIT', // sObject Collections: more than 200 records / ids
  'MISSING_ARGUMENT', // a required request parameter is absent (e.g. start/end of sobjects/T/updated)
  'INVALID_REPLICATION_DATE', // sobjects/T/updated|deleted: start/end not datetimes or end before start
  'QUERY_TOO_COMPLICATED', // the query exceeds an engine limit (SQLite expression depth, variables)
  'SERVER_UNAVAILABLE', // a server-wide capacity limit (the episode cap) is reached (503)
  'QUERY_TIMEOUT', // a query ran longer than the per-query time limit
  'UNKNOWN_EXCEPTION', // a bug in Localforce (500); logged
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class SalesforceError extends Error {
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
    readonly status: number = 400,
    readonly fields?: readonly string[],
  ) {
    super(message);
    this.name = 'SalesforceError';
  }

  /** The wire body: `[{"message","errorCode"(,"fields")}]`; NOT_FOUND puts errorCode first, as Salesforce does. */
  toWire(): Array<Record<string, unknown>> {
    if (this.errorCode === 'NOT_FOUND') return [{ errorCode: this.errorCode, message: this.message }];
    const body: Record<string, unknown> = { message: this.message, errorCode: this.errorCode };
    if (this.fields) body.fields = [...this.fields];
    return [body];
  }
}
