// CRMArena's function-calling tools (crm_sandbox/env/functions.py, TOOLS and TOOLS_FULL), re-implemented
// from their behaviour over one episode's org. Each tool issues the same SOQL/SOSL text the Python
// function builds (Python tuple reprs in IN lists included), reads the result through the connector's
// rules (connector.ts) and computes the same Python value, quirks kept on purpose because they change
// answers (docs/tools.md lists them):
//   - get_cases and get_period windows end exclusive; the CaseHistory__c tools and get_issue_counts
//     include the end instant;
//   - ties are never broken: max/min helpers return every tied key, in first-seen order;
//   - "no result" is [] for lists, {} or None as the function returns it, and an error *string*
//     ("Error: …", or "<errorCode>: <message>" from a rejected query) instead of an exception;
//   - arguments bind like a Python call: unknown or missing keyword arguments give TypeError texts.
import { z } from 'zod';
import type { EpisodeApi } from '../sessions/index.js';
import { runQuery } from './connector.js';
import {
  daysIn, fromJson, hashable, isPyInt, isPyNumber, ISO_Z, MONTH_NAMES, numberOf, PyDict, PyException, PyFloat, pyRepr, pyStr,
  PyTuple, pyTypeName, secondsBetween, SF_DATETIME, strptime, toJson, truthy, type PyKey, type PyValue,
} from './python.js';
import type { JsonSchema, ToolDef, ToolResult } from './types.js';

type Args = ReadonlyMap<string, PyValue>;
type Body = (a: Args, episode: EpisodeApi) => Promise<PyValue> | PyValue;

interface PyToolSpec {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodObject;
  /** Python defaults of optional parameters (None unless given). */
  readonly defaults?: Readonly<Record<string, PyValue>>;
  /** The function body runs inside `try: … except Exception as e: return f"Error: An unexpected error occurred - {e}"`. */
  readonly guarded: boolean;
  readonly patchSchema?: (s: JsonSchema) => JsonSchema;
  readonly body: Body;
}

// ── Python call binding ──────────────────────────────────────────────────────────────────────

function missingText(fn: string, names: string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  const list = quoted.length === 1 ? quoted[0]! : quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
  return `${fn}() missing ${names.length} required positional argument${names.length === 1 ? '' : 's'}: ${list}`;
}

// Errors raised at the call site name the function with its module, as CPython's _PyObject_FunctionStr does.
const MODULE = 'crm_sandbox.env.functions';

/** `fn(**arguments, sf_connector=…)` as ToolEnv calls it: the bound arguments, or the TypeError text. */
export function bindPython(fn: string, input: z.ZodObject, defaults: Readonly<Record<string, PyValue>>, args: unknown): Args | string {
  const raw = args === undefined ? {} : args;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return `${MODULE}.${fn}() argument after ** must be a mapping, not ${pyTypeName(fromJson(raw))}`;
  }
  const given = raw as Record<string, unknown>;
  if ('sf_connector' in given) return `${MODULE}.${fn}() got multiple values for keyword argument 'sf_connector'`;
  const shape = input.shape as Record<string, z.ZodType>;
  for (const k of Object.keys(given)) if (!(k in shape)) return `${fn}() got an unexpected keyword argument '${k}'`;
  const missing = Object.keys(shape).filter((k) => !(k in given) && !shape[k]!.safeParse(undefined).success);
  if (missing.length > 0) return missingText(fn, missing);
  const bound = new Map<string, PyValue>();
  for (const k of Object.keys(shape)) bound.set(k, k in given ? fromJson(given[k]) : (defaults[k] ?? null));
  return bound;
}

const looksLikeError = (v: PyValue): boolean => typeof v === 'string' && (v.startsWith('Error') || /^[A-Z][A-Z_]+: /.test(v));

function result(v: PyValue): ToolResult {
  return { value: toJson(v), observation: pyStr(v), ...(looksLikeError(v) ? { isError: true } : {}) };
}

function errorText(e: unknown): string {
  if (e instanceof PyException) return e.text;
  throw e;
}

function pyTool(spec: PyToolSpec): ToolDef {
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    ...(spec.patchSchema ? { patchSchema: spec.patchSchema } : {}),
    async call(episode, args) {
      const bound = bindPython(spec.name, spec.input, spec.defaults ?? {}, args);
      if (typeof bound === 'string') return { value: `Error: ${bound}`, observation: `Error: ${bound}`, isError: true };
      try {
        return result(await spec.body(bound, episode));
      } catch (e) {
        const text = errorText(e);
        // Unguarded functions raise into ToolEnv.step, which shows f"Error: {e}".
        return result(spec.guarded ? `Error: An unexpected error occurred - ${text}` : `Error: ${text}`);
      }
    },
  };
}

// ── helpers shared by the functions ──────────────────────────────────────────────────────────

const arg = (a: Args, k: string): PyValue => a.get(k) ?? null;

/** `isinstance(v, str)` etc. */
const isStr = (v: PyValue): v is string => typeof v === 'string';
const isList = (v: PyValue): v is PyValue[] => Array.isArray(v);
const isDict = (v: PyValue): v is PyDict => v instanceof PyDict;

