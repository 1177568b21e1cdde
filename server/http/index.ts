// Public surface of the HTTP layer: servers, TLS and what server/app.ts assembles the app from.
export * from './servers.js';
export * from './tls.js';
export * from './versions.js';
