// TCU — transfer count understanding (manager). Ground truth: CRMArena's transfer pipeline
// (qualified agents as in HTU; transfers counted by OldValue__c; zero-transfer agents absent).
import type { Rng } from '../../generator/index.js';
import { numberWord, phraseWindow, resolveWindow, ymd } from '../time.js';
import type { Draft } from '../types.js';
import { transferCounts } from './agents.js';
import {
  caseRange, DOMAIN_DETAILS, drawLoop, drawWindow, fill, NO_ANSWER, noneQuota, todayLine, uniqueArg,
  type Family, type FamilyContext,
} from './common.js';
import { bareWhen, THRESHOLD_WEIGHTS, THRESHOLDS } from './handle_time.js';

export const TRANSFER_POLICY = [
  '# Transfer count policy',
  "- An agent managed a case for each CaseHistory__c record with Field__c = 'Owner Assignment' and NewValue__c = the agent's Id whose CreatedDate lies in the period (start and end inclusive). Only agents with strictly more than the given number of such records are considered.",
  "- A transfer is an 'Owner Assignment' record in the period whose OldValue__c (the previous owner) is not empty. It counts for the agent in OldValue__c: a transfer from agent A to agent B counts for A.",
  '- Only agents with at least one transfer in the period are ranked, so the fewest transfers means the fewest among agents who transferred at least one case.',
  '- If no considered agent transferred a case, the answer is None.',
].join('\n');

export const TEMPLATES = [
  'Which agent transferred the {fewMost} cases {when}, among agents who managed more than {n} cases? Return only the Id of the agent.',
  '{when}, identify the agent who managed more than {n} cases and had the {lowHigh} transfer count. Return only the Id of the agent.',
  'Find the agent with the {lowHigh} number of case transfers {when}, considering agents who handled more than {nWord} cases. Return only the Id of the agent.',
  'Among the agents who handled more than {n} cases {when}, who transferred the {fewMost} cases to other agents? Return only the Id of the agent.',
  'I would like to know which agent had the {lowHigh} transfer count {when}; only agents who managed more than {nWord} cases count. Return only the Id of the agent.',
  'Looking at {when2}, which agent with more than {n} managed cases passed on the {fewMost} cases? Return only the Id of the agent.',
  '{when}, who handed over the {fewMost} cases out of the agents that managed more than {n} cases? Return only the Id of the agent.',
  'Determine the agent with the {lowHigh} transfer count {when} among agents who managed more than {nWord} cases. Return only the Id of the agent.',
];

export const transferCount: Family = {
  task: 'transfer_count',
  draw(ctx: FamilyContext): Draft[] {
    const range = caseRange(ctx.store);
    return drawLoop(ctx.rng, ctx.count, noneQuota(ctx.count, 'transfer_count'), (_wantNone: boolean, rng: Rng) => {
      const { spec, today } = drawWindow(rng, range, {
        relUnits: [{ unit: 'month', min: 2, max: 12 }, { unit: 'quarter', min: 1, max: 4 }, { unit: 'week', min: 4, max: 12 }, { unit: 'day', min: 30, max: 90 }],
      });
      const w = resolveWindow(spec, today);
      // One distribution for window and threshold whatever the answer (None arises from the data).
      const n = rng.weighted(THRESHOLDS, THRESHOLD_WEIGHTS);
      const dir = rng.chance(0.5) ? 'min' : 'max';
      const best = uniqueArg(transferCounts(ctx.store, w, n), dir);
      if (best === 'tie') return undefined;
      const when = phraseWindow(spec, (xs) => rng.pick(xs));
      const query = fill(rng.pick(TEMPLATES), {
        when, when2: bareWhen(when), n, nWord: numberWord(n),
        fewMost: dir === 'min' ? 'fewest' : 'most',
        lowHigh: dir === 'min' ? 'lowest' : 'highest',
      });
      return {
        query,
        metadata: { required: `${TRANSFER_POLICY}\n\n${todayLine(today)}`, optional: DOMAIN_DETAILS },
        answer: [best ?? NO_ANSWER],
        params: { start: w.start.toISOString(), end: w.end.toISOString(), today: ymd(today), n, extrema: dir },
      };
    });
  },
};
