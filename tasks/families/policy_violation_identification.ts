// PVI — policy violation identification (service agent): given a case Id, did the agent breach a
// policy in the case's chat or emails, and which knowledge article? Ground truth is the generator's
// latent violation (generator/truth.ts recoverTruth); compliant threads give None.
import type { Rng } from '../../generator/index.js';
import { recoverTruth } from '../../generator/index.js';
import type { Draft } from '../types.js';
import { DOMAIN_DETAILS, drawLoop, fill, NO_ANSWER, noneQuota, type Family, type FamilyContext } from './common.js';

export const PVI_CONTEXT = [
  '# Policy compliance',
  "- The policies are the policy knowledge articles (Knowledge__kav). An agent breaches a policy when, in the case's live chat transcript or email messages, the agent grants something the article does not allow for this case: for example after the article's time limit in days since the purchase date, or above its amount limit.",
  "- Days since purchase = the date of the case's CreatedDate minus the EffectiveDate of the order of the case's order item (OrderItemId__c).",
  '- Refusing a request, or granting it within the limits, is not a breach. If there is no breach, the answer is None.',
].join('\n');

export const TEMPLATES = [
  'Did the agent breach the policy in this situation? If yes, which knowledge article was breached? Return only the Id of the knowledge article or None if no violation is found.',
  'Review the chat and emails of this case: did the agent violate any company policy? Return only the Id of the violated knowledge article, or None if no violation is found.',
  'Check whether the agent handling this case followed our policies. Return only the Id of the knowledge article that was broken, or None if the agent followed every policy.',
  'Was any policy violated by the agent while resolving this case? Return only the Id of the knowledge article that was breached, or None if no violation is found.',
  'I am auditing this case. Did the agent go against a policy? Return only the knowledge article Id of the breached policy, or None if there was no breach.',
  'Determine whether the agent on this case breached a policy article, and if so which one. Return only the Id of the knowledge article or None if no violation is found.',
  'Looking at how the agent resolved this case, was a policy breached? Return only the Id of the breached knowledge article, or None if the agent complied.',
  'Please verify the agent complied with company policy on this case. Return only the Id of the knowledge article that was violated, or None if no violation is found.',
];

export const policyViolationIdentification: Family = {
  task: 'policy_violation_identification',
  draw(ctx: FamilyContext): Draft[] {
    const truth = recoverTruth(ctx.store);
    const violating = [...truth.violations.keys()].sort();
    const compliant = [...truth.compliantThreadCaseIds].sort();
    if (violating.length === 0 || compliant.length === 0) throw new Error('the org has no violating or no compliant case threads');
    return drawLoop(ctx.rng, ctx.count, noneQuota(ctx.count, 'policy_violation_identification'), (wantNone: boolean, rng: Rng) => {
      const caseId = rng.pick(wantNone ? compliant : violating);
      const article = truth.violations.get(caseId);
      return {
        query: fill(rng.pick(TEMPLATES), {}),
        metadata: { required: `${PVI_CONTEXT}\n\n- Case Id to be considered is: ${caseId}`, optional: DOMAIN_DETAILS },
        answer: [article ?? NO_ANSWER],
        params: { caseId, articleId: article ?? null },
      };
    });
  },
};
