// The agent tool registry: CRMArena's sets and the generic set, over one episode's org.
export { CRMARENA_FULL_TOOLS, CRMARENA_TOOLS } from './crmarena.js';
export { GENERIC_TOOLS } from './generic.js';
export { PyDict, PyFloat, PyTuple, pyRepr, pyStr, toJson, fromJson, type PyValue } from './python.js';
export { callTool, DEFAULT_TOOL_SET, findTool, inputJsonSchema, isToolSet, openAiTools, toolsOf, TOOLSETS, unknownToolResult } from './registry.js';
export { toolsRouter, type EpisodeResolver } from './router.js';
export { TOOL_SETS, type OpenAiTool, type ToolDef, type ToolResult, type ToolSetName } from './types.js';
