export { createMcpServer, SCHEMA_URI, taskPrompt, taskUri, type McpSessionOptions, type McpTask } from './server.js';
export { mcpHttpHandler, type EpisodeSource, type McpHttpHandler, type McpHttpOptions } from './http.js';
