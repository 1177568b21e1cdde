// Scoring fixes found by running CRMArena's harness against Localforce: where its result files keep
// the submitted answer, failures that must not pass as "None", unknown ids, None paraphrases, and
// `tasks generate --answer-shape`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { to18 } from '../../schema/index.js';
import { evaluate, itemsFromAnswerSet, itemsFromCrmArenaResults, parseAnswerSet } from '../../tasks/report.js';
import { extractAnswer, scoreAnswer } from '../../tasks/score.js';
import { startFakeLlm } from '../helpers/fake-llm.js';
import { testOrgPath } from '../helpers/org.js';

const exec = promisify(execFile);
const CLI = join(process.cwd(), 'dist/cli/index.js');
const USER = to18('005Ws000001AbCd');
const OTHER = to18('005Ws000001AbCe');

describe('None paraphrases and items in sentences', () => {
  const none: string[] = [
    'None',
    '"None".',
    'I couldn\'t find any records matching your criteria.',
    'I could not find a matching purchase in that period.',
    'There are no cases for that quarter.',
    'No agents meet the criteria.',
    'No matching records were found.',
    'The record does not exist.',
    'I was unable to identify such a product.',
    'No policy was violated in this case.',
  ];
  it.each(none)('%s → None', (text) => expect(extractAnswer(text, 'id', new Set(['005']))).toEqual(['None']));

  it('an Id wins over a None phrase, and only the family\'s object prefix counts', () => {
    expect(extractAnswer(`No other agent qualifies; the answer is ${USER}.`, 'id', new Set(['005']))).toEqual([USER.slice(0, 15)]);
    expect(scoreAnswer('handle_time', 'exact_match', [USER], `Case 500Ws000001XyZa went to agent ${USER}.`).reward).toBe(1);
  });
  it('prose with neither an item nor a None phrase extracts nothing (scores 0 even on a None gold)', () => {
    expect(extractAnswer('The agent is Jane Doe.', 'id', new Set(['005']))).toEqual([]);
    expect(scoreAnswer('handle_time', 'exact_match', [null], 'The agent is Jane Doe.').reward).toBe(0);
  });
  it('months and states in prose', () => {
    expect(scoreAnswer('monthly_trend_analysis', 'exact_match', ['December'], 'Cases peaked in december.').reward).toBe(1);
    expect(scoreAnswer('best_region_identification', 'exact_match', ['NY'], 'The fastest region is New York.').reward).toBe(1);
    expect(scoreAnswer('best_region_identification', 'exact_match', ['WV'], 'West Virginia (WV)').reward).toBe(1);
    expect(scoreAnswer('best_region_identification', 'exact_match', ['VA'], 'West Virginia').reward).toBe(0);
  });
});

// Records shaped as CRMArena's run_tasks.py writes them, with the reward its ChatEnv gave.
const RESULTS = [
  // submitted through <respond>: the answer is agent_info.end_reason.content
  { task_id: 0, task_type: 'handle_time', gt_answer: [USER], reward: 1, agent_info: { end_reason: { source: 'agent', message: 'Submit action', content: USER, parsed_answer: [USER] } }, traj: [] },
  { task_id: 1, task_type: 'handle_time', gt_answer: [null], reward: 1, agent_info: { end_reason: { source: 'agent', message: 'Submit action', content: 'None' } }, traj: [] },
  { task_id: 2, task_type: 'transfer_count', gt_answer: [USER], reward: 0, agent_info: { end_reason: { source: 'agent', message: 'Submit action', content: OTHER } }, traj: [] },
  { task_id: 3, task_type: 'monthly_trend_analysis', gt_answer: ['March'], reward: 1, agent_info: { end_reason: { source: 'agent', message: 'Submit action', content: 'The month is March.' } }, traj: [] },
  // ended without a submission: max turns, or the last step was a failed query
  { task_id: 4, task_type: 'handle_time', gt_answer: [null], reward: 0, agent_info: { end_reason: { source: 'agent', message: 'Max turns reached', content: 'None' } }, traj: [] },
  { task_id: 5, task_type: 'top_issue_identification', gt_answer: [null], reward: 0, agent_info: { end_reason: { source: 'agent', message: 'SOQL/SOSL query error', content: 'MALFORMED_QUERY: unexpected token' } }, traj: [] },
  // an exception in the harness
  { task_id: 6, task_type: 'handle_time', gt_answer: [null], reward: 0, agent_info: { source: 'api', content: 'Error: Connection reset' }, traj: [] },
  { task_id: 7, task_type: 'knowledge_qa', gt_answer: ['Refunds are issued within 30 days.'], reward: 1, agent_info: { end_reason: { source: 'agent', message: 'Submit action', content: 'Refunds are issued within 30 days.' } }, traj: [] },
];

describe('CRMArena result files (eval --results)', () => {
  it('reads agent_info.end_reason.content and agrees with the rewards CRMArena recorded', () => {
    const items = itemsFromCrmArenaResults(RESULTS);
    expect(items.map((i) => i.answer ?? null)).toEqual([USER, 'None', OTHER, 'The month is March.', null, null, null, 'Refunds are issued within 30 days.']);
    const r = evaluate(items);
    expect(r.errors).toBe(3);
    expect(r.recorded).toEqual({ score: 4 / 8, disagreements: 0 });
  });
  it('through the built CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-results-'));
    const path = join(dir, 'results_gpt_react_all.json');
    writeFileSync(path, JSON.stringify(RESULTS));
    const { stdout, stderr } = await exec(process.execPath, [CLI, 'eval', '--results', path, '--out', join(dir, 'r.json')]);
    expect(stdout).toMatch(/8 instances, 4 failed \(3 recorded as errors\)/);
    expect(stdout).toMatch(/own rewards average 50\.0%; 0 items score differently/);
    expect(stderr).toMatch(/3 answers are recorded failures/);
  });
});

