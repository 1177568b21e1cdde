// Default prompt of the `act` strategy: actions only, no written reasoning.
import type { StrategyPrompt } from './types.js';
import { ANSWER_RULES, CONTEXT, DOMAIN } from './shared.js';

export const ACT: StrategyPrompt = {
  system: `{persona} You work inside a {system} and can read its data with SOQL and SOSL.

{schema}

Every turn, reply with exactly one action and nothing else:
- <execute>A SOQL query, or a SOSL search starting with FIND</execute> to read data; the result comes back in the next message.
- <respond>your final answer</respond> when you know the answer; this ends the task.

${ANSWER_RULES}`,
  context: CONTEXT,
  domain: DOMAIN,
  correction: 'Reply with exactly one action: <execute>SOQL or SOSL</execute> or <respond>final answer</respond>.',
  observationPrefix: 'Query result: ',
};
