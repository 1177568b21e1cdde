// Placeholder until its inputs land (see docs/tasks.md).
import type { Family } from './common.js';

export const knowledgeQa: Family = {
  task: 'knowledge_qa',
  draw() {
    throw new Error('knowledge_qa: not available yet');
  },
};
