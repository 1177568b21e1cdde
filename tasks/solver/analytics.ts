// Reference solutions of the analytic families (HTU, TCU, TII, MTA, BRI), issuing the SOQL of
// CRMArena's function tools (the query shapes in tests/server/fixtures/crmarena-queries.ts) and doing the arithmetic locally, as those tools do.
import { keyPrefix } from '../../schema/index.js';
import { MONTHS, soqlDatetime, type Window } from '../time.js';
import { inList, type SolverApi } from './client.js';
import { extremaOf, idWithPrefix, ms, thresholdOf, windowOf, type TaskText } from './parse.js';

const NONE = 'None';

/** find_id_with_max_value / _min_value, returning the single best key or None. */
function best(values: ReadonlyMap<string, number>, dir: 'min' | 'max'): string {
  let out: string[] = [];
  let v = dir === 'min' ? Infinity : -Infinity;
  for (const [k, x] of values) {
    if (x === v) out.push(k);
    else if (dir === 'min' ? x < v : x > v) {
      v = x;
      out = [k];
    }
  }
  return out.length ? out.join(', ') : NONE;
}

const range = (w: Window, endOp: '<' | '<=', field = 'CreatedDate') =>
  `${field} >= ${soqlDatetime(w.start)} AND ${field} ${endOp} ${soqlDatetime(w.end)}`;

/** get_agent_handled_cases_by_period + get_qualified_agent_ids_by_case_count. */
async function qualifiedAgents(api: SolverApi, w: Window, n: number): Promise<string[]> {
  const rows = await api.query(`SELECT NewValue__c, CreatedDate FROM CaseHistory__c WHERE ${range(w, '<=')} AND Field__c = 'Owner Assignment'`);
  const counts = new Map<string, number>();
  for (const r of rows) {
    const a = r.NewValue__c;
    if (typeof a === 'string' && a) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return [...counts].filter(([, c]) => c > n).map(([a]) => a);
}

export async function solveHandleTime(api: SolverApi, t: TaskText): Promise<string> {
  const w = windowOf(t);
  const qualified = await qualifiedAgents(api, w, thresholdOf(t));
  if (qualified.length === 0) return NONE;
  const nt = await api.query(
    `SELECT CaseId__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND ${range(w, '<=')} GROUP BY CaseId__c HAVING COUNT(Id) = 1`,
  );
  const nonTransferred = new Set(nt.map((r) => String(r.CaseId__c)));
  // get_cases(start, end, agent_ids, case_ids, statuses): like CRMArena's tool, the non-transferred
  // Ids go into the query as an IN list (when the URL stays reasonable; else they filter locally).
  const idFilter = nonTransferred.size > 0 && nonTransferred.size <= 400 ? ` AND Id IN ${inList([...nonTransferred])}` : '';
  const cases = await api.query(
    `SELECT Id, OwnerId, CreatedDate, ClosedDate FROM Case WHERE ${range(w, '<')} AND OwnerId IN ${inList(qualified)}${idFilter} AND Status = 'Closed'`,
  );
  const sums = new Map<string, { t: number; n: number }>();
  for (const c of cases) {
    if (!nonTransferred.has(String(c.Id)) || !c.ClosedDate) continue;
    const s = sums.get(String(c.OwnerId)) ?? { t: 0, n: 0 };
    s.t += (ms(c.ClosedDate) - ms(c.CreatedDate)) / 60_000;
    s.n++;
    sums.set(String(c.OwnerId), s);
  }
  return best(new Map([...sums].map(([k, s]) => [k, s.t / s.n])), extremaOf(t));
}

export async function solveTransferCount(api: SolverApi, t: TaskText): Promise<string> {
  const w = windowOf(t);
  const qualified = new Set(await qualifiedAgents(api, w, thresholdOf(t)));
  if (qualified.size === 0) return NONE;
  const rows = await api.query(
    `SELECT OldValue__c, CreatedDate FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND OldValue__c != NULL AND ${range(w, '<=')}`,
  );
  const counts = new Map<string, number>();
  for (const r of rows) {
    const a = r.OldValue__c;
    if (typeof a === 'string' && a && qualified.has(a)) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return best(counts, extremaOf(t));
}

async function orderItemIds(api: SolverApi, productId: string): Promise<string[]> {
  return (await api.query(`SELECT Id FROM OrderItem WHERE Product2Id = '${productId}'`)).map((r) => String(r.Id));
}

export async function solveTopIssue(api: SolverApi, t: TaskText): Promise<string> {
  const w = windowOf(t);
  const items = await orderItemIds(api, idWithPrefix(t, keyPrefix('Product2')));
  if (items.length === 0) return NONE;
  const rows = await api.query(
    `SELECT IssueId__c, COUNT(Id) IssueCount FROM Case WHERE OrderItemId__c IN ${inList(items)} AND ${range(w, '<=')} GROUP BY IssueId__c ORDER BY COUNT(Id) DESC`,
  );
  return best(new Map(rows.filter((r) => r.IssueId__c).map((r) => [String(r.IssueId__c), Number(r.IssueCount)])), 'max');
}

export async function solveMonthlyTrend(api: SolverApi, t: TaskText): Promise<string> {
  const w = windowOf(t);
  const items = await orderItemIds(api, idWithPrefix(t, keyPrefix('Product2')));
  if (items.length === 0) return NONE;
  const cases = await api.query(`SELECT CreatedDate FROM Case WHERE ${range(w, '<')} AND OrderItemId__c IN ${inList(items)}`);
  const counts = new Map<string, number>();
  for (const c of cases) {
    const m = MONTHS[new Date(ms(c.CreatedDate)).getUTCMonth()]!;
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return best(counts, 'max');
}

export async function solveBestRegion(api: SolverApi, t: TaskText): Promise<string> {
  const w = windowOf(t);
  const cases = await api.query(`SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM Case WHERE ${range(w, '<')} AND Status IN ('Closed')`);
  if (cases.length === 0) return NONE;
  const accountIds = [...new Set(cases.map((c) => String(c.AccountId)))];
  const states = new Map<string, string>();
  for (let i = 0; i < accountIds.length; i += 200) {
    for (const a of await api.query(`SELECT Id, ShippingState FROM Account WHERE Id IN ${inList(accountIds.slice(i, i + 200))}`)) {
      if (a.ShippingState) states.set(String(a.Id), String(a.ShippingState));
    }
  }
  const sums = new Map<string, { t: number; n: number }>();
  for (const c of cases) {
    const st = states.get(String(c.AccountId));
    if (!st || !c.ClosedDate) continue;
    const s = sums.get(st) ?? { t: 0, n: 0 };
    s.t += (ms(c.ClosedDate) - ms(c.CreatedDate)) / 1000;
    s.n++;
    sums.set(st, s);
  }
  return best(new Map([...sums].map(([k, s]) => [k, s.t / s.n])), 'min');
}
