// The HTTP layer may import server/org but not the engine (style.md dependency direction), so the
// shared Salesforce error type is re-exported here for it.
export { SalesforceError, ERROR_CODES, type ErrorCode } from '../soql/errors.js';
