// The agent runner's public surface (cli/commands/run.ts and eval use it): see docs/agents.md.
export { createProgress } from './progress.js';
export { DEFAULT_PROMPTS, parsePromptFile } from './prompts/index.js';
export { parseShard, run, type RawTask } from './run.js';
export { extractWithLlm } from './extractor.js';
export { mergeRuns } from './merge.js';
export { RunWriter } from './outputs.js';
export type { PriceTable } from './llm.js';