/** `datetime.strptime(v, fmt)` returning false on ValueError (the functions catch exactly that). */
function parses(v: PyValue, fmt: typeof ISO_Z | typeof SF_DATETIME): boolean {
  try {
    strptime(v, fmt);
    return true;
  } catch (e) {
    if (e instanceof PyException && e.pyType === 'ValueError') return false;
    throw e;
  }
}

/** Python's f-string `{x}` of a list element. */
const fstr = (v: PyValue): string => pyStr(v);

/** `f"Field = '{ids[0]}'"` for one id, `f"Field IN {tuple(ids)}"` for several. */
function idFilter(field: string, ids: PyValue[]): string {
  return ids.length === 1 ? `${field} = '${fstr(ids[0]!)}'` : `${field} IN ${pyRepr(new PyTuple(ids))}`;
}

/** Counts by key in first-seen order (`defaultdict(int)` / `dict.get(k, 0) + 1`). */
function countBy(keys: Iterable<PyKey>, kind: 'dict' | 'defaultdict'): PyDict {
  const d = new PyDict([], kind);
  for (const k of keys) d.set(k, numberOf(d.get(k, 0)) + 1);
  return d;
}

function extremeKeys(d: PyDict, pick: (a: number, b: number) => number): PyKey[] {
  const values = [...d.map.values()].map(numberOf);
  const best = values.reduce((x, y) => pick(x, y));
  return [...d.map.entries()].filter(([, v]) => numberOf(v) === best).map(([k]) => k);
}

function mean(xs: number[]): PyFloat {
  let sum = 0;
  for (const x of xs) sum += x;
  return new PyFloat(sum / xs.length);
}

type Wall = { y: number; m: number; d: number; hh: number; mi: number; ss: number };

/** `end - relativedelta(days|weeks|months=n)` on a naive datetime (months clamp the day to the month's length). */
function minusPeriod(t: Wall, period: string, n: number): Wall {
  if (period === 'day' || period === 'week') {
    const [y, m, d] = civilFromDays(daysFromCivil(t.y, t.m, t.d) - (period === 'week' ? 7 : 1) * n);
    return checkYear({ ...t, y, m, d });
  }
  const total = t.y * 12 + (t.m - 1) - (period === 'quarter' ? 3 : 1) * n;
  const y = Math.floor(total / 12);
  const m = (total - y * 12) + 1;
  if (y < 1) throw new PyException('ValueError', `year ${y} is out of range`);
  return { ...t, y, m, d: Math.min(t.d, daysIn(y, m)) };
}

function checkYear(t: Wall): Wall {
  // datetime - timedelta below year 1 raises OverflowError("date value out of range").
  if (t.y < 1) throw new PyException('OverflowError', 'date value out of range');
  return t;
}

// Proleptic Gregorian day numbers (H. Hinnant's algorithms), valid far beyond years 1..9999.
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe;
}

