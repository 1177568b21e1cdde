// A scripted OpenAI-compatible Chat Completions server on a loopback port (real HTTP), for runner
// tests and the runner bench. The request's `model` picks the policy:
//   expert          really solves the task: replays the reference solver over the observations in the
//                   conversation and asks, through <execute> (react/act) or a query tool (tool_call_flex),
//                   for the next statement the solver needs; then answers. With a tool set that has no
//                   query tool (tool_call's `crmarena`), it follows per-family plans over CRMArena's task
//                   functions instead (expert-tools.ts)
//   garbage         prose with no action                   → malformed_output
//   unknown-tool    calls a tool that does not exist        → max_turns
//   bad-args        invalid statements / argument JSON      → max_turns
//   loop            the same valid query forever            → max_turns
//   429 | 500       that status on every request           → llm_error (after retries)
//   timeout         never answers                           → llm_error (client timeout)
//   drop            headers, half a body, then a reset      → llm_error
//   context         400 context_length_exceeded            → context_length
//   flaky           429, 500 and a drop before each expert reply → answered (retries work)
//   mixed           per task (a hash of its query): the expert; the expert submitting None instead of its
//                   answer; prose with no action on every turn; or (react/act) the answer inside a sentence
//   probe           tool strategies: calls get_issues, then submits the first Issue Id it was shown
//   extractor       an answer extractor (eval --extractor-url): lists the Ids / months / states in the
//                   user message as fenced {"extracted_answers": [...]}, ["None"] when there are none
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Solver, type SolverTask } from '../../tasks/solver/solve.js';
import type { SfRecord, SolverApi } from '../../tasks/solver/client.js';
import { extractMonths, extractStates } from '../../tasks/score.js';
import { NeedCalls, solveWithTools, ToolReplay } from './expert-tools.js';

export type Policy = 'expert' | 'mixed' | 'probe' | 'extractor' | 'garbage' | 'unknown-tool' | 'bad-args' | 'loop' | '429' | '500' | 'timeout' | 'drop' | 'context' | 'flaky';

export interface FakeTask {
  readonly id?: unknown;
  readonly idx?: unknown;
  readonly task?: unknown;
  readonly query: string;
  readonly metadata?: { readonly required?: string; readonly optional?: string };
}

