// `npm run interop:crmarena-harness -- <CRMArena checkout or bare git dir>` — runs CRMArena's own agent
// harness (run_tasks.py, its ToolCallAgent / ToolEnv and functions.py, unmodified) against Localforce,
// with the scripted fake LLM (tests/helpers/fake-llm.ts, policy `expert`) as its model, so CRMArena
// writes its own result file and computes its own rewards; then `localforce eval --results` scores
// that file and the two scores are compared. CRMArena's code is read from a local copy into a temp
// dir and never vendored (CC BY-NC).
//
// Python packages CRMArena needs that are not installable here are replaced by small stand-ins on
// PYTHONPATH (nothing of CRMArena itself is changed):
//   simple_salesforce  a few lines of `requests` against Localforce's REST API (as tests/interop/crmarena-parity.mjs)
//   litellm            `completion` = one POST to the fake LLM's /chat/completions (OpenAI format)
//   tenacity           `retry` that does not retry; openai, together, pandas, tqdm: unused names
//   sacrebleu, rouge   BLEU / ROUGE return 0 (only EM and F1 of get_all_metrics are CRMArena's numbers)
//   crm_sandbox/data/assets.py  the tasks (`localforce tasks generate --format crmarena --answer-shape
//                      string`) and the schema instead of the Hugging Face download
//   time.sleep         a no-op (run_tasks.py sleeps 3 s per turn and 1 s per task)
// Needs python3 with requests, python-dateutil and python-dotenv. Exits 1 when the scores disagree.
// Env: HARNESS_PER_TASK (default 5), HARNESS_STRATEGY (comma-separated; default tool_call,tool_call_flex,react),
// HARNESS_POLICY (fake LLM policies, comma-separated; default expert,mixed: `mixed` also submits wrong
// answers, never answers, or wraps the answer in a sentence, so the scores compared are not all 1).
// react runs CRMArena's ChatAgent / ChatEnv, whose Evaluator asks an LLM (gpt-4o-2024-08-06) to extract
// the answer: the fake LLM's `extractor` policy serves that name. run_tasks.py runs `act` through
// ToolCallAgent (it fails there), so act is not driven.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { agentSchema } from '../../tasks/export.js';
import { startFakeLlm } from '../helpers/fake-llm.js';
import { startTestServer } from '../helpers/server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(root, 'dist/cli/index.js');
const src = process.env.CRMARENA_SRC ?? process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!src) {
  process.stderr.write('usage: npm run interop:crmarena-harness -- /path/to/CRMArena (a checkout or a bare git dir)\n');
  process.exit(2);
}
const perTask = Number(process.env.HARNESS_PER_TASK ?? 5);
const strategies = (process.env.HARNESS_STRATEGY ?? 'tool_call,tool_call_flex,react').split(',');
const policies = (process.env.HARNESS_POLICY ?? 'expert,mixed').split(',') as ('expert' | 'mixed')[];
/** A model name CRMArena's ToolCallAgent accepts with --llm_provider openai; the fake LLM serves it the expert. */
const MODEL = 'gpt-3.5-turbo-0125';
/** The model of CRMArena's Evaluator (react's answer extraction); the fake LLM serves it the extractor. */
const EXTRACTOR = 'gpt-4o-2024-08-06';

