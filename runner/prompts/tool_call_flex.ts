// Default prompt of the `tool_call_flex` strategy (the `crmarena-full` set: the task functions plus
// free SOQL and SOSL).
import type { StrategyPrompt } from './types.js';
import { ANSWER_RULES, CONTEXT, DOMAIN } from './shared.js';

export const TOOL_CALL_FLEX: StrategyPrompt = {
  system: `{persona} You work inside a {system} through the functions you are given, including functions that run
any SOQL query or SOSL search.

{schema}

Call functions to gather what you need; each call's result comes back to you. When you know the answer,
call the function that submits it (respond) with the answer as its content. Do not answer in plain text.

${ANSWER_RULES}`,
  context: CONTEXT,
  domain: DOMAIN,
  correction: 'Use one of the functions you were given; submit the final answer with the respond function.',
  observationPrefix: '',
};
