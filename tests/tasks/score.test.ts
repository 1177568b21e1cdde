// The scorer over a table of tricky answers (tasks.md "Scoring").
import { describe, expect, it } from 'vitest';
import { to18 } from '../../schema/index.js';
import { evaluate, itemsFromCrmArenaResults, itemsFromTasks, parseAnswersJsonl, toMarkdown } from '../../tasks/report.js';
import { exactMatch, extractStates, idStem, normalizeAnswer, scoreAnswer, tokenF1 } from '../../tasks/score.js';

const ID15 = '005Ws000001AbCd';
const ID18 = to18(ID15);
const OTHER18 = to18('005Ws000001AbCe');

describe('exact match: Ids', () => {
  const cases: [string, string[], string, number][] = [
    ['bare 18', [ID18], ID18, 1],
    ['bare 15', [ID18], ID15, 1],
    ['prose around', [ID18], `The agent with the shortest handle time is ${ID18}.`, 1],
    ['quoted', [ID18], `"${ID18}"`, 1],
    ['markdown', [ID18], `**Answer:** \`${ID15}\``, 1],
    ['lower-cased 18 repaired by its suffix', [ID18], ID18.toLowerCase(), 1],
    ['lower-cased 15 is another Id', [ID18], ID15.toLowerCase(), 0],
    ['wrong Id', [ID18], OTHER18, 0],
    ['two Ids for one gold', [ID18], `${ID18}, ${OTHER18}`, 0],
    ['same Id twice', [ID18], `${ID18} (${ID15})`, 1],
    ['list gold', [ID18, OTHER18], `${OTHER18}, ${ID18}`, 1],
    ['empty', [ID18], '', 0],
    ['None for an Id', [ID18], 'None', 0],
    ['15-letter word is not an Id', ['None'], 'troubleshooting: None', 1],
  ];
  for (const [name, gold, answer, reward] of cases) it(name, () => expect(exactMatch(gold, answer, 'id').reward).toBe(reward));
});

describe('exact match: Ids of the expected object', () => {
  const CASE = to18('500Ws000002XyZa');
  it('a case Id next to the agent Id is ignored for an agent answer', () => {
    expect(scoreAnswer('handle_time', 'exact_match', [ID18], `Case ${CASE} was closed fastest by agent ${ID18}.`).reward).toBe(1);
  });
  it('only a case Id is no agent answer', () => {
    expect(scoreAnswer('handle_time', 'exact_match', [ID18], `Case ${CASE}`).reward).toBe(0);
  });
  it('None gold with an unrelated Id mentioned', () => {
    expect(scoreAnswer('policy_violation_identification', 'exact_match', ['None'], `For case ${CASE}: None`).reward).toBe(1);
    expect(scoreAnswer('policy_violation_identification', 'exact_match', ['None'], `ka0000000000003AAA`).reward).toBe(0);
  });
});

describe('exact match: None', () => {
  const yes = ['None', 'none', 'None.', '"None"', 'No record found.', 'No records were found for this period.', 'The answer is None', 'NONE'];
  for (const a of yes) it(`"${a}" matches None`, () => expect(exactMatch(['None'], a, 'id').reward).toBe(1));
  it('null gold is None', () => expect(exactMatch([null], 'None', 'id').reward).toBe(1));
  it('an Id does not match None', () => expect(exactMatch(['None'], `None of them except ${ID18}`, 'id').reward).toBe(0));
  it('empty answer does not match None', () => expect(exactMatch(['None'], '', 'id').reward).toBe(0));
  it('unrelated prose does not match None', () => expect(exactMatch(['None'], 'I could not decide.', 'id').reward).toBe(0));
});

describe('exact match: months', () => {
  const cases: [string, string, number][] = [
    ['December', 'December', 1],
    ['December', 'december', 1],
    ['December', 'The month is December.', 1],
    ['December', 'December and March', 0],
    ['May', 'May', 1],
    ['May', 'may', 1],
    ['December', 'It may be December', 1],
    ['March', 'MARCH', 1],
    ['March', 'April', 0],
    ['December', 'Dec', 1],
    ['September', 'Sept.', 1],
    ['December', '**December** (14 cases)', 1],
    ['March', 'the march of time', 1],
  ];
  for (const [gold, a, r] of cases) it(`${gold} vs "${a}"`, () => expect(scoreAnswer('monthly_trend_analysis', 'exact_match', [gold], a).reward).toBe(r));
});

