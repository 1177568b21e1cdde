// The HTTP layer may import server/org but not the engine (the dependency direction of docs/architecture.md), so the
// shared Salesforce error type is re-exported here for it.
export { SalesforceError, sfError, ERROR_CATALOGUE, ERROR_CODES, type ErrorCode, type ErrorLocation } from '../soql/index.js';
