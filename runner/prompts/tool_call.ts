// Default prompt of the `tool_call` strategy (the `crmarena` tool set: task-level functions).
import type { StrategyPrompt } from './types.js';
import { ANSWER_RULES, CONTEXT, DOMAIN } from './shared.js';

export const TOOL_CALL: StrategyPrompt = {
  system: `{persona} You work inside a {system} through the functions you are given.

{schema}

Call functions to gather what you need; each call's result comes back to you. When you know the answer,
call the function that submits it (respond) with the answer as its content. Do not answer in plain text.

${ANSWER_RULES}`,
  context: CONTEXT,
  domain: DOMAIN,
  correction: 'Use one of the functions you were given; submit the final answer with the respond function.',
  observationPrefix: '',
};