describe('exact match: states', () => {
  const cases: [string, string, number][] = [
    ['CA', 'CA', 1],
    ['CA', 'ca', 1],
    ['CA', 'California', 1],
    ['CA', 'The state is CA.', 1],
    ['WV', 'West Virginia', 1],
    ['VA', 'West Virginia', 0],
    ['NY', 'new york', 1],
    ['OR', 'OR', 1],
    ['OR', 'Oregon or Washington', 0],
    ['TX', 'TX (Texas)', 1],
    ['CA', 'CA or TX', 0],
  ];
  for (const [gold, a, r] of cases) it(`${gold} vs "${a}"`, () => expect(scoreAnswer('best_region_identification', 'exact_match', [gold], a).reward).toBe(r));
  it('state names map to codes', () => expect(extractStates('I think North Carolina')).toEqual(['NC']));
});

describe('fuzzy match (SQuAD F1)', () => {
  it('normalises', () => expect(normalizeAnswer("The 90_days’ window, a test!")).toBe('90 days window test'));
  it('exact', () => expect(tokenF1('90 days.', '90 days')).toBe(1));
  it('partial', () => expect(tokenF1('within 90 days', '90 days')).toBeCloseTo(0.8));
  it('none', () => expect(tokenF1('thirty', '90 days')).toBe(0));
  it('KQA scoring uses F1', () => expect(scoreAnswer('knowledge_qa', 'fuzzy_match', ['90 days'], 'is 90 days').reward).toBeCloseTo(0.8));
});

describe('ids', () => {
  it('stems', () => {
    expect(idStem(ID18)).toBe(ID15);
    expect(idStem(ID18.toUpperCase())).toBe(ID15);
  });
});

describe('report', () => {
  const tasks = [
    { id: 'a', task: 'handle_time', persona: 'manager', reward_metric: 'exact_match', answer: [ID18] },
    { id: 'b', task: 'handle_time', persona: 'manager', reward_metric: 'exact_match', answer: ['None'] },
    { id: 'c', task: 'knowledge_qa', persona: 'service_agent', reward_metric: 'fuzzy_match', answer: ['90 days'] },
    { idx: 3, task: 'best_region_identification', reward_metric: 'exact_match', answer: ['CA'] },
  ];
  const answers = parseAnswersJsonl(`{"id":"a","answer":"${ID15}"}\n{"id":"b","answer":"x"}\n{"id":"c","answer":"90 days"}\n{"idx":3,"answer":"California"}\n`);
  const report = evaluate(itemsFromTasks(tasks, answers));
  it('aggregates per family with equal weights', () => {
    expect(report.families.handle_time).toMatchObject({ score: 0.5, n: 2 });
    expect(report.overall).toBeCloseTo((0.5 + 1 + 1) / 3);
    expect(report.failures.map((f) => f.id)).toEqual(['b']);
    expect(report.personas.manager!.score).toBe(0.5);
  });
  it('renders the Table 2 header', () => {
    expect(toMarkdown(report)).toContain('| Agent | NCR | HTU | TCU | NED | PVI | KQA | TII | MTA | BRI | ALL |');
  });
  it('re-scores CRMArena result files', () => {
    const r = evaluate(
      itemsFromCrmArenaResults([
        { task_id: 1, task_type: 'handle_time', gt_answer: null, reward: 0, agent_info: { content: 'None' }, traj: [] },
        { task_id: 2, task_type: 'monthly_trend_analysis', gt_answer: ['March'], reward: 0, agent_info: { content: 'march' }, traj: [] },
      ]),
    );
    expect(r.overall).toBe(1);
  });
  it('a missing answer scores 0', () => {
    const r = evaluate(itemsFromTasks(tasks, new Map()));
    expect(r.overall).toBe(0);
  });
});
