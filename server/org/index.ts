// Public surface of the org services (use cases over the engine and the store): what server/http,
// the wave-2 front doors and the CLI import. Import from here, not from the files behind it.
export * from './auth.js';
export * from './composite.js';
export * from './cursors.js';
export type * from './deps.js';
export * from './describe.js';
export * from './errors.js';
export * from './explain.js';
export * from './identity.js';
export * from './limits.js';
export * from './query.js';
export * from './records.js';
export * from './search.js';
export * from './subrequests.js';
