// How the reference solver reads task parameters back from the text.
import { describe, expect, it } from 'vitest';
import { PRODUCT_FAMILIES } from '../../fixtures/catalogue.js';
import { extremaOf, idWithPrefix, ms, thresholdOf, todayOf, windowOf } from '../../tasks/solver/parse.js';
import { nounOf } from '../../tasks/solver/lookup.js';
import { detectActions, keyTerms } from '../../tasks/solver/knowledge.js';
import { CONVERSATION } from '../../fixtures/conversations.js';

describe('solver parsing', () => {
  const t = {
    query: 'Among the agents who handled more than two cases over the last 3 months, who had the shortest average time to close a case? Return only the Id of the agent.',
    metadata: { required: "# Policy\n\nToday's date: 2023-04-15" },
  };
  it('reads window, threshold and extrema', () => {
    expect(todayOf(t).toISOString()).toBe('2023-04-15T00:00:00.000Z');
    expect(windowOf(t).start.toISOString()).toBe('2023-01-15T00:00:00.000Z');
    expect(thresholdOf(t)).toBe(2);
    expect(extremaOf(t)).toBe('min');
    expect(extremaOf({ query: 'who transferred the most cases among agents with more than 1 case' })).toBe('max');
    expect(thresholdOf({ query: 'more than 0 cases' })).toBe(0);
  });
  it('reads Ids from query and context', () => {
    expect(idWithPrefix({ query: 'x', metadata: { required: '- Contact Id interacting: 00300000000002CAAQ' } }, '003')).toBe('00300000000002CAAQ');
    expect(idWithPrefix({ query: 'The associated product Id is 01t00000000007JAAQ.' }, '01t')).toBe('01t00000000007JAAQ');
  });
  it('parses API datetimes', () => {
    expect(ms('2020-12-22T11:00:00.000+0000')).toBe(Date.UTC(2020, 11, 22, 11));
  });
  it('maps every catalogue paraphrase to its own family noun', () => {
    for (const f of PRODUCT_FAMILIES) for (const p of f.paraphrases) expect(nounOf(`Can you show me the ${p} I bought 3 days ago?`), p).toBe(f.noun);
  });
  it('detects every agent action phrase and its amount', () => {
    for (const [action, bank] of Object.entries(CONVERSATION.agentActions)) {
      for (const tpl of bank) {
        const line = tpl.replace(/\{amount\}/g, '123.45').replace(/\{days\}/g, '40').replace(/\{customer\}/g, 'Ann').replace(/\{product\}/g, 'Summit Hiking Boot').replace(/\{\w+\}/g, 'Summit Outfitters');
        const found = detectActions(`[2022-01-01T10:00:00] Bo Li (Agent): ${line}`);
        expect(found.map((a) => a.action), line).toContain(action);
        if (tpl.includes('{amount}')) expect(found.find((a) => a.action === action)!.amount, line).toBe(123.45);
      }
    }
  });
  it('refusals are not actions', () => {
    for (const bank of Object.values(CONVERSATION.agentRefusals)) {
      for (const tpl of bank) {
        const line = tpl.replace(/\{amount\}/g, '123.45').replace(/\{days\}/g, '40').replace(/\{\w+\}/g, 'Ann');
        expect(detectActions(line), line).toEqual([]);
      }
    }
  });
  it('keeps content words for knowledge search', () => {
    expect(keyTerms('How long can my account be inactive before my points expire?')).toEqual(['account', 'inactive', 'before', 'points', 'expire']);
  });
});

describe('case routing: issue classification of unseen cases', () => {
  it('recognises the issue of ≥ 98% of template × product texts on the test org', async () => {
    const { Store } = await import('../../server/store/index.js');
    const { testOrgPath } = await import('../helpers/org.js');
    const { routingIndex, classifyIssue } = await import('../../tasks/solver/lookup.js');
    const { CASE_TEMPLATES } = await import('../../fixtures/case-templates.js');
    const { ISSUES } = await import('../../fixtures/issues.js');
    const { fill } = await import('../../generator/text.js');
    const store = Store.open(testOrgPath(), { readonly: true });
    const products = store.all('SELECT "Id" AS id, "Name" AS name FROM "Product2" ORDER BY "Id"') as { id: string; name: string }[];
    const cases = store.all('SELECT "Subject" AS subject, "Description" AS description, "IssueId__c" AS issue FROM "Case"') as { subject: string; description: string; issue: string }[];
    const issues = store.all('SELECT "Id" AS id, "Name" AS name, "Description__c" AS description FROM "Issue__c"') as { id: string; name: string; description: string }[];
    store.close();
    const index = routingIndex({ products, cases, issues });
    const idByKey = new Map(ISSUES.map((i) => [i.key, issues.find((r) => r.name === i.name)!.id]));
    let ok = 0;
    let n = 0;
    for (const t of CASE_TEMPLATES) {
      for (const p of products.filter((_, i) => i % 97 === 3)) {
        const vars = { product: p.name, days: 9, orderNumber: '00004321' };
        const { issue, productId } = classifyIssue(index, `${fill(t.subject, vars)} ${fill(t.description, vars)}`);
        n++;
        if (issue === idByKey.get(t.issueKey)) ok++;
        if (t.description.includes('{product}')) expect(productId).toBe(p.id);
      }
    }
    expect(ok / n).toBeGreaterThanOrEqual(0.98);
  });
});
