// Default prompt of the `react` strategy: a thought, then one action per turn.
import type { StrategyPrompt } from './types.js';
import { ANSWER_RULES, CONTEXT, DOMAIN } from './shared.js';

export const REACT: StrategyPrompt = {
  system: `{persona} You work inside a {system} and can read its data with SOQL and SOSL.

{schema}

Work step by step. In every turn, first write one or two sentences of reasoning, then exactly one action:
- <execute>A SOQL query, or a SOSL search starting with FIND</execute> to read data; the result comes back in the next message.
- <respond>your final answer</respond> when you know the answer; this ends the task.
Never put more than one action in a turn and never invent query results.

${ANSWER_RULES}`,
  context: CONTEXT,
  domain: DOMAIN,
  correction:
    'Your last message had no valid action. Write a short thought, then either <execute>SOQL or SOSL</execute> or <respond>final answer</respond>.',
  observationPrefix: 'Query result: ',
};