describe('answers.jsonl with failures and unknown ids', () => {
  const tasks = [
    { id: 'a', task: 'handle_time', answer: [null] },
    { id: 'b', task: 'handle_time', answer: [USER] },
    { id: 'c', task: 'handle_time', answer: [null] },
  ];
  it('an error line is a failure, not "None"; unknown and missing ids are reported', () => {
    const set = parseAnswerSet(`{"id":"a","answer":null,"error":"max_turns"}\n{"id":"b","answer":"${USER}"}\n{"id":"zz","answer":"None"}\n`);
    const { items, unknown } = itemsFromAnswerSet(tasks, set);
    const r = evaluate(items);
    expect(r.families.handle_time!.score).toBeCloseTo(1 / 3);
    expect(r.errors).toBe(1);
    expect(r.missing).toEqual(['c']);
    expect(unknown).toEqual(['zz']);
  });
  it('eval prints the counts (built CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-answers-'));
    writeFileSync(join(dir, 't.json'), JSON.stringify(tasks));
    writeFileSync(join(dir, 'a.jsonl'), `{"id":"a","answer":null,"error":"llm_error"}\n{"id":"zz","answer":"None"}\n`);
    const { stderr } = await exec(process.execPath, [CLI, 'eval', '--tasks', join(dir, 't.json'), '--answers', join(dir, 'a.jsonl')]);
    expect(stderr).toMatch(/1 answers are recorded failures/);
    expect(stderr).toMatch(/2 instances have no answer \(scored 0\): b, c/);
    expect(stderr).toMatch(/1 answers name ids not in the tasks file \(not scored\): zz/);
  });
});

describe('tasks generate --format crmarena --answer-shape', () => {
  it('list (default) keeps [id] / [null]; string gives id / null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-shape-'));
    const base = [CLI, 'tasks', 'generate', '--db', testOrgPath(), '--per-task', '3', '--tasks', 'handle_time,monthly_trend_analysis', '--format', 'crmarena'];
    await exec(process.execPath, [...base, '--out', join(dir, 'list.json')]);
    await exec(process.execPath, [...base, '--answer-shape', 'string', '--out', join(dir, 'string.json')]);
    const list = JSON.parse(readFileSync(join(dir, 'list.json'), 'utf8')) as { answer: unknown }[];
    const str = JSON.parse(readFileSync(join(dir, 'string.json'), 'utf8')) as { answer: unknown }[];
    expect(list).toHaveLength(6);
    list.forEach((r, i) => {
      expect(Array.isArray(r.answer)).toBe(true);
      const a = r.answer as (string | null)[];
      expect(str[i]!.answer).toBe(a[0] === null ? null : a.join(', '));
    });
    await expect(exec(process.execPath, [...base, '--answer-shape', 'dict', '--out', join(dir, 'x.json')])).rejects.toMatchObject({ stderr: expect.stringMatching(/'dict' is invalid. Allowed choices are list, string/) });
  });
});

describe('solve', () => {
  it('exits non-zero when its calls fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-solve-'));
    writeFileSync(join(dir, 't.json'), JSON.stringify([{ id: 'x', task: 'monthly_trend_analysis', query: 'Which month in 2022 had the most cases?', metadata: { required: "Today's date: 2023-01-01" } }]));
    const err = await exec(process.execPath, [CLI, 'solve', '--url', 'http://127.0.0.1:9', '--token', 't', '--tasks', join(dir, 't.json'), '--out', join(dir, 'a.jsonl')]).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/1 errors/);
  });
});

describe('eval --extractor-url (an LLM extractor, CRMArena style)', () => {
  it('sends only answers that are not the exact gold, and scores what the extractor lists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-extractor-'));
    const tasks = [
      { id: 'a', task: 'handle_time', answer: [null] },
      { id: 'b', task: 'handle_time', answer: [USER] },
      { id: 'c', task: 'monthly_trend_analysis', answer: ['March'] },
      { id: 'd', task: 'handle_time', answer: [USER] },
    ];
    writeFileSync(join(dir, 't.json'), JSON.stringify(tasks));
    writeFileSync(
      join(dir, 'a.jsonl'),
      [{ id: 'a', answer: 'The agent is Jane Doe.' }, { id: 'b', answer: USER }, { id: 'c', answer: 'Most cases came in march.' }, { id: 'd', answer: `Either ${USER} or ${OTHER}` }].map((x) => JSON.stringify(x)).join('\n'),
    );
    const llm = await startFakeLlm([]);
    try {
      const args = [CLI, 'eval', '--tasks', join(dir, 't.json'), '--answers', join(dir, 'a.jsonl'), '--out', join(dir, 'r.json')];
      await exec(process.execPath, args);
      const plain = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { failures: { id: string }[] };
      expect(plain.failures.map((f) => f.id).sort()).toEqual(['a', 'd']);
      await exec(process.execPath, [...args, '--extractor-url', llm.url, '--extractor-model', 'extractor']);
      const withLlm = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { failures: { id: string; extracted: string[] }[] };
      // CRMArena's extractor calls a non-answer "None": it scores on a None gold
      expect(withLlm.failures.map((f) => f.id)).toEqual(['d']);
      expect(withLlm.failures[0]!.extracted).toEqual([USER.slice(0, 15), OTHER.slice(0, 15)].sort());
      expect(llm.requests.get('extractor')).toBe(3); // b equals its gold exactly: not sent
    } finally {
      await llm.close();
    }
  });
});