interface Msg {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

interface Tool {
  type: string;
  function: { name: string; parameters?: { properties?: Record<string, unknown> } };
}

interface ChatRequest {
  model: string;
  messages: Msg[];
  tools?: Tool[];
}

export interface FakeLlm {
  readonly url: string;
  /** Requests served, by policy. */
  readonly requests: Map<string, number>;
  /** Serves a model name with a policy (e.g. an outage that ends): route('gpt-x', '500'), later route('gpt-x', 'expert'). */
  route(model: string, policy: Policy): void;
  /** Adds latency to every reply (ms), e.g. to interrupt a run mid-way. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

class NeedStatement extends Error {
  constructor(
    readonly statement: string,
    readonly sosl: boolean,
  ) {
    super(statement);
  }
}

/** Answers the solver's queries from the conversation's observations, in order; the next one is asked for. */
class ReplayApi implements SolverApi {
  private i = 0;
  constructor(private readonly observations: readonly string[]) {}
  private next(statement: string, sosl: boolean): SfRecord[] {
    const obs = this.observations[this.i++];
    if (obs === undefined) throw new NeedStatement(statement, sosl);
    return parseRows(obs);
  }
  async query(soql: string): Promise<SfRecord[]> {
    return this.next(soql, false);
  }
  async search(sosl: string): Promise<SfRecord[]> {
    return this.next(sosl, true);
  }
}

/** The rows inside an observation: "Query result: [...]" (JSON) or a tool's Python `str()` of a list of dicts. */
export function parseRows(obs: string): SfRecord[] {
  const start = obs.search(/[[{]/);
  if (start < 0) throw new Error(`observation without rows: ${obs.slice(0, 200)}`);
  const text = obs.slice(start);
  let v: unknown;
  try {
    v = JSON.parse(text) as unknown;
  } catch {
    v = parsePython(text);
  }
  if (Array.isArray(v)) return v as SfRecord[];
  const o = v as { records?: SfRecord[]; searchRecords?: SfRecord[] };
  if (Array.isArray(o.records)) return o.records;
  if (Array.isArray(o.searchRecords)) return o.searchRecords;
  throw new Error(`observation is not a row list: ${obs.slice(0, 200)}`);
}

/** A Python literal as `str()` prints it: lists, tuples, dicts (incl. OrderedDict / defaultdict), str, numbers, None/True/False. */
export function parsePython(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`python literal: ${what} at ${i}: ${text.slice(i, i + 40)}`);
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '[' || c === '(') {
      const close = c === '[' ? ']' : ')';
      i++;
      const out: unknown[] = [];
      ws();
      while (text[i] !== close) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        ws();
        if (i >= text.length) fail('unterminated list');
      }
      i++;
      return out;
    }
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      while (text[i] !== '}') {
        const k = value();
        ws();
        if (text[i] !== ':') fail('expected :');
        i++;
        out[String(k)] = value();
        ws();
        if (text[i] === ',') i++;
        ws();
        if (i >= text.length) fail('unterminated dict');
      }
      i++;
      return out;
    }
    if (c === "'" || c === '"') {
      i++;
      let out = '';
      while (text[i] !== c) {
        if (i >= text.length) fail('unterminated string');
        if (text[i] === '\\') {
          const e = text[i + 1]!;
          i += 2;
          if (e === 'n') out += '\n';
          else if (e === 't') out += '\t';
          else if (e === 'r') out += '\r';
          else if (e === 'x') {
            out += String.fromCharCode(parseInt(text.slice(i, i + 2), 16));
            i += 2;
          } else if (e === 'u') {
            out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
            i += 4;
          } else out += e;
        } else out += text[i++];
      }
      i++;
      return out;
    }
    const word = /^(OrderedDict|defaultdict)\(/.exec(text.slice(i));
    if (word) {
      i += word[0].length;
      if (word[1] === 'defaultdict') {
        i = text.indexOf(',', i) + 1; // skip "<class 'int'>,"
        const d = value();
        ws();
        i++; // ')'
        return d;
      }
      const pairs = value() as [unknown, unknown][];
      ws();
      i++;
      return Object.fromEntries(pairs.map(([k, v]) => [String(k), v]));
    }
    const lit = /^(None|True|False|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!lit) return fail('unexpected token');
    i += lit[0].length;
    return lit[1] === 'None' ? null : lit[1] === 'True' ? true : lit[1] === 'False' ? false : Number(lit[1]);
  };
  const v = value();
  return v;
}

function usage(req: ChatRequest, completion: string) {
  const prompt = req.messages.reduce((n, m) => n + (m.content?.length ?? 0), 0);
  return { prompt_tokens: Math.ceil(prompt / 4), completion_tokens: Math.ceil(completion.length / 4) + 1, total_tokens: 0 };
}

function reply(res: ServerResponse, req: ChatRequest, content: string | null, toolCalls?: Msg['tool_calls']): void {
  const body = {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: req.model,
    choices: [{ index: 0, finish_reason: toolCalls ? 'tool_calls' : 'stop', message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) } }],
    usage: usage(req, content ?? JSON.stringify(toolCalls ?? [])),
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The query tools of a tool set, by how their one string parameter is named. */
function queryTool(tools: readonly Tool[], sosl: boolean): { name: string; param: string } | undefined {
  const want = sosl ? /sosl|search_query|^search$/i : /soql|^query$/i;
  for (const t of tools) {
    const n = t.function.name;
    if (!(sosl ? /sosl/i.test(n) : /soql/i.test(n))) continue;
    const props = Object.keys(t.function.parameters?.properties ?? {});
    const param = props.find((p) => want.test(p)) ?? props[0];
    if (param) return { name: n, param };
  }
  return undefined;
}

function submitTool(tools: readonly Tool[]): string {
  return tools.find((t) => ['respond', 'submit_answer', 'submit'].includes(t.function.name))?.function.name ?? 'respond';
}

/** The Id tokens of a text as written (extractIds' rule, without reducing them to stems). */
function idsAsWritten(text: string): string[] {
  return [...text.matchAll(/(?<![A-Za-z0-9])([A-Za-z0-9]{18}|[A-Za-z0-9]{15})(?![A-Za-z0-9])/g)].map((m) => m[1]!).filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t));
}

