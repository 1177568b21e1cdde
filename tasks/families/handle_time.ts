// HTU — handle time understanding (manager). Ground truth: CRMArena's get_agent_by_handle_time
// pipeline (tasks.md "Ground-truth semantics"), as SQL in ./agents.ts.
import type { Rng } from '../../generator/index.js';
import { numberWord, phraseWindow, resolveWindow, ymd } from '../time.js';
import type { Draft } from '../types.js';
import { averageHandleTimes } from './agents.js';
import {
  caseRange, DOMAIN_DETAILS, drawLoop, drawWindow, fill, NO_ANSWER, noneQuota, todayLine, uniqueArg,
  type Family, type FamilyContext,
} from './common.js';

export const HANDLE_TIME_POLICY = [
  '# Handle time policy',
  "- The handle time of a case is its ClosedDate minus its CreatedDate; an agent's handle time is the average over the cases counted below.",
  "- An agent managed a case for each CaseHistory__c record with Field__c = 'Owner Assignment' and NewValue__c = the agent's Id whose CreatedDate lies in the period (start and end inclusive). Only agents with strictly more than the given number of such records are considered.",
  "- A case is transferred when it has more than one 'Owner Assignment' record in the period; transferred cases are left out.",
  "- Counted cases: Status = 'Closed', CreatedDate in the period (start inclusive, end exclusive), OwnerId one of the considered agents, not transferred.",
  '- If no agent is considered or no case is left, the answer is None.',
].join('\n');

export const TEMPLATES = [
  'Which agent had the {ext} average handle time {when}, among agents who managed more than {n} cases? Return only the Id of the agent.',
  '{when}, identify the agent who managed more than {n} cases and had the {ext} handle time. Return only the Id of the agent.',
  'Find the agent with the {ext} handle time who handled more than {nWord} cases {when}. Return only the Id of the agent.',
  'Among the agents who handled more than {n} cases {when}, who had the {ext} average time to close a case? Return only the Id of the agent.',
  'I need the agent with the {ext} average handle time {when}; only consider agents who managed more than {nWord} cases. Return only the Id of the agent.',
  '{when}, which agent managing more than {n} cases took the {ext} time on average to close their cases? Return only the Id of the agent.',
  'Looking at {when2}, which agent that managed more than {n} cases shows the {ext} handle time? Return only the Id of the agent.',
  'Identify the agent with the {ext} handle time {when}, considering only agents who managed more than {nWord} cases. Return only the Id of the agent.',
  'Who had the {ext} average case handle time {when} out of the agents with more than {n} managed cases? Return only the Id of the agent.',
];

/** "More than N" thresholds and their weights (HTU and TCU). */
export const THRESHOLDS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
export const THRESHOLD_WEIGHTS = [3, 4, 3.5, 3, 2, 1.5, 1, 0.7, 0.5] as const;

const EXT = { min: ['shortest', 'lowest', 'quickest'], max: ['longest', 'highest', 'slowest'] } as const;

/** "in the past 3 months" → "the past 3 months" (after "Looking at"). */
export function bareWhen(when: string): string {
  return when.replace(/^(in|during|over) /, '');
}

export const handleTime: Family = {
  task: 'handle_time',
  draw(ctx: FamilyContext): Draft[] {
    const range = caseRange(ctx.store);
    return drawLoop(ctx.rng, ctx.count, noneQuota(ctx.count, 'handle_time'), (_wantNone: boolean, rng: Rng) => {
      // Window and threshold come from one distribution whatever the answer: None arises from the
      // data (no agent above the threshold in that window), never from a conspicuous parameter.
      const { spec, today } = drawWindow(rng, range);
      const w = resolveWindow(spec, today);
      const n = rng.weighted(THRESHOLDS, THRESHOLD_WEIGHTS);
      const dir = rng.chance(0.5) ? 'min' : 'max';
      const best = uniqueArg(averageHandleTimes(ctx.store, w, n), dir, 0.5);
      if (best === 'tie') return undefined;
      const when = phraseWindow(spec, (xs) => rng.pick(xs));
      const query = fill(rng.pick(TEMPLATES), { when, when2: bareWhen(when), n, nWord: numberWord(n), ext: rng.pick(EXT[dir]) });
      return {
        query,
        metadata: { required: `${HANDLE_TIME_POLICY}\n\n${todayLine(today)}`, optional: DOMAIN_DETAILS },
        answer: [best ?? NO_ANSWER],
        params: { start: w.start.toISOString(), end: w.end.toISOString(), today: ymd(today), n, extrema: dir },
      };
    });
  },
};