function readSource(path: string): string {
  if (existsSync(join(src!, path))) return readFileSync(join(src!, path), 'utf8');
  return execFileSync('git', [`--git-dir=${src}`, 'show', `HEAD:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

const CRMARENA_FILES = [
  'run_tasks.py',
  'crm_sandbox/agents/__init__.py',
  'crm_sandbox/agents/chat_agent.py',
  'crm_sandbox/agents/prompts.py',
  'crm_sandbox/agents/tool_call_agent.py',
  'crm_sandbox/agents/utils.py',
  'crm_sandbox/data/__init__.py',
  'crm_sandbox/env/__init__.py',
  'crm_sandbox/env/connect_sandbox.py',
  'crm_sandbox/env/env.py',
  'crm_sandbox/env/functions.py',
  'crm_sandbox/env/users.py',
];

const STUBS: Record<string, string> = {
  'sitecustomize.py': 'import time\ntime.sleep = lambda s: None\n',
  'simple_salesforce/__init__.py': readFileSync(join(here, 'simple_salesforce_standin.py'), 'utf8'),
  'litellm/__init__.py': String.raw`
import os, requests
set_verbose = False
class _Obj(dict):
    __getattr__ = dict.get
    def model_dump(self):
        return dict(self)
class _Response:
    def __init__(self, body):
        m = body['choices'][0]['message']
        msg = _Obj(role=m.get('role', 'assistant'), content=m.get('content'), tool_calls=m.get('tool_calls'), function_call=None)
        self.choices = [_Obj(message=msg, finish_reason=body['choices'][0].get('finish_reason'))]
        self.usage = body.get('usage') or {}
        self._hidden_params = {'response_cost': 0.0}
def completion(messages, model, tools=None, temperature=None, top_p=None, max_tokens=None, additional_drop_params=None, **kw):
    body = {'model': model, 'messages': messages}
    if tools: body['tools'] = tools
    r = requests.post(os.environ['FAKE_LLM_URL'] + '/chat/completions', json=body, timeout=120)
    r.raise_for_status()
    return _Response(r.json())
def completion_cost(*a, **kw):
    return 0.0
`,
  'tenacity/__init__.py': 'def retry(*a, **kw):\n    return lambda f: f\ndef stop_after_attempt(n): return None\ndef wait_random_exponential(**kw): return None\n',
  'openai/__init__.py': 'class OpenAI:\n    def __init__(self, *a, **kw): pass\n',
  'together/__init__.py': '',
  'pandas/__init__.py': 'DataFrame = object\n',
  'tqdm/__init__.py': 'def tqdm(x, *a, **kw): return x\n',
  'sacrebleu/__init__.py': '',
  'sacrebleu/metrics.py': 'class _S:\n    score = 0.0\nclass BLEU:\n    def sentence_score(self, hypothesis, references): return _S()\n',
  'rouge/__init__.py': "class Rouge:\n    def get_scores(self, hyps, refs):\n        z = {'f': 0.0, 'p': 0.0, 'r': 0.0}\n        return [{'rouge-1': z, 'rouge-2': z, 'rouge-l': z}]\n",
};

const ASSETS = String.raw`
import json, os
TASKS_ORIGINAL = json.load(open(os.environ['LF_TASKS']))
SCHEMA_ORIGINAL = json.load(open(os.environ['LF_SCHEMA']))
TASKS_B2B = TASKS_B2B_INTERACTIVE = TASKS_B2C = TASKS_B2C_INTERACTIVE = []
B2B_SCHEMA = B2C_SCHEMA = []
EXTERNAL_FACING_TASKS = []
`;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** CRMArena's own score of its result file: the mean of its rewards (F1 for knowledge_qa, whose reward is get_all_metrics). */
function crmarenaScore(results: { task_type: string; reward: unknown }[]): { overall: number; families: Record<string, number> } {
  const rewardOf = (r: unknown) => (typeof r === 'number' ? r : r && typeof r === 'object' ? Number((r as { f1?: unknown }).f1 ?? 0) : 0);
  const fam = new Map<string, number[]>();
  for (const r of results) fam.set(r.task_type, [...(fam.get(r.task_type) ?? []), rewardOf(r.reward)]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const families = Object.fromEntries([...fam].map(([k, xs]) => [k, mean(xs)]));
  return { overall: mean(results.map((r) => rewardOf(r.reward))), families };
}

const work = mkdtempSync(join(tmpdir(), 'lf-harness-'));
const repo = join(work, 'crmarena');
for (const f of CRMARENA_FILES) write(join(repo, f), readSource(f));
write(join(repo, 'crm_sandbox/data/assets.py'), ASSETS);
for (const [f, text] of Object.entries(STUBS)) write(join(work, 'stubs', f), text);

const db = join(work, 'org.db');
// CRMArena's tool_call scorer compares the answer with a string gold, its ReAct scorer with a list.
const tasksFile = (shape: 'string' | 'list') => join(work, `tasks-${shape}.json`);
execFileSync('node', [cli, 'generate', '--seed', '1', '--out', db], { stdio: 'ignore' });
for (const shape of ['string', 'list'] as const) {
  execFileSync('node', [cli, 'tasks', 'generate', '--db', db, '--out', tasksFile(shape), '--per-task', String(perTask), '--format', 'crmarena', '--answer-shape', shape], { stdio: 'ignore' });
}
const tasks = JSON.parse(readFileSync(tasksFile('list'), 'utf8')) as { idx: number; task: string; query: string; metadata: { required: string; optional: string } }[];
write(join(work, 'schema.json'), JSON.stringify(agentSchema()));

const server = await startTestServer({ db, copy: false });
const llm = await startFakeLlm(tasks);
llm.route(EXTRACTOR, 'extractor');
let disagreements = 0;
try {
  for (const [policy, strategy] of policies.flatMap((p) => strategies.map((s) => [p, s] as const))) {
    llm.route(MODEL, policy);
    const logDir = join(work, `results-${policy}-${strategy}`);
    const env = {
      ...process.env,
      PYTHONPATH: `${join(work, 'stubs')}:${repo}`,
      LF_URL: server.url,
      LF_TOKEN: server.token,
      LF_TASKS: tasksFile(strategy === 'react' ? 'list' : 'string'),
      LF_SCHEMA: join(work, 'schema.json'),
      FAKE_LLM_URL: llm.url,
      SALESFORCE_USERNAME: 'localforce',
      SALESFORCE_PASSWORD: 'localforce',
      SALESFORCE_SECURITY_TOKEN: 'localforce',
    };
    const args = ['run_tasks.py', '--model', MODEL, '--agent_strategy', strategy, '--llm_provider', 'openai', '--org_type', 'original', '--agent_eval_mode', 'aided', '--task_category', 'all', '--log_dir', logDir];
    const t0 = performance.now();
    try {
      await promisify(execFile)('python3', args, { cwd: repo, env, maxBuffer: 1 << 30 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      process.stderr.write(`CRMArena's run_tasks.py failed (${strategy}):\n${(err.stderr ?? err.message).slice(-4000)}\n`);
      process.exit(1);
    }
    const secs = (performance.now() - t0) / 1000;
    const file = join(logDir, `results_${MODEL}_${strategy}_all.json`);
    const results = JSON.parse(readFileSync(file, 'utf8')) as { task_type: string; reward: unknown }[];
    const theirs = crmarenaScore(results);
    const reportPath = join(work, `report-${policy}-${strategy}.json`);
    execFileSync('node', [cli, 'eval', '--results', file, '--out', reportPath], { stdio: 'ignore' });
    const ours = JSON.parse(readFileSync(reportPath, 'utf8')) as { overall: number; families: Record<string, { score: number }> };
    process.stdout.write(`\n${strategy}, fake LLM policy ${policy}: ${results.length} tasks through CRMArena's run_tasks.py in ${secs.toFixed(1)} s → ${file}\n`);
    process.stdout.write(`  family                              CRMArena   eval --results\n`);
    for (const [fam, score] of Object.entries(theirs.families)) {
      const mine = ours.families[fam]?.score;
      const same = mine !== undefined && Math.abs(mine - score) < 1e-9;
      if (!same) disagreements++;
      process.stdout.write(`  ${fam.padEnd(34)}  ${score.toFixed(4)}     ${mine === undefined ? '—' : mine.toFixed(4)}${same ? '' : '   DIFFERENT'}\n`);
    }
    const same = Math.abs(ours.overall - theirs.overall) < 1e-9;
    if (!same) disagreements++;
    process.stdout.write(`  ${'overall'.padEnd(34)}  ${theirs.overall.toFixed(4)}     ${ours.overall.toFixed(4)}${same ? '' : '   DIFFERENT'}\n`);
  }
} finally {
  await llm.close();
  await server.close();
}
process.stdout.write(`\n${disagreements === 0 ? 'eval --results agrees with CRMArena’s own score' : `${disagreements} score(s) differ`} (work dir ${work})\n`);
process.exit(disagreements === 0 ? 0 : 1);
