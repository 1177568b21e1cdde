// The record API's errors with Salesforce's exact texts (shared by the service and value coercion).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
import type { FieldDef, ObjectDef } from '../../schema/index.js';
import { SalesforceError } from '../soql/index.js';

export const notFound = () => new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);
export const noSuchExternalIdField = (x: string) =>
  new SalesforceError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${x}`, 404);
export const entityIsDeleted = (fields: readonly string[] = []) => new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', 404, fields);
export const noSuchColumn = (o: ObjectDef, name: string) =>
  new SalesforceError('INVALID_FIELD', `No such column '${name}' on sobject of type ${o.name}`, 400);
export const noSuchColumnQuery = (o: ObjectDef, name: string) =>
  new SalesforceError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${o.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    400,
  );
export const insufficientAccess = () =>
  new SalesforceError('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'insufficient access rights on cross-reference id', 403);

/** Salesforce labels reference fields `Account ID`, not `Account Id`. */
export function errLabel(f: FieldDef): string {
  return f.label.replace(/ Id$/, ' ID');
}

export const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
export const wrongType = (f: FieldDef, v: unknown) =>
  new SalesforceError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${errLabel(f)}: value not of required type: ${show(v)}`, 400, [f.name]);
