// Placeholder until its inputs land (see docs/tasks.md).
import type { Family } from './common.js';

export const policyViolationIdentification: Family = {
  task: 'policy_violation_identification',
  draw() {
    throw new Error('policy_violation_identification: not available yet');
  },
};
