export * from './types.js';
export * from './field-types.js';
export * from './never.js';
export * from './objects.js';
export * from './ids.js';
export * from './registry.js';
export * from './describe.js';