export async function startFakeLlm(tasks: readonly FakeTask[]): Promise<FakeLlm> {
  // Several instances share a query text (the case or contact is in the context): the context in the
  // system message tells them apart.
  const byQuery = new Map<string, FakeTask[]>();
  for (const t of tasks) byQuery.set(t.query.trim(), [...(byQuery.get(t.query.trim()) ?? []), t]);
  const findTask = (messages: readonly Msg[]): FakeTask | undefined => {
    const user = messages.find((m) => m.role === 'user');
    const candidates = byQuery.get((user?.content ?? '').trim()) ?? [];
    const system = messages.filter((m) => m.role === 'system').map((m) => m.content ?? '').join('\n');
    return candidates.find((t) => system.includes((t.metadata?.required ?? '').trim())) ?? candidates[0];
  };
  const requests = new Map<string, number>();
  const flaky = new Map<string, number>();
  const sockets = new Set<Socket>();
  let callId = 0;

  /** `mixed`: which of four behaviours a task gets (FNV-1a of its query). */
  const variantOf = (task: FakeTask) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < task.query.length; i++) h = Math.imul(h ^ task.query.charCodeAt(i), 0x01000193) >>> 0;
    return h % 4;
  };

  const expert = async (req: ChatRequest, res: ServerResponse, mixed = false) => {
    const user = req.messages.find((m) => m.role === 'user');
    const task = findTask(req.messages);
    if (!task) return reply(res, req, '<respond>None</respond>');
    const toolMode = Array.isArray(req.tools) && req.tools.length > 0;
    const variant = mixed ? variantOf(task) : 0;
    if (variant === 2) return reply(res, req, 'Let me think about how these records relate to each other.');
    const spin = (answer: string) => (variant === 1 ? 'None' : variant === 3 && !toolMode ? `After checking the records, the answer is ${answer}.` : answer);
    const first = req.messages.indexOf(user!);
    const observations = toolMode
      ? req.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '')
      : req.messages.slice(first + 1).filter((m) => m.role === 'user').map((m) => m.content ?? '');
    // The `crmarena` set (tool_call) has CRMArena's task functions and no query tool: per-family plans.
    if (toolMode && !queryTool(req.tools!, false)) return expertWithTools(req, res, task, observations, spin);
    const solver = new Solver(new ReplayApi(observations));
    let answer: string;
    try {
      answer = await solver.solve({ ...(task as SolverTask), task: String(task.task) });
    } catch (err) {
      if (!(err instanceof NeedStatement)) return reply(res, req, `<respond>None</respond>`);
      if (!toolMode) return reply(res, req, `I need more data, so I will run a ${err.sosl ? 'search' : 'query'}.\n<execute>${err.statement}</execute>`);
      const tool = queryTool(req.tools!, err.sosl);
      if (!tool) return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: submitTool(req.tools!), arguments: JSON.stringify({ content: 'None' }) } }]);
      return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: tool.name, arguments: JSON.stringify({ [tool.param]: err.statement }) } }]);
    }
    answer = spin(answer);
    if (!toolMode) return reply(res, req, `I have what I need.\n<respond>${answer}</respond>`);
    return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: submitTool(req.tools!), arguments: JSON.stringify({ content: answer }) } }]);
  };

  const expertWithTools = async (req: ChatRequest, res: ServerResponse, task: FakeTask, observations: string[], spin: (a: string) => string) => {
    const call = (name: string, args: unknown) => ({ id: `call_${++callId}`, type: 'function', function: { name, arguments: JSON.stringify(args) } });
    let answer: string;
    try {
      answer = await solveWithTools(new ToolReplay(observations, parsePython), { ...task, task: String(task.task) });
    } catch (err) {
      if (!(err instanceof NeedCalls)) throw err;
      return reply(res, req, null, err.calls.map((c) => call(c.name, c.args)));
    }
    return reply(res, req, null, [call(submitTool(req.tools!), { content: spin(answer) })]);
  };

  const routes = new Map<string, Policy>();
  let delayMs = 0;
  const handle = async (req: ChatRequest, res: ServerResponse) => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const policy = routes.get(req.model) ?? (req.model as Policy);
    requests.set(policy, (requests.get(policy) ?? 0) + 1);
    const toolMode = Array.isArray(req.tools) && req.tools.length > 0;
    switch (policy) {
      case 'expert':
        return expert(req, res);
      case 'mixed':
        return expert(req, res, true);
      case 'probe': {
        const seen = req.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '').join('\n');
        if (!seen) return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: 'get_issues', arguments: '{}' } }]);
        const id = /\ba1M[A-Za-z0-9]{15}\b/.exec(seen)?.[0] ?? 'None';
        return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: submitTool(req.tools ?? []), arguments: JSON.stringify({ content: id }) } }]);
      }
      case 'extractor': {
        const system = req.messages.find((m) => m.role === 'system')?.content ?? '';
        const text = req.messages.find((m) => m.role === 'user')?.content ?? '';
        // Ours asks for "record Ids", CRMArena's Evaluator for "IDs (like Case IDs, …)", "Months", "States".
        // Ids are listed as written (not as the scorer's 15-character stems), as a model would copy them.
        const items = /\bIds\b/i.test(system) ? idsAsWritten(text) : /month/i.test(system) ? extractMonths(text) : extractStates(text);
        const json = JSON.stringify({ extracted_answers: items.length ? items : ['None'] });
        // CRMArena's prompt asks for output "directly parsable using json.loads()" (its fallback parser
        // needs `re`, which env.py does not import); to our prompt, a fenced block, which ours must read.
        return reply(res, req, /json\.loads/.test(system) ? json : `\`\`\`json\n${json}\n\`\`\``);
      }
      case 'garbage':
        return reply(res, req, 'Sure! Let me think about the customers and their orders in general terms.');
      case 'unknown-tool':
        if (toolMode) return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: 'frobnicate_records', arguments: '{}' } }]);
        return reply(res, req, '<call_tool>frobnicate_records</call_tool>');
      case 'bad-args':
        if (toolMode) return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: { name: req.tools![0]!.function.name, arguments: '{"query": SELECT' } }]);
        return reply(res, req, '<execute>SELEC Id FRM Case WHERE</execute>');
      case 'loop': {
        const q = 'SELECT Id FROM Issue__c LIMIT 1';
        if (toolMode) {
          const tool = queryTool(req.tools!, false);
          const call = tool ? { name: tool.name, arguments: JSON.stringify({ [tool.param]: q }) } : { name: 'get_issues', arguments: '{}' };
          return reply(res, req, null, [{ id: `call_${++callId}`, type: 'function', function: call }]);
        }
        return reply(res, req, `Let me check again.\n<execute>${q}</execute>`);
      }
      case '429':
        return status(res, 429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } });
      case '500':
        return status(res, 500, { error: { message: 'The server had an error', type: 'server_error' } });
      case 'timeout':
        return; // never answered; the client's timeout fires (the socket is closed at shutdown)
      case 'drop':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
        res.write('{"id":"chatcmpl-fake","choices":[{"index":0,"message":{"role":"assist');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      case 'context':
        return status(res, 400, { error: { message: "This model's maximum context length is 128000 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } });
      case 'flaky': {
        const key = `${req.messages.find((m) => m.role === 'user')?.content ?? ''}#${req.messages.length}`;
        const n = flaky.get(key) ?? 0;
        flaky.set(key, n + 1);
        if (n === 0) return status(res, 429, { error: { message: 'slow down' } });
        if (n === 1) return status(res, 503, { error: { message: 'overloaded' } });
        if (n === 2) {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"id":');
          setTimeout(() => res.socket?.destroy(), 5);
          return;
        }
        return expert(req, res);
      }
      default:
        return status(res, 404, { error: { message: `The model '${String(req.model)}' does not exist`, code: 'model_not_found' } });
    }
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url ?? '')) return status(res, 404, { error: { message: 'not found' } });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: ChatRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      } catch {
        return status(res, 400, { error: { message: 'invalid JSON body' } });
      }
      handle(body, res).catch((err: unknown) => status(res, 500, { error: { message: String(err) } }));
    });
  });
  server.keepAliveTimeout = 120_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    requests,
    route: (model, policy) => void routes.set(model, policy),
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
