export * from './types.js';
export * from './objects.js';
export * from './ids.js';
export * from './registry.js';
export * from './describe.js';