function civilFromDays(z: number): [number, number, number] {
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const isoZ = (t: Wall): string =>
  `${pad(t.y, 4)}-${pad(t.m)}-${pad(t.d)}T${pad(t.hh)}:${pad(t.mi)}:${pad(t.ss)}Z`;

/** The naive wall-clock fields of an ISO_Z text that strptime accepted. */
function wallFields(s: string): Wall {
  const [y, m, d, hh, mi, ss] = s.match(/\d+/g)!.map(Number) as [number, number, number, number, number, number];
  return { y, m, d, hh, mi, ss };
}

/**
 * The query text as the Python function's triple-quoted f-string lays it out (a line break, 12-space
 * indented lines, 8 trailing spaces): Salesforce's error excerpts quote the offending line and its
 * Row:Column, so the layout shows in what the model sees.
 */
const soql = (...lines: string[]): string => `\n${lines.map((l) => `            ${l}`).join('\n')}\n        `;

const rowsOrError = async (episode: EpisodeApi, q: string): Promise<PyDict[] | string> => {
  const r = await runQuery(episode, q);
  return r.ok ? r.rows : r.error;
};

// ── zod pieces (descriptions in our own words) ───────────────────────────────────────────────

const DATE = (what: string) => z.string().describe(`${what}, as YYYY-MM-DDTHH:MM:SSZ (e.g. 2023-01-01T00:00:00Z).`);
const ids = (what: string) => z.array(z.string()).describe(what);
const caseList = (fields: Record<string, string>, what: string) =>
  z.array(z.object(Object.fromEntries(Object.entries(fields).map(([k, d]) => [k, z.string().describe(d)])))).describe(what);
const counts = (what: string) => z.record(z.string(), z.number()).describe(what);

// ── the 25 TOOLS ─────────────────────────────────────────────────────────────────────────────

function agentsByCaseCount(name: string, pick: 'max' | 'min'): ToolDef {
  return pyTool({
    name,
    description:
      `Counts the case records given by OwnerId and returns the list of agent (User) Ids with the ${pick === 'max' ? 'most' : 'fewest'} cases; ` +
      'every tied agent is returned. An empty input gives [].',
    input: z.object({ subset_cases: caseList({ OwnerId: 'User Id of the agent who owns the case.' }, 'Case records, each with at least an OwnerId (e.g. the output of get_cases).') }),
    guarded: true,
    body(a) {
      const cases = arg(a, 'subset_cases');
      if (!isList(cases)) return "Error: Input 'subset_cases' must be a list";
      const counts = new PyDict();
      for (const [index, record] of cases.entries()) {
        if (!isDict(record)) return `Error: Item at index ${index} in subset_cases is not a dictionary`;
        if (!record.has('OwnerId')) return `Error: 'OwnerId' not found in case record at index ${index}`;
        const agent = record.item('OwnerId');
        if (!isStr(agent)) return `Error: 'OwnerId' at index ${index} is not a string`;
        counts.set(agent, numberOf(counts.get(agent, 0)) + 1);
      }
      if (counts.size === 0) return [];
      return extremeKeys(counts, pick === 'max' ? Math.max : Math.min);
    },
  });
}

const calculateAverageHandleTime = pyTool({
  name: 'calculate_average_handle_time',
  description:
    'Averages, per OwnerId, the minutes from CreatedDate to ClosedDate over the given closed cases. Returns {agent Id: average minutes}. ' +
    'Dates must be as Salesforce returns them (e.g. 2023-01-05T09:00:00.000+0000); a case closed before it was created is an error.',
  input: z.object({
    cases: caseList(
      { CreatedDate: 'When the case was opened.', ClosedDate: 'When the case was closed.', OwnerId: 'User Id of the owning agent.' },
      'Closed case records with CreatedDate, ClosedDate and OwnerId (e.g. the output of get_cases).',
    ),
  }),
  guarded: true,
  body(a) {
    const cases = arg(a, 'cases');
    if (!isList(cases)) return "Error: Input 'cases' must be a list";
    const times = new Map<PyKey, number[]>();
    for (const [index, c] of cases.entries()) {
      if (!isDict(c)) return `Error: Item at index ${index} in cases is not a dictionary`;
      for (const key of ['CreatedDate', 'ClosedDate', 'OwnerId']) if (!c.has(key)) return `Error: '${key}' not found in case record at index ${index}`;
      let created, closed;
      try {
        created = strptime(c.item('CreatedDate'), SF_DATETIME);
        closed = strptime(c.item('ClosedDate'), SF_DATETIME);
      } catch (e) {
        if (e instanceof PyException && e.pyType === 'ValueError') return `Error: Invalid date format at index ${index}. Expected format: '%Y-%m-%dT%H:%M:%S.%f%z'`;
        throw e;
      }
      const seconds = secondsBetween(created, closed);
      if (seconds < 0) return `Error: ClosedDate is earlier than CreatedDate at index ${index}`;
      const owner = hashable(c.item('OwnerId'));
      const list = times.get(owner) ?? [];
      list.push(seconds / 60);
      times.set(owner, list);
    }
    return new PyDict([...times].map(([k, xs]) => [k, mean(xs)] as const));
  },
});

const getStartDate = pyTool({
  name: 'get_start_date',
  description:
    "Goes back interval_count units of period ('day', 'week', 'month' or 'quarter' = 3 months) from end_date and returns that instant " +
    "as YYYY-MM-DDTHH:MM:SSZ (calendar months; the day is clamped to the month's length). Use it for 'the past N months' windows ending today.",
  input: z.object({
    end_date: DATE('End of the window'),
    period: z.string().describe("Unit to go back by: 'day', 'week', 'month' or 'quarter'."),
    interval_count: z.int().describe('How many units to go back (0 or more).'),
  }),
  guarded: true,
  body(a) {
    const end = arg(a, 'end_date');
    const period = arg(a, 'period');
    const n = arg(a, 'interval_count');
    if (!isStr(end)) return 'Error: end_date must be a string';
    if (!isStr(period)) return 'Error: period must be a string';
    if (!isPyInt(n)) return 'Error: interval_count must be an integer';
    if (!['day', 'week', 'month', 'quarter'].includes(period)) return "Error: Invalid period. Must be 'day', 'week', 'month', or 'quarter'";
    if (!parses(end, ISO_Z)) return "Error: Invalid end_date format. Expected format: 'YYYY-MM-DDTHH:MM:SSZ'";
    const count = numberOf(n);
    if (count < 0) return 'Error: interval_count must be a non-negative integer';
    return isoZ(minusPeriod(wallFields(end), period, count));
  },
});

const PERIOD_NAMES = [...MONTH_NAMES, 'Q1', 'Q2', 'Q3', 'Q4', 'Spring', 'Summer', 'Fall', 'Winter'];
const SEASON_START: Record<string, number> = { Spring: 3, Summer: 6, Fall: 9, Winter: 12 };

const getPeriod = pyTool({
  name: 'get_period',
  description:
    'Returns {start_date, end_date} (YYYY-MM-DDTHH:MM:SSZ) of a named period of a year: a month name (January…December), a quarter (Q1…Q4) ' +
    'or a season (Spring = Mar–May, Summer = Jun–Aug, Fall = Sep–Nov, Winter = Dec of that year to Feb of the next). ' +
    'end_date is the first instant after the period.',
  input: z.object({
    period_name: z.string().describe("'January' … 'December', 'Q1' … 'Q4', 'Spring', 'Summer', 'Fall' or 'Winter'."),
    year: z.int().describe('The year the period starts in (e.g. 2021).'),
  }),
  guarded: true,
  body(a) {
    const name = arg(a, 'period_name');
    const year = arg(a, 'year');
    if (!isStr(name)) return 'Error: period_name must be a string';
    if (!isPyInt(year)) return 'Error: year must be an integer';
    if (!PERIOD_NAMES.includes(name)) return `Error: Invalid period_name. Must be one of ${PERIOD_NAMES.join(', ')}`;
    const y = numberOf(year);
    if (y < 1 || y > 9999) return 'Error: year must be between 1 and 9999';
    const startMonth = name.includes('Q') ? 3 * Number(name[1]) - 2 : (SEASON_START[name] ?? MONTH_NAMES.indexOf(name as (typeof MONTH_NAMES)[number]) + 1);
    const length = name.includes('Q') || name in SEASON_START ? 3 : 1;
    const total = y * 12 + startMonth - 1 + length;
    const endYear = Math.floor(total / 12);
    if (endYear > 9999) throw new PyException('ValueError', `year ${endYear} is out of range`);
    const start = { y, m: startMonth, d: 1, hh: 0, mi: 0, ss: 0 };
    const end = { y: endYear, m: (total % 12) + 1, d: 1, hh: 0, mi: 0, ss: 0 };
    return new PyDict([
      ['start_date', isoZ(start)],
      ['end_date', isoZ(end)],
    ]);
  },
});

const dateRange = {
  start_date: DATE('Start of the window (inclusive)'),
  end_date: DATE('End of the window (inclusive)'),
};

/** The CaseHistory__c tools' shared argument checks. */
function checkRange(a: Args): string | null {
  const s = arg(a, 'start_date');
  const e = arg(a, 'end_date');
  if (!isStr(s) || !isStr(e)) return 'Error: start_date and end_date must be strings';
  return null;
}

const getAgentHandledCasesByPeriod = pyTool({
  name: 'get_agent_handled_cases_by_period',
  description:
    "Counts 'Owner Assignment' rows of CaseHistory__c per new owner (agent Id) whose CreatedDate is within [start_date, end_date], both ends included. " +
    'Every assignment counts, transfers in as well. Returns {agent Id: count}.',
  input: z.object(dateRange),
  guarded: true,
  async body(a, episode) {
    const bad = checkRange(a);
    if (bad) return bad;
    const [s, e] = [arg(a, 'start_date') as string, arg(a, 'end_date') as string];
    if (!parses(s, ISO_Z) || !parses(e, ISO_Z)) return "Error: Invalid date format. Use 'YYYY-MM-DDTHH:MM:SSZ'";
    const rows = await rowsOrError(
      episode,
      soql('SELECT NewValue__c, CreatedDate', 'FROM CaseHistory__c', `WHERE CreatedDate >= ${s} AND CreatedDate <= ${e} AND Field__c = 'Owner Assignment'`),
    );
    if (typeof rows === 'string') return rows;
    if (rows.length === 0) return new PyDict();
    return countBy(
      rows.map((r) => hashable(r.get('NewValue__c'))),
      'defaultdict',
    );
  },
});

const getQualifiedAgentIdsByCaseCount = pyTool({
  name: 'get_qualified_agent_ids_by_case_count',
  description: 'Keeps the agents whose count in agent_handled_cases is strictly greater than n_cases and returns their Ids (in the input order).',
  input: z.object({
    agent_handled_cases: counts('{agent Id: number of cases}, e.g. the output of get_agent_handled_cases_by_period.'),
    n_cases: z.int().describe('An agent qualifies with more than this many cases.'),
  }),
  guarded: true,
  body(a) {
    const d = arg(a, 'agent_handled_cases');
    const n = arg(a, 'n_cases');
    if (!isDict(d)) return 'Error: agent_handled_cases must be a dictionary';
    if (!isPyInt(n)) return 'Error: n_cases must be an integer';
    return [...d.map.entries()].filter(([, c]) => greater(c, numberOf(n))).map(([k]) => k);
  },
});

/** `count > n` (TypeError for values Python cannot compare with an int). */
function greater(c: PyValue, n: number): boolean {
  if (!isPyNumber(c)) throw new PyException('TypeError', `'>' not supported between instances of '${pyTypeName(c)}' and 'int'`);
  return numberOf(c) > n;
}

const getCases = pyTool({
  name: 'get_cases',
  description:
    'Returns Case records (OwnerId, CreatedDate, ClosedDate, AccountId) matching every filter given: CreatedDate >= start_date, ' +
    'CreatedDate < end_date (end excluded), and OwnerId / Id / OrderItemId__c / IssueId__c / Status in the given lists. ' +
    'At least one filter is required. Columns empty in every returned row are left out; no match gives [].',
  input: z.object({
    start_date: DATE('Earliest CreatedDate (inclusive)').optional(),
    end_date: DATE('CreatedDate upper bound (exclusive)').optional(),
    agent_ids: ids('Owner (User) Ids to keep.').optional(),
    case_ids: ids('Case Ids to keep.').optional(),
    order_item_ids: ids('OrderItem Ids (Case.OrderItemId__c) to keep.').optional(),
    issue_ids: ids('Issue__c Ids (Case.IssueId__c) to keep.').optional(),
    statuses: ids("Case statuses to keep, e.g. ['Closed'].").optional(),
  }),
  guarded: true,
  async body(a, episode) {
    const cond: string[] = [];
    const start = arg(a, 'start_date');
    if (truthy(start)) {
      if (!isStr(start)) return 'Error: start_date must be a string in Salesforce datetime format';
      if (!parses(start, ISO_Z)) return "Error: start_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'";
      cond.push(`CreatedDate >= ${start}`);
    }
    const end = arg(a, 'end_date');
    if (truthy(end)) {
      if (!isStr(end)) return 'Error: end_date must be a string in Salesforce datetime format';
      if (!parses(end, ISO_Z)) return "Error: end_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'";
      cond.push(`CreatedDate < ${end}`);
    }
    for (const [key, field] of [
      ['agent_ids', 'OwnerId'],
      ['case_ids', 'Id'],
      ['order_item_ids', 'OrderItemId__c'],
      ['issue_ids', 'IssueId__c'],
      ['statuses', 'Status'],
    ] as const) {
      const v = arg(a, key);
      if (!truthy(v)) continue;
      if (!isList(v)) return `Error: ${key} must be a list`;
      cond.push(idFilter(field, v));
    }
    if (cond.length === 0) return 'Error: At least one filter criteria must be provided';
    const r = await rowsOrError(episode, `${soql('SELECT OwnerId, CreatedDate, ClosedDate, AccountId', 'FROM Case')} WHERE ${cond.join(' AND ')}`);
    return r;
  },
});

const getNonTransferredCaseIds = pyTool({
  name: 'get_non_transferred_case_ids',
  description:
    "Returns the Ids of cases with exactly one 'Owner Assignment' row in CaseHistory__c within [start_date, end_date] (both ends included), " +
    'i.e. cases not transferred to another agent in that window.',
  input: z.object(dateRange),
  guarded: true,
  async body(a, episode) {
    const bad = checkRange(a);
    if (bad) return bad;
    const [s, e] = [arg(a, 'start_date') as string, arg(a, 'end_date') as string];
    if (!parses(s, ISO_Z) || !parses(e, ISO_Z)) return "Error: start_date and end_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'";
    const rows = await rowsOrError(
      episode,
      soql('SELECT CaseId__c', 'FROM CaseHistory__c', "WHERE Field__c = 'Owner Assignment'", `AND CreatedDate >= ${s} AND CreatedDate <= ${e}`, 'GROUP BY CaseId__c', 'HAVING COUNT(Id) = 1'),
    );
    if (typeof rows === 'string') return rows;
    return rows.map((r) => r.item('CaseId__c'));
  },
});

const getAgentTransferredCasesByPeriod = pyTool({
  name: 'get_agent_transferred_cases_by_period',
  description:
    "Counts transfers per agent: 'Owner Assignment' rows of CaseHistory__c with a previous owner (OldValue__c set) within [start_date, end_date], " +
    'both ends included, counted for the agent the case was transferred away from. With qualified_agent_ids, only those agents are counted. ' +
    'Agents without transfers are absent. Returns {agent Id: transfers}.',
  input: z.object({ ...dateRange, qualified_agent_ids: ids('Only count these agent (User) Ids; empty or absent counts everyone.').optional() }),
  defaults: { qualified_agent_ids: [] },
  guarded: true,
  async body(a, episode) {
    const bad = checkRange(a);
    if (bad) return bad;
    const qualified = arg(a, 'qualified_agent_ids');
    if (!isList(qualified)) return 'Error: qualified_agent_ids must be a list';
    const [s, e] = [arg(a, 'start_date') as string, arg(a, 'end_date') as string];
    if (!parses(s, ISO_Z) || !parses(e, ISO_Z)) return "Error: start_date and end_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'";
    const rows = await rowsOrError(
      episode,
      soql('SELECT OldValue__c, CreatedDate', 'FROM CaseHistory__c', "WHERE Field__c = 'Owner Assignment'", 'AND OldValue__c != NULL', `AND CreatedDate >= ${s} AND CreatedDate <= ${e}`),
    );
    if (typeof rows === 'string') return rows;
    const agents: PyKey[] = [];
    for (const r of rows) {
      if (!r.has('OldValue__c')) continue;
      const agent = hashable(r.item('OldValue__c'));
      if (qualified.length > 0 && !qualified.some((q) => q === agent)) continue;
      agents.push(agent);
    }
    return countBy(agents, 'dict');
  },
});

const getShippingState = pyTool({
  name: 'get_shipping_state',
  description:
    "Adds each case's account ShippingState (two-letter US state) to the given case records and returns them; " +
    'a case whose account is not found gets None.',
  input: z.object({ cases: caseList({ AccountId: 'Account Id of the case.' }, 'Case records with at least AccountId (e.g. the output of get_cases).') }),
  guarded: true,
  async body(a, episode) {
    const cases = arg(a, 'cases');
    if (!isList(cases)) return "Error: Input 'cases' must be a list";
    if (cases.length === 0) return cases;
    for (const c of cases) {
      if (!isDict(c)) return "Error: Each case in 'cases' must be a dictionary";
      if (!c.has('AccountId')) return "Error: Each case dictionary must contain an 'AccountId' key";
    }
    const accountIds = (cases as PyDict[]).map((c) => c.item('AccountId'));
    const rows = await rowsOrError(episode, `${soql('SELECT Id, ShippingState', 'FROM Account')} WHERE ${idFilter('Id', accountIds)}`);
    if (typeof rows === 'string') return rows;
    const states = new PyDict(rows.map((r) => [hashable(r.item('Id')), r.item('ShippingState')] as const));
    for (const c of cases as PyDict[]) c.set('ShippingState', states.get(hashable(c.item('AccountId')), null));
    return cases;
  },
});

const calculateRegionAverageClosureTimes = pyTool({
  name: 'calculate_region_average_closure_times',
  description:
    'Averages, per ShippingState, the seconds from CreatedDate to ClosedDate over the given cases (cases without a state are skipped). ' +
    'Returns {state: average seconds}. Needs a non-empty list, e.g. the output of get_shipping_state on closed cases.',
  input: z.object({
    cases: caseList(
      { ShippingState: 'Two-letter state of the case account.', CreatedDate: 'When the case was opened.', ClosedDate: 'When the case was closed.' },
      'Closed case records with ShippingState, CreatedDate and ClosedDate.',
    ),
  }),
  guarded: true,
  body(a) {
    const cases = arg(a, 'cases');
    if (!isList(cases)) return "Error: Input 'cases' must be a list";
    if (cases.length === 0) return "Error: Input 'cases' is empty";
    const times = new Map<PyKey, number[]>();
    for (const c of cases) {
      if (!isDict(c)) return "Error: Each case in 'cases' must be a dictionary";
      if (!c.has('ShippingState') || !c.has('CreatedDate') || !c.has('ClosedDate')) {
        return "Error: Each case dictionary must contain 'ShippingState', 'CreatedDate', and 'ClosedDate' keys";
      }
      const state = c.item('ShippingState');
      if (!truthy(state)) continue;
      let created, closed;
      try {
        created = strptime(c.item('CreatedDate'), SF_DATETIME);
        closed = strptime(c.item('ClosedDate'), SF_DATETIME);
      } catch (e) {
        if (e instanceof PyException && e.pyType === 'ValueError') return "Error: Invalid date format. Dates should be in the format 'YYYY-MM-DDTHH:MM:SSZ'";
        throw e;
      }
      const key = hashable(state);
      const list = times.get(key) ?? [];
      list.push(secondsBetween(created, closed));
      times.set(key, list);
    }
    return new PyDict([...times].map(([k, xs]) => [k, mean(xs)] as const));
  },
});

const getOrderItemIdsByProduct = pyTool({
  name: 'get_order_item_ids_by_product',
  description: 'Returns the Ids of every OrderItem of the given product (Product2 Id), e.g. to filter get_cases or get_issue_counts by product.',
  input: z.object({ product_id: z.string().describe('Product2 Id (01t…).') }),
  guarded: true,
  async body(a, episode) {
    const p = arg(a, 'product_id');
    if (!isStr(p)) return 'Error: product_id must be a string';
    if (p === '') return 'Error: product_id cannot be empty';
    const rows = await rowsOrError(episode, soql('SELECT Id', 'FROM OrderItem', `WHERE Product2Id = '${p}'`));
    if (typeof rows === 'string') return rows;
    return rows.map((r) => r.item('Id'));
  },
});

const getIssueCounts = pyTool({
  name: 'get_issue_counts',
  description:
    'Counts cases per IssueId__c among the cases of the given order items whose CreatedDate is within [start_date, end_date] (both ends included), ' +
    'most frequent first. Returns {Issue__c Id: count}.',
  input: z.object({ ...dateRange, order_item_ids: ids('OrderItem Ids, e.g. the output of get_order_item_ids_by_product (must not be empty).') }),
  guarded: true,
  async body(a, episode) {
    const s = arg(a, 'start_date');
    const e = arg(a, 'end_date');
    const items = arg(a, 'order_item_ids');
    if (!isStr(s) || !isStr(e)) return 'Error: start_date and end_date must be strings';
    if (!isList(items) || items.length === 0) return 'Error: order_item_ids must be a non-empty list';
    const rows = await rowsOrError(
      episode,
      soql(
        'SELECT IssueId__c, COUNT(Id) IssueCount',
        'FROM Case',
        `WHERE OrderItemId__c IN ('${items.map(fstr).join("','")}')`,
        `AND CreatedDate >= ${s}`,
        `AND CreatedDate <= ${e}`,
        'GROUP BY IssueId__c',
        'ORDER BY COUNT(Id) DESC',
      ),
    );
    if (typeof rows === 'string') return rows;
    return new PyDict(rows.map((r) => [hashable(r.item('IssueId__c')), r.item('IssueCount')] as const));
  },
});

function idWithExtreme(name: string, pick: 'max' | 'min'): ToolDef {
  return pyTool({
    name,
    description:
      `Returns the list of keys of values_by_id whose value is the ${pick === 'max' ? 'largest' : 'smallest'} (all ties, in input order); ` +
      'None when the dictionary is empty.',
    input: z.object({ values_by_id: counts('{Id: number}, e.g. the output of calculate_average_handle_time or get_issue_counts.') }),
    guarded: true,
    body(a) {
      const d = arg(a, 'values_by_id');
      if (!isDict(d)) return 'Error: Input must be a dictionary';
      if (d.size === 0) return null;
      if (![...d.map.values()].every(isPyNumber)) return 'Error: All values in the dictionary must be numeric';
      return extremeKeys(d, pick === 'max' ? Math.max : Math.min);
    },
  });
}

const getAccountIdByContactId = pyTool({
  name: 'get_account_id_by_contact_id',
  description: "Returns the AccountId of the given Contact; [] when the contact is not found.",
  input: z.object({ contact_id: z.string().describe('Contact Id (003…).') }),
  guarded: true,
  async body(a, episode) {
    const c = arg(a, 'contact_id');
    if (!isStr(c)) return 'Error: contact_id must be a string';
    if (c === '') return 'Error: contact_id cannot be empty';
    const rows = await rowsOrError(episode, soql('SELECT AccountId', 'FROM Contact', `WHERE Id = '${c}'`, 'LIMIT 1'));
    if (typeof rows === 'string') return rows;
    return rows.length > 0 ? rows[0]!.item('AccountId') : rows;
  },
});

const getPurchaseHistory = pyTool({
  name: 'get_purchase_history',
  description:
    "Returns the order items ({Product2Id}) an account bought on one day: orders with Status 'Activated' whose EffectiveDate is the date part of purchase_date, " +
    'restricted to related_product_ids (e.g. the output of search_products). [] when nothing matches.',
  input: z.object({
    account_id: z.string().describe('Account Id (001…), e.g. from get_account_id_by_contact_id.'),
    purchase_date: DATE('The purchase day; only its date part is compared'),
    related_product_ids: ids('Candidate Product2 Ids.'),
  }),
  guarded: true,
  async body(a, episode) {
    const acct = arg(a, 'account_id');
    const date = arg(a, 'purchase_date');
    const products = arg(a, 'related_product_ids');
    if (!isStr(acct)) return 'Error: account_id must be a string';
    if (!isStr(date)) return 'Error: purchase_date must be a string';
    if (!isList(products)) return 'Error: related_product_ids must be a list';
    if (!products.every(isStr)) return 'Error: All product IDs in related_product_ids must be strings';
    if (!parses(date, ISO_Z)) return "Error: purchase_date must be in 'YYYY-MM-DDTHH:MM:SSZ' format";
    return rowsOrError(
      episode,
      soql(
        'SELECT Product2Id',
        'FROM OrderItem',
        `WHERE OrderItem.Order.AccountId = '${acct}'`,
        `AND OrderItem.Order.EffectiveDate = ${date.split('T')[0]}`,
        `AND Product2Id IN ('${(products as string[]).join("','")}')`,
        "AND OrderItem.Order.Status = 'Activated'",
      ),
    );
  },
});

const getMonthToCaseCount = pyTool({
  name: 'get_month_to_case_count',
  description:
    "Counts the given cases by the month name of their CreatedDate ('January' … 'December'), merging years. Returns {month: count}.",
  input: z.object({ cases: caseList({ CreatedDate: 'When the case was opened, as Salesforce returns it (…T09:00:00.000+0000).' }, 'Case records with CreatedDate (e.g. the output of get_cases).') }),
  guarded: true,
  body(a) {
    const cases = arg(a, 'cases');
    if (!isList(cases)) return 'Error: Input must be a list of dictionaries';
    const months: PyKey[] = [];
    for (const c of cases) {
      if (!isDict(c)) return 'Error: Each case must be a dictionary';
      if (!c.has('CreatedDate')) return "Error: Each case dictionary must contain a 'CreatedDate' key";
      let month: number;
      try {
        month = strptime(c.item('CreatedDate'), SF_DATETIME).month;
      } catch (e) {
        if (e instanceof PyException && e.pyType === 'ValueError') return "Error: Invalid date format. Expected format: 'YYYY-MM-DDTHH:MM:SSZ'";
        throw e;
      }
      months.push(MONTH_NAMES[month - 1]!);
    }
    return countBy(months, 'dict');
  },
});

const searchKnowledgeArticles = pyTool({
  name: 'search_knowledge_articles',
  description:
    'Full-text search of the published knowledge articles (SOSL over all fields). Returns [{Id, Title, Content}] where Content is the article body (FAQ_Answer__c); [] when nothing matches.',
  input: z.object({ search_term: z.string().describe('Words to search for, e.g. "refund policy". Avoid apostrophes and SOSL reserved characters.') }),
  // CRMArena's schema lists `keywords` (not `search_term`) as required; agents that follow it get an
  // "unexpected keyword argument" error and must retry with search_term. Kept: it changes trajectories.
  patchSchema: (s) => ({ ...s, required: ['keywords'] }),
  guarded: true,
  async body(a, episode) {
    const term = arg(a, 'search_term');
    if (!isStr(term)) return 'Error: search_term must be a string';
    if (term.trim() === '') return 'Error: search_term cannot be empty';
    const rows = await rowsOrError(
      episode,
      `FIND {${term}} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus='Online' AND Language='en_US')`,
    );
    if (typeof rows === 'string') return rows;
    return rows.map(
      (r) =>
        new PyDict([
          ['Id', r.get('Id', '')],
          ['Title', r.get('Title', '')],
          ['Content', r.get('FAQ_Answer__c', '')],
        ]),
    );
  },
});

const searchProducts = pyTool({
  name: 'search_products',
  description: 'Full-text search of products (SOSL over all Product2 fields). Returns the matching Product2 Ids, best match first; [] when nothing matches.',
  input: z.object({ search_term: z.string().describe('Words to search for, e.g. "trail jacket". Avoid apostrophes and SOSL reserved characters.') }),
  guarded: true,
  async body(a, episode) {
    const term = arg(a, 'search_term');
    if (!isStr(term)) return 'Error: search_term must be a string';
    if (term.trim() === '') return 'Error: search_term cannot be empty';
    const rows = await rowsOrError(episode, `FIND {${term}} IN ALL FIELDS RETURNING Product2(Id, Name, Description)`);
    if (typeof rows === 'string') return rows;
    return rows.map((r) => r.item('Id'));
  },
});

const getIssues = pyTool({
  name: 'get_issues',
  description: 'Lists every issue type (Issue__c records as {Id, Name}), e.g. to map a case description to an issue Id.',
  input: z.object({}),
  guarded: true,
  body: (_a, episode) => rowsOrError(episode, soql('SELECT Id, Name', 'FROM Issue__c')),
});

/** `respond` never runs a function: ToolEnv ends the episode with `arguments["content"]` and shows "DONE". */
const respond: ToolDef = {
  name: 'respond',
  description: 'Submits the final answer and ends the task. Give only the answer (e.g. an Id, a month name, or None), nothing else.',
  input: z.object({ content: z.string().describe('The final answer.') }),
  async call(_episode, args) {
    const given = args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : undefined;
    if (!given || !('content' in given)) {
      const text = given ? "Error: 'content'" : `Error: ${pyTypeName(fromJson(args))} indices must be integers or slices, not str`;
      return { value: text, observation: text, isError: true };
    }
    return { value: toJson(fromJson(given.content)), observation: 'DONE', done: true };
  },
};

const getEmailMessagesByCaseId = pyTool({
  name: 'get_email_messages_by_case_id',
  description: 'Returns the email messages of a case (Subject, TextBody, FromAddress, ToAddress, MessageDate); [] when there are none.',
  input: z.object({ case_id: z.string().describe('Case Id (500…).') }),
  guarded: true,
  async body(a, episode) {
    const c = arg(a, 'case_id');
    if (!isStr(c)) return 'Error: case_id must be a string';
    return rowsOrError(episode, soql('SELECT Subject, TextBody, FromAddress, ToAddress, MessageDate', 'FROM EmailMessage', `WHERE ParentId = '${c}'`));
  },
});

const getLivechatTranscriptByCaseId = pyTool({
  name: 'get_livechat_transcript_by_case_id',
  description: 'Returns the live chat transcripts of a case (Body, EndTime); [] when there are none.',
  input: z.object({ case_id: z.string().describe('Case Id (500…).') }),
  guarded: true,
  async body(a, episode) {
    const c = arg(a, 'case_id');
    if (!isStr(c)) return 'Error: case_id must be a string';
    return rowsOrError(episode, soql('SELECT Body, EndTime', 'FROM LiveChatTranscript', `WHERE CaseId = '${c}'`));
  },
});

// ── TOOLS_FULL's raw query tools (no try/except in CRMArena: Python errors surface as "Error: …") ──

function rawQueryTool(name: string, description: string, what: string): ToolDef {
  return pyTool({
    name,
    description,
    input: z.object({ query: z.string().describe(what) }),
    guarded: false,
    async body(a, episode) {
      const q = arg(a, 'query');
      if (!isStr(q)) throw new PyException('AttributeError', `'${pyTypeName(q)}' object has no attribute 'startswith'`);
      return rowsOrError(episode, q);
    },
  });
}

const issueSoqlQuery = rawQueryTool(
  'issue_soql_query',
  'Runs a SOQL query and returns its records (every page; the attributes key removed, columns empty in every row left out). ' +
    'A rejected query returns "ERROR_CODE: message". Text starting with FIND is run as SOSL instead.',
  'A SOQL query, e.g. SELECT Id, Subject FROM Case WHERE Status = \'Closed\' LIMIT 5.',
);
const issueSoslQuery = rawQueryTool(
  'issue_sosl_query',
  'Runs a SOSL search (text must start with FIND) and returns the matching records of every RETURNING object in one list. ' +
    'A rejected search returns "ERROR_CODE: message".',
  'A SOSL query, e.g. FIND {yoga mat} IN ALL FIELDS RETURNING Product2(Id, Name).',
);

/** CRMArena's TOOLS, in its order. */
export const CRMARENA_TOOLS: readonly ToolDef[] = [
  agentsByCaseCount('get_agents_with_max_cases', 'max'),
  agentsByCaseCount('get_agents_with_min_cases', 'min'),
  calculateAverageHandleTime,
  getStartDate,
  getPeriod,
  getAgentHandledCasesByPeriod,
  getQualifiedAgentIdsByCaseCount,
  getCases,
  getNonTransferredCaseIds,
  getAgentTransferredCasesByPeriod,
  getShippingState,
  calculateRegionAverageClosureTimes,
  getOrderItemIdsByProduct,
  getIssueCounts,
  idWithExtreme('find_id_with_max_value', 'max'),
  idWithExtreme('find_id_with_min_value', 'min'),
  getAccountIdByContactId,
  getPurchaseHistory,
  getMonthToCaseCount,
  searchKnowledgeArticles,
  searchProducts,
  getIssues,
  respond,
  getLivechatTranscriptByCaseId,
  getEmailMessagesByCaseId,
];

/** TOOLS_FULL = TOOLS + the raw query tools. */
export const CRMARENA_FULL_TOOLS: readonly ToolDef[] = [...CRMARENA_TOOLS, issueSoqlQuery, issueSoslQuery];
